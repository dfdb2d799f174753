/**
 * Which CPU (GGUF) models are complete in this browser's cache, read straight from the origin
 * private file system on the main thread, so the start-up default can follow it without creating
 * the model worker or fetching llama.cpp.
 *
 * It reads wllama 3's layout: `cache/<sha1(url)>_<file>` with a `__metadata__<same>` JSON file
 * holding `originalURL` and `originalSize`. The worker's `listCached` (wllama's own cache
 * manager) stays the authority; this only decides a default, and any surprise means "none".
 */

interface MetadataLike {
	originalURL?: unknown;
	originalSize?: unknown;
}

const PREFIX = '__metadata__';

/** URLs of the cached GGUF models whose files are complete; `[]` where OPFS is missing. */
export async function cachedCpuModelUrls(
	storage: StorageManager | undefined = globalThis.navigator?.storage
): Promise<string[]> {
	try {
		if (!storage?.getDirectory) return [];
		const root = await storage.getDirectory();
		let dir: FileSystemDirectoryHandle;
		try {
			dir = await root.getDirectoryHandle('cache');
		} catch {
			return [];
		}
		const urls: string[] = [];
		for await (const [name, handle] of entriesOf(dir)) {
			if (handle.kind !== 'file' || !name.startsWith(PREFIX)) continue;
			const meta = JSON.parse(
				await (await (handle as FileSystemFileHandle).getFile()).text()
			) as MetadataLike;
			if (typeof meta.originalURL !== 'string' || typeof meta.originalSize !== 'number') continue;
			const data = await dir.getFileHandle(name.slice(PREFIX.length)).catch(() => undefined);
			const size = data ? (await data.getFile()).size : -1;
			if (size === meta.originalSize && /\.gguf(\?|$)/i.test(meta.originalURL)) {
				urls.push(meta.originalURL);
			}
		}
		return urls.sort();
	} catch {
		return [];
	}
}

/** `entries()` is in every browser with OPFS but not yet in TypeScript's DOM library. */
function entriesOf(dir: FileSystemDirectoryHandle): AsyncIterable<[string, FileSystemHandle]> {
	return (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries();
}
