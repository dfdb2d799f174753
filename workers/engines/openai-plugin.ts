/** The endpoint engine's config type and plugin (see `engine.ts` for what a plugin is). */
import type { EnginePlugin } from './engine.ts';

/** An OpenAI-compatible Chat Completions endpoint (Ollama, LM Studio, a hosted API). */
export interface OpenAiEngineConfig {
	kind: 'openai';
	/** e.g. `http://localhost:11434/v1`; a missing `/v1` is added. */
	baseUrl: string;
	model: string;
	/** Sent as a Bearer token; kept in memory only. */
	apiKey?: string;
	/** Tokens; default 4096. */
	contextWindow?: number;
	/** Per-request limit in milliseconds; default 120 000. */
	timeoutMs?: number;
	/** Send `response_format: json_schema` when a request has a schema; default true. */
	jsonSchema?: boolean;
}

export const openaiPlugin: EnginePlugin<OpenAiEngineConfig> = {
	kind: 'openai',
	modelsOf: (config) => [config.model],
	keyOf: (config) => JSON.stringify(config),
	startText: (config) => `Connecting to ${config.baseUrl}...`,
	create: async (config) => (await import('./openai-engine.ts')).createOpenAiEngine(config)
};
