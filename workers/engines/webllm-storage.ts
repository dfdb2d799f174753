/**
 * Browser storage checks for model downloads, shared by the WebLLM engine (which refuses a
 * download that certainly cannot fit) and the UI (which warns earlier and offers persistent
 * storage). Pure over a structural `StorageManager`, so it runs on either side and in tests.
 *
 * WebLLM does not say how large a download is. `vram_required_MB` is an upper bound on it (the
 * weights plus KV cache and activations); q4 weights alone are roughly a third to two thirds of
 * it. So the UI warns against the upper bound and the engine refuses only below the lower one.
 */
import type { ModelRecordData } from './webllm-catalogue.ts';

/** The part of `navigator.storage` used here. */
export interface StorageLike {
	estimate?(): Promise<{ quota?: number; usage?: number }>;
	persisted?(): Promise<boolean>;
	persist?(): Promise<boolean>;
}

export interface StorageCheck {
	/** `fits`: room for the upper bound; `tight`: room for the lower bound only; `full`: neither. */
	verdict: 'fits' | 'tight' | 'full' | 'unknown';
	freeBytes?: number;
	/** Upper and lower estimates of the download. */
	neededBytes: { low: number; high: number };
	/** A sentence for the UI, absent when the model fits. */
	message?: string;
}

const MB = 2 ** 20;

/** Estimated download size of a model, from its VRAM figure (see module comment). */
export function estimateDownloadBytes(record: Pick<ModelRecordData, 'vram_required_MB'>): {
	low: number;
	high: number;
} {
	const vram = (record.vram_required_MB ?? 1024) * MB;
	return { low: Math.round(vram * 0.3), high: Math.round(vram) };
}

/**
 * Compare free browser storage with what a model download needs.
 *
 * @example
 * await checkStorage(navigator.storage, { vram_required_MB: 945 }) // { verdict: 'fits', ... }
 */
export async function checkStorage(
	storage: StorageLike | undefined,
	record: Pick<ModelRecordData, 'vram_required_MB'>
): Promise<StorageCheck> {
	const neededBytes = estimateDownloadBytes(record);
	let estimate: { quota?: number; usage?: number } | undefined;
	try {
		estimate = await storage?.estimate?.();
	} catch {
		estimate = undefined;
	}
	if (estimate?.quota === undefined) return { verdict: 'unknown', neededBytes };
	const freeBytes = Math.max(0, estimate.quota - (estimate.usage ?? 0));
	if (freeBytes >= neededBytes.high) return { verdict: 'fits', freeBytes, neededBytes };
	const free = formatBytes(freeBytes);
	if (freeBytes >= neededBytes.low) {
		return {
			verdict: 'tight',
			freeBytes,
			neededBytes,
			message:
				`This browser allows ${free} more storage and the download may need up to ` +
				`${formatBytes(neededBytes.high)}; allow persistent storage or free space first.`
		};
	}
	return {
		verdict: 'full',
		freeBytes,
		neededBytes,
		message:
			`This browser allows only ${free} more storage but the download needs at least ` +
			`${formatBytes(neededBytes.low)}. Delete cached models or allow persistent storage.`
	};
}

/**
 * Ask the browser to keep our storage (model caches survive eviction). Resolves to whether
 * storage is persistent afterwards; `false` where the API is missing or the browser declines.
 */
export async function requestPersistentStorage(storage: StorageLike | undefined): Promise<boolean> {
	try {
		if (await storage?.persisted?.()) return true;
		return (await storage?.persist?.()) ?? false;
	} catch {
		return false;
	}
}

/** "1.2 GB", "340 MB". */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
	return `${Math.round(bytes / MB)} MB`;
}
