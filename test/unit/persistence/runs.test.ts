import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	appendStep,
	countSteps,
	createRun,
	deleteRun,
	findResumable,
	findUnfinished,
	getLatestSnapshot,
	getRun,
	getStep,
	listRuns,
	listSteps,
	listStepsAfter,
	saveSnapshot,
	setRunStatus
} from '../../../src/lib/persistence/runs.ts';
import { createWorkspace } from '../../../src/lib/persistence/workspaces.ts';
import { freshDb } from './support/fresh-db.ts';
import { abortAfterNextPut, failNextPut } from './support/faults.ts';

afterEach(() => {
	vi.restoreAllMocks();
});

async function setup() {
	const env = await freshDb();
	const ws = await createWorkspace(env.db, 'Main', env.deps);
	const run = await createRun(
		env.db,
		{ workspaceId: ws.id, config: { steps: 4, seed: 7 }, snapshot: { stage: 'init' } },
		env.deps
	);
	return { ...env, ws, run };
}

const snap = (step: number) => ({ step, scoreCache: { abc: { hard: step, soft: 0.5 } } });

describe('runs repository', () => {
	it('writes steps with the snapshot and reads them back in order', async () => {
		const { db, deps, run } = await setup();
		await appendStep(db, run.id, 0, { action: 'accept' }, snap(0), { gate: { ok: true } }, deps);
		await appendStep(
			db,
			run.id,
			1,
			{ action: 'reject' },
			snap(1),
			{ summary: { best: 0.5 } },
			deps
		);
		const latest = await getLatestSnapshot(db, run.id);
		expect(latest).toEqual({
			snapshot: snap(1),
			lastStepIndex: 1,
			status: 'running',
			config: { steps: 4, seed: 7 }
		});
		const steps = await listSteps(db, run.id);
		expect(steps.map((s) => [s.index, s.record])).toEqual([
			[0, { action: 'accept' }],
			[1, { action: 'reject' }]
		]);
		expect(steps[0]?.gate).toEqual({ ok: true });
		expect((await getRun(db, run.id))?.summary).toEqual({ best: 0.5 });
		expect((await listStepsAfter(db, run.id, 0)).map((s) => s.index)).toEqual([1]);
		expect(await getStep(db, run.id, 1)).toMatchObject({ record: { action: 'reject' } });
	});

	it('refuses a step at or before the last written one and keeps the run as it was', async () => {
		const { db, deps, run } = await setup();
		await appendStep(db, run.id, 0, 'a', snap(0), {}, deps);
		await expect(appendStep(db, run.id, 0, 'again', snap(9), {}, deps)).rejects.toMatchObject({
			name: 'StepOrderError'
		});
		expect((await getStep(db, run.id, 0))?.record).toBe('a');
		expect((await getLatestSnapshot(db, run.id))?.snapshot).toEqual(snap(0));
	});

	it('leaves no partial step when the write is interrupted after the step was put', async () => {
		const { db, deps, run } = await setup();
		await appendStep(db, run.id, 0, 'a', snap(0), {}, deps);
		// appendStep adds the step first, then puts the run: fail the run's put.
		failNextPut('runs', new Error('tab crashed'));
		await expect(appendStep(db, run.id, 1, 'b', snap(1), {}, deps)).rejects.toThrow('tab crashed');
		expect(await getStep(db, run.id, 1)).toBeUndefined();
		expect(await countSteps(db, run.id)).toBe(1);
		expect(await getLatestSnapshot(db, run.id)).toMatchObject({
			snapshot: snap(0),
			lastStepIndex: 0
		});
		// The same step can then be written for real.
		await appendStep(db, run.id, 1, 'b', snap(1), {}, deps);
		expect(await countSteps(db, run.id)).toBe(2);
	});

	it('turns a quota error thrown by a request into StorageFullError and writes nothing', async () => {
		const { db, deps, run } = await setup();
		failNextPut('runs', new DOMException('quota', 'QuotaExceededError'));
		const error = await appendStep(db, run.id, 0, 'a', snap(0), {}, deps).catch((e: unknown) => e);
		expect(error).toMatchObject({ name: 'StorageFullError' });
		expect((error as Error).message).toContain('Storage is full');
		expect(await countSteps(db, run.id)).toBe(0);
		expect((await getLatestSnapshot(db, run.id))?.snapshot).toEqual({ stage: 'init' });
	});

	it('turns a transaction aborted for quota into StorageFullError and writes nothing', async () => {
		const { db, deps, run } = await setup();
		abortAfterNextPut('runs', 'QuotaExceededError');
		await expect(appendStep(db, run.id, 0, 'a', snap(0), {}, deps)).rejects.toMatchObject({
			name: 'StorageFullError'
		});
		expect(await countSteps(db, run.id)).toBe(0);
		expect((await getRun(db, run.id))?.lastStepIndex).toBe(-1);
	});

	it('saves stage snapshots between steps without adding a step', async () => {
		const { db, deps, run } = await setup();
		await saveSnapshot(db, run.id, { stage: 'rollouts-done' }, deps);
		expect(await getLatestSnapshot(db, run.id)).toMatchObject({
			snapshot: { stage: 'rollouts-done' },
			lastStepIndex: -1
		});
		expect(await countSteps(db, run.id)).toBe(0);
	});

	it('deletes a run together with its steps but leaves other runs alone', async () => {
		const { db, deps, ws, run } = await setup();
		const other = await createRun(db, { workspaceId: ws.id, config: {} }, deps);
		await appendStep(db, run.id, 0, 'a', snap(0), {}, deps);
		await appendStep(db, run.id, 1, 'b', snap(1), {}, deps);
		await appendStep(db, other.id, 0, 'x', snap(0), {}, deps);
		await deleteRun(db, run.id);
		expect(await getRun(db, run.id)).toBeUndefined();
		expect(await listSteps(db, run.id)).toEqual([]);
		expect(await countSteps(db, other.id)).toBe(1);
		expect((await listRuns(db, ws.id)).map((r) => r.id)).toEqual([other.id]);
	});

	it('finds runs left running, newest first, and not finished or paused ones', async () => {
		const { db, deps, ws, run } = await setup();
		const finished = await createRun(db, { workspaceId: ws.id, config: {} }, deps);
		await setRunStatus(db, finished.id, 'finished', { summary: { best: 1 } }, deps);
		const newer = await createRun(db, { workspaceId: ws.id, config: {}, ownerTab: 't1' }, deps);
		const elsewhere = await createRun(db, { workspaceId: 'other', config: {} }, deps);
		expect((await findResumable(db, ws.id)).map((r) => r.id)).toEqual([newer.id, run.id]);
		expect((await findResumable(db)).map((r) => r.id)).toEqual([elsewhere.id, newer.id, run.id]);
		const paused = await setRunStatus(db, newer.id, 'paused', { ownerTab: null }, deps);
		expect(paused).not.toHaveProperty('ownerTab');
		expect((await findResumable(db, ws.id)).map((r) => r.id)).toEqual([run.id]);
	});

	it('finds unfinished runs of a workspace, running or paused, most recently updated first', async () => {
		const { db, deps, ws, run } = await setup();
		const finished = await createRun(db, { workspaceId: ws.id, config: {} }, deps);
		await setRunStatus(db, finished.id, 'finished', {}, deps);
		const stopped = await createRun(db, { workspaceId: ws.id, config: {} }, deps);
		await setRunStatus(db, stopped.id, 'paused', {}, deps);
		await createRun(db, { workspaceId: 'other', config: {} }, deps);
		expect((await findUnfinished(db, ws.id)).map((r) => r.id)).toEqual([stopped.id, run.id]);
	});

	it('reports a missing run instead of creating one', async () => {
		const { db, deps } = await setup();
		await expect(appendStep(db, 'gone', 0, 'a', snap(0), {}, deps)).rejects.toMatchObject({
			name: 'RecordNotFoundError'
		});
		expect(await countSteps(db, 'gone')).toBe(0);
	});
});
