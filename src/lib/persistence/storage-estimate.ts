/**
 * Plain data for the storage panel: how much the origin uses and may use
 * (`navigator.storage.estimate()`), whether storage is persistent, how many records each store
 * holds and roughly how big each run is (so the user can pick old runs to delete). Cached model
 * sizes come from the engine, not from here.
 */
import { ALL_STORES, INDEXES, STORES, type SkillOptDb, type StoreName } from './db.ts';
import { stepRange } from './keys.ts';
import type { RunStatus } from './records.ts';

/** The part of `StorageManager` used here; each method may be missing in old browsers. */
export interface StorageManagerLike {
	estimate?(): Promise<{ usage?: number; quota?: number }>;
	persisted?(): Promise<boolean>;
	persist?(): Promise<boolean>;
}

export interface StorageReport {
	/** Bytes used by this origin (IndexedDB, Cache API with model weights, ...), when known. */
	usage: number | null;
	/** Bytes this origin may use, when known. */
	quota: number | null;
	/** Whether the browser promised not to evict this origin's data, when known. */
	persisted: boolean | null;
	/** Whether `persist()` can be asked for. */
	canPersist: boolean;
	/** Records per store. */
	counts: Record<StoreName, number>;
}

function browserStorage(): StorageManagerLike | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/** Gathers the report; browser calls that fail report null rather than failing the panel. */
export async function getStorageReport(
	db: SkillOptDb,
	storage: StorageManagerLike | undefined = browserStorage()
): Promise<StorageReport> {
	const estimate = await storage?.estimate?.().catch(() => undefined);
	const persisted = await storage?.persisted?.().catch(() => undefined);
	return {
		usage: estimate?.usage ?? null,
		quota: estimate?.quota ?? null,
		persisted: persisted ?? null,
		canPersist: typeof storage?.persist === 'function',
		counts: await countRecords(db)
	};
}

/**
 * Asks the browser to keep this origin's data (it may ask the user, or decide silently).
 * Returns whether storage is now persistent, or null where the API is missing.
 */
export async function requestPersistentStorage(
	storage: StorageManagerLike | undefined = browserStorage()
): Promise<boolean | null> {
	if (storage?.persist === undefined) return null;
	return storage.persist();
}

export async function countRecords(db: SkillOptDb): Promise<Record<StoreName, number>> {
	const t = db.transaction(ALL_STORES, 'readonly');
	const entries = await Promise.all(
		ALL_STORES.map(async (name) => [name, await t.objectStore(name).count()] as const)
	);
	return Object.fromEntries(entries) as Record<StoreName, number>;
}

export interface RunSize {
	runId: string;
	title?: string;
	status: RunStatus;
	createdAt: number;
	steps: number;
	/** Length of the run and its steps as JSON: a rough, comparable size, not exact bytes. */
	approxBytes: number;
}

/** Every run of a workspace with its rough size, largest first. Reads all steps: on demand only. */
export async function runSizes(db: SkillOptDb, workspaceId: string): Promise<RunSize[]> {
	const t = db.transaction([STORES.runs, STORES.runSteps], 'readonly');
	const runs = await t.objectStore(STORES.runs).index(INDEXES.byWorkspace).getAll(workspaceId);
	const sizes: RunSize[] = [];
	for (const run of runs) {
		const steps = await t.objectStore(STORES.runSteps).getAll(stepRange(run.id));
		const size: RunSize = {
			runId: run.id,
			status: run.status,
			createdAt: run.createdAt,
			steps: steps.length,
			approxBytes: jsonLength(run) + steps.reduce((sum, s) => sum + jsonLength(s), 0)
		};
		if (run.title !== undefined) size.title = run.title;
		sizes.push(size);
	}
	return sizes.sort((a, b) => b.approxBytes - a.approxBytes);
}

function jsonLength(value: unknown): number {
	return JSON.stringify(value)?.length ?? 0;
}

/** "1.2 GB", "340 kB", "12 B": decimal units, as browsers' storage settings show them. */
export function formatBytes(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : 1;
	return `${value.toFixed(digits)} ${units[unit] ?? 'B'}`;
}
