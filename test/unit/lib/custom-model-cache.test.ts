/**
 * Custom models' weights must be visible to cache management: WebLLM's cache helpers only know
 * the records they are given, so the model state passes every custom record it has loaded, and
 * the worker API hands them to the adapter for listing and deletion.
 */
import { describe, expect, it, vi } from 'vitest';
import { ModelState } from '../../../src/lib/state/model-state.svelte.ts';
import { createLlmApi } from '../../../workers/llm-api.ts';
import { createWebLlmEngine, type WebLlmBindings } from '../../../workers/engines/webllm-engine.ts';
import type { AppConfigData, ModelRecordData } from '../../../workers/engines/webllm-catalogue.ts';

const custom: ModelRecordData = {
	model: 'https://example.org/my-model/',
	model_id: 'my-model-q4f32_1-MLC',
	model_lib: 'https://example.org/lib/v0_2_86/my-model.wasm',
	overrides: { context_window_size: 2048 },
	vram_required_MB: 700
};

function bindings(cached: Set<string>, deleted: [string, AppConfigData][]): WebLlmBindings {
	return {
		prebuiltRecords: [],
		createEngine: () => {
			throw new Error('cache operations must not create an engine');
		},
		hasModelInCache: vi.fn(async (id: string, config: AppConfigData) => {
			// Like WebLLM: an id missing from the appConfig cannot be looked up at all.
			if (!config.model_list.some((r) => r.model_id === id)) throw new Error(`no record ${id}`);
			return cached.has(id);
		}),
		deleteModelAllInfoInCache: async (id, config) => {
			if (!config.model_list.some((r) => r.model_id === id)) throw new Error(`no record ${id}`);
			deleted.push([id, config]);
			cached.delete(id);
		},
		gpu: {},
		storage: undefined,
		fetch: async () => new Response('{}')
	};
}

describe('custom models in cache management', () => {
	it('the model state remembers loaded custom records and passes them to cache calls', () => {
		const state = new ModelState();
		expect(state.cacheConfig()).toEqual({ kind: 'webllm', models: [] });
		state.applySettings({ customModels: [custom, { model_id: 3 } as unknown as ModelRecordData] });
		expect(state.customModels).toEqual([custom]);
		expect(state.cacheConfig()).toEqual({ kind: 'webllm', models: [], customRecords: [custom] });
		expect(state.settingsData().customModels).toEqual([custom]);
	});

	it('lists a cached custom model and deletes it through the worker API', async () => {
		const cached = new Set([custom.model_id]);
		const deleted: [string, AppConfigData][] = [];
		const b = bindings(cached, deleted);
		const api = createLlmApi({ webllm: async (c) => createWebLlmEngine(c, b) });
		const state = new ModelState();
		state.applySettings({ customModels: [custom] });
		const config = state.cacheConfig();

		expect(await api.listCached(config)).toEqual([{ modelId: custom.model_id }]);
		// Without the record the same weights are invisible: what the bug looked like.
		expect(await api.listCached({ kind: 'webllm', models: [] })).toEqual([]);

		await api.deleteCached(custom.model_id, config);
		expect(deleted.map(([id]) => id)).toEqual([custom.model_id]);
		expect(deleted[0]?.[1].model_list).toContainEqual(custom);
		expect(await api.listCached(config)).toEqual([]);
	});
});
