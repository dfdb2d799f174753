import { describe, expect, it } from 'vitest';
import {
	formatBytes,
	getStorageReport,
	requestPersistentStorage,
	runSizes
} from '../../../src/lib/persistence/storage-estimate.ts';
import { deleteRun } from '../../../src/lib/persistence/runs.ts';
import { freshDb } from './support/fresh-db.ts';
import { writeSampleWorkspace } from './support/sample-workspace.ts';

describe('storage report', () => {
	it('reports usage, quota, persistence and per-store counts as plain data', async () => {
		const { db, deps } = await freshDb();
		await writeSampleWorkspace(db, deps);
		let persisted = false;
		const storage = {
			estimate: async () => ({ usage: 1234, quota: 10_000 }),
			persisted: async () => persisted,
			persist: async () => (persisted = true)
		};
		const report = await getStorageReport(db, storage);
		expect(report).toEqual({
			usage: 1234,
			quota: 10_000,
			persisted: false,
			canPersist: true,
			counts: {
				workspaces: 1,
				skills: 2,
				skillVersions: 3,
				packs: 2,
				runs: 2,
				runSteps: 3,
				settings: 1,
				evaluations: 1
			}
		});
		expect(await requestPersistentStorage(storage)).toBe(true);
		expect((await getStorageReport(db, storage)).persisted).toBe(true);
	});

	it('reports unknowns as null where the browser has no storage API or it fails', async () => {
		const { db } = await freshDb();
		const failing = { estimate: () => Promise.reject(new Error('nope')) };
		const report = await getStorageReport(db, failing);
		expect(report).toMatchObject({ usage: null, quota: null, persisted: null, canPersist: false });
		expect((await getStorageReport(db, undefined)).counts.runs).toBe(0);
		expect(await requestPersistentStorage(undefined)).toBeNull();
	});

	it('lists runs by rough size, largest first, and shrinks after a delete', async () => {
		const { db, deps } = await freshDb();
		const ids = await writeSampleWorkspace(db, deps);
		const sizes = await runSizes(db, ids.workspaceId);
		expect(sizes.map((s) => [s.runId, s.steps])).toEqual([
			[ids.finishedRunId, 2],
			[ids.runningRunId, 1]
		]);
		expect(sizes[0]?.approxBytes).toBeGreaterThan(sizes[1]?.approxBytes ?? Infinity);
		await deleteRun(db, ids.finishedRunId);
		expect((await runSizes(db, ids.workspaceId)).map((s) => s.runId)).toEqual([ids.runningRunId]);
	});

	it('formats byte counts in decimal units', () => {
		expect([formatBytes(12), formatBytes(340_000), formatBytes(1_234_000_000)]).toEqual([
			'12 B',
			'340 kB',
			'1.2 GB'
		]);
	});
});
