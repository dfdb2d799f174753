/**
 * The engines the model worker can load, one plugin per kind. Adding an engine means a config
 * type and a plugin next to it, and one line here; `llm-api.ts` only dispatches on `kind`.
 */
import type { EnginePlugin, ModelEngine } from './engine.ts';
import { openaiPlugin, type OpenAiEngineConfig } from './openai-plugin.ts';
import { scriptedPlugin, type ScriptedEngineConfig } from './scripted/scripted-plugin.ts';
import { webllmPlugin, type WebLlmEngineConfig } from './webllm-plugin.ts';
import { wllamaPlugin, type WllamaEngineConfig } from './wllama-plugin.ts';

export type { OpenAiEngineConfig, ScriptedEngineConfig, WebLlmEngineConfig, WllamaEngineConfig };

/** What `load` accepts: the `kind` picks the engine. */
export type EngineConfig =
	WebLlmEngineConfig | ScriptedEngineConfig | OpenAiEngineConfig | WllamaEngineConfig;
export type EngineKind = EngineConfig['kind'];

type PluginTable = { [K in EngineKind]: EnginePlugin<Extract<EngineConfig, { kind: K }>> };

export const ENGINE_PLUGINS: PluginTable = {
	webllm: webllmPlugin,
	scripted: scriptedPlugin,
	openai: openaiPlugin,
	wllama: wllamaPlugin
};

/** The plugin for a config's kind. */
export function pluginFor<C extends EngineConfig>(config: C): EnginePlugin<C> {
	// The table is keyed by kind, so the entry for `config.kind` takes exactly this config type;
	// TypeScript cannot follow that through an indexed union access.
	return ENGINE_PLUGINS[config.kind] as unknown as EnginePlugin<C>;
}

/** Creates an engine of one kind; tests replace these with fakes. */
export type EngineFactories = {
	[K in EngineKind]: (config: Extract<EngineConfig, { kind: K }>) => Promise<ModelEngine>;
};

/** The real engines, each behind its plugin's dynamic `import()`. */
export const defaultFactories: EngineFactories = {
	webllm: (config) => webllmPlugin.create(config),
	scripted: (config) => scriptedPlugin.create(config),
	openai: (config) => openaiPlugin.create(config),
	wllama: (config) => wllamaPlugin.create(config)
};
