import { describe, expect, it } from 'vitest';
import {
	cachedWebllmModels,
	prebuiltModelUrl,
	weightsBaseUrl,
	type CacheStorageLike
} from '../../../../src/lib/offline/webllm-cache-peek.ts';

function fakeCaches(entries: Record<string, unknown>, name = 'webllm/model'): CacheStorageLike {
	return {
		has: async (n) => n === name,
		open: async () => ({
			keys: async () => Object.keys(entries).map((url) => ({ url })),
			match: async (url) => (url in entries ? { json: async () => entries[url] } : undefined)
		})
	};
}

const ID = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const BASE = `${prebuiltModelUrl(ID)}/resolve/main/`;

describe('reading WebLLM’s cache without WebLLM', () => {
	it('builds the URLs WebLLM reads from', () => {
		expect(weightsBaseUrl(prebuiltModelUrl(ID))).toBe(BASE);
		expect(weightsBaseUrl('http://192.168.1.20:8080/models/x/resolve/v2/')).toBe(
			'http://192.168.1.20:8080/models/x/resolve/v2/'
		);
		expect(weightsBaseUrl('http://192.168.1.20:8080/models/x')).toBe(
			'http://192.168.1.20:8080/models/x/resolve/main/'
		);
	});

	it('finds a model whose index and every shard are cached', async () => {
		const caches = fakeCaches({
			[`${BASE}tensor-cache.json`]: {
				records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }]
			},
			[`${BASE}params_shard_0.bin`]: null,
			[`${BASE}params_shard_1.bin`]: null
		});
		expect(await cachedWebllmModels([{ id: ID, url: prebuiltModelUrl(ID) }], caches)).toEqual([ID]);
	});

	it('does not count a model with a shard missing (an interrupted download)', async () => {
		const caches = fakeCaches({
			[`${BASE}tensor-cache.json`]: {
				records: [{ dataPath: 'params_shard_0.bin' }, { dataPath: 'params_shard_1.bin' }]
			},
			[`${BASE}params_shard_0.bin`]: null
		});
		expect(await cachedWebllmModels([{ id: ID, url: prebuiltModelUrl(ID) }], caches)).toEqual([]);
	});

	it('answers "none" with no cache, no index, a malformed index or a failing cache', async () => {
		const models = [{ id: ID, url: prebuiltModelUrl(ID) }];
		expect(await cachedWebllmModels(models, fakeCaches({}, 'other'))).toEqual([]);
		expect(await cachedWebllmModels(models, fakeCaches({}))).toEqual([]);
		expect(
			await cachedWebllmModels(models, fakeCaches({ [`${BASE}tensor-cache.json`]: { x: 1 } }))
		).toEqual([]);
		const failing: CacheStorageLike = {
			has: async () => true,
			open: async () => {
				throw new Error('SecurityError');
			}
		};
		expect(await cachedWebllmModels(models, failing)).toEqual([]);
		expect(await cachedWebllmModels(models, undefined)).toEqual([]);
	});
});
