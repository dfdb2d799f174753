/**
 * Which WebLLM models are complete in this browser's Cache API, read on the main thread without
 * creating the model worker or fetching WebLLM's ~6 MB: the classroom check must answer fast and
 * offline. It mirrors WebLLM 0.2.86's own `hasModelInCache`: the model's `tensor-cache.json` is
 * in the `webllm/model` cache and so is every weight shard it lists. The worker's `listCached`
 * stays the authority (the storage dialog uses it); any surprise here means "not cached".
 */

/** The part of `CacheStorage` read here. */
export interface CacheStorageLike {
	has(name: string): Promise<boolean>;
	open(name: string): Promise<{
		keys(): Promise<readonly { url: string }[]>;
		match(url: string): Promise<{ json(): Promise<unknown> } | undefined>;
	}>;
}

/** NOTE: WebLLM's cache name (its `ArtifactCache` scope); re-check on a WebLLM upgrade. */
const MODEL_CACHE = 'webllm/model';

/** Where WebLLM reads a prebuilt model from (its prebuilt list: `mlc-ai/<model_id>`). */
export function prebuiltModelUrl(modelId: string): string {
	return `https://huggingface.co/mlc-ai/${modelId}`;
}

/** WebLLM's `cleanModelUrl`: `…/resolve/main/` unless the URL names a revision already. */
export function weightsBaseUrl(modelUrl: string): string {
	let url = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
	if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
	return new URL(url).href;
}

/**
 * The ids (of `models`) whose weights are complete in the cache.
 *
 * @param models model id and weights URL of each model to look for
 */
export async function cachedWebllmModels(
	models: readonly { id: string; url: string }[],
	storage: CacheStorageLike | undefined = globalThis.caches
): Promise<string[]> {
	try {
		if (!storage || !(await storage.has(MODEL_CACHE))) return [];
		const cache = await storage.open(MODEL_CACHE);
		const keys = new Set((await cache.keys()).map((request) => request.url));
		const found: string[] = [];
		for (const model of models) {
			const base = weightsBaseUrl(model.url);
			const indexUrl = new URL('tensor-cache.json', base).href;
			if (!keys.has(indexUrl)) continue;
			const index = await (await cache.match(indexUrl))?.json();
			const shards = shardPaths(index);
			if (shards.length > 0 && shards.every((path) => keys.has(new URL(path, base).href))) {
				found.push(model.id);
			}
		}
		return found;
	} catch {
		return [];
	}
}

function shardPaths(index: unknown): string[] {
	if (typeof index !== 'object' || index === null || !('records' in index)) return [];
	const records = index.records;
	if (!Array.isArray(records)) return [];
	return records
		.map((r: unknown) =>
			typeof r === 'object' && r !== null && 'dataPath' in r && typeof r.dataPath === 'string'
				? r.dataPath
				: ''
		)
		.filter((p) => p !== '');
}
