/**
 * WebLLM's config type and plugin: what the worker API knows about the WebLLM engine without
 * fetching WebLLM's ~7 MB (the engine module is reached only through `create`'s `import()`).
 */
import type { EnginePlugin } from './engine.ts';
import type { AppConfigData, ModelRecordData } from './webllm-catalogue.ts';

/** Load models from WebLLM's prebuilt list (or custom records) onto WebGPU. */
export interface WebLlmEngineConfig {
	kind: 'webllm';
	/** Model ids to load together: executor and optimiser may be one model or two. */
	models: string[];
	/** Records of custom models (see `validateCustomModel`); catalogue ids need none. */
	customRecords?: ModelRecordData[];
	/** Where WebLLM caches weights; WebLLM's default is the Cache API. */
	cacheBackend?: AppConfigData['cacheBackend'];
}

export const webllmPlugin: EnginePlugin<WebLlmEngineConfig> = {
	kind: 'webllm',
	modelsOf: (config) => [...config.models],
	// One WebLLM engine loads any list of models: only the records and the cache set it apart.
	keyOf: (config) =>
		JSON.stringify(['webllm', config.customRecords ?? [], config.cacheBackend ?? null]),
	startText: () => 'Starting the WebLLM runtime...',
	create: async (config) => (await import('./webllm-engine.ts')).createWebLlmEngine(config)
};
