/**
 * The recorder writes each record the loop hands out once, at its position in the run's record
 * log, in the transaction of the snapshot it came with; a snapshot seen again (a resumed stage)
 * writes no record twice. The item results that go with the records are stored with them, once,
 * and read back they are every result the run computed.
 */
import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../../src/lib/persistence/run-recorder.ts';
import { createRun, getRun, listSteps } from '../../../src/lib/persistence/runs.ts';
import { createWorkspace } from '../../../src/lib/persistence/workspaces.ts';
import { knownItemsFrom, runOptimization, type RunSnapshot } from '../../../src/core/loop/index.ts';
import { hasher, pack, scripted } from '../core/loop/helpers.ts';
import { freshDb } from './support/fresh-db.ts';

const held = { acquired: true, guaranteed: true, release: () => undefined };

describe('RunRecorder', () => {
	it('stores every record once, in order, with the snapshot it came with', async () => {
		const { db, deps } = await freshDb();
		const ws = await createWorkspace(db, 'Main', deps);
		const run = await createRun(db, { workspaceId: ws.id, config: {} }, deps);
		const recorder = new RunRecorder(db, null);
		await recorder.resume(run.id, held, 0);
		const seen: RunSnapshot[] = [];
		const engine = scripted('default');
		const result = await runOptimization(
			{ pack: await pack('coin-flip', 1), seed: 1, epochs: 2 },
			{ executor: engine, optimiser: engine, hasher },
			{
				onSnapshot: async (s) => {
					seen.push(s);
					await recorder.snapshot(s);
				}
			}
		);
		const stored = await listSteps(db, run.id);
		expect(stored.map((s) => s.index)).toEqual(result.records.map((_, i) => i + 1));
		expect(stored.map((s) => s.record)).toEqual(result.records);
		const after = await getRun(db, run.id);
		expect(after?.lastStepIndex).toBe(result.records.length);
		expect(after?.snapshot).toEqual(result.snapshot);
		// The same stage's snapshot again (a resumed stage) adds nothing.
		const withRecords = seen.filter((s) => s.newRecords.length > 0).at(-1);
		if (withRecords === undefined) throw new Error('no snapshot with records');
		await recorder.snapshot(withRecords);
		expect(await listSteps(db, run.id)).toHaveLength(result.records.length);
		// The item log: each result once, in the row of the last record its stage finished.
		const batches = stored.flatMap((row) => (row.rollouts === undefined ? [] : [row.rollouts]));
		const expected = seen
			.filter((s) => s.newRecords.length > 0)
			.map((s) => Object.keys(s.newItems ?? {}).length)
			.filter((n) => n > 0);
		expect(batches.map((b) => Object.keys(b as object).length)).toEqual(expected);
		const known = knownItemsFrom(batches);
		const paid = result.snapshot.counters.rollouts;
		const pending = Object.keys(result.snapshot.newItems ?? {}).length;
		expect(Object.keys(known).length + pending).toBe(paid.train + paid.val + paid.test + paid.slow);
	});
});
