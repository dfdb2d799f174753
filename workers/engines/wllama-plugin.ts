/**
 * The CPU engine's config type and plugin: llama.cpp compiled to WebAssembly (`@wllama/wllama`),
 * running GGUF models on the CPU where WebGPU is missing. The engine module (and llama.cpp's
 * ~10 MB wasm) is reached only through `create`'s `import()`.
 */
import type { EnginePlugin } from './engine.ts';

export interface WllamaEngineConfig {
	kind: 'wllama';
	/** The GGUF file's URL (a catalogue entry or the user's own); it is also the model id. */
	modelUrl: string;
	/** Context size to allocate, in tokens; default the smaller of 4096 and the model's own. */
	contextWindow?: number;
	/** Threads to ask for; default half the cores when the page is cross-origin isolated, else 1. */
	threads?: number;
}

export const wllamaPlugin: EnginePlugin<WllamaEngineConfig> = {
	kind: 'wllama',
	modelsOf: (config) => (config.modelUrl === '' ? [] : [config.modelUrl]),
	keyOf: (config) => JSON.stringify(config),
	startText: () => 'Starting llama.cpp (WebAssembly, CPU)...',
	create: async (config) => (await import('./wllama-engine.ts')).createWllamaEngine(config)
};
