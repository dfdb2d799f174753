/**
 * Training runs and their steps.
 *
 * The invariant that makes resume work: `appendStep` writes the step record *and* the run's
 * latest snapshot and `lastStepIndex` in one readwrite transaction over `runs` and `runSteps`.
 * After a crash the database therefore holds either the step and the snapshot that follows it,
 * or neither, and resuming from `getLatestSnapshot` never skips or repeats a step.
 *
 * Snapshots, configs and step records are the loop's data, stored as they are (structured-clone
 * safe). Whoever reads them back validates them with the loop's own restore function.
 */
import { INDEXES, STORES } from './db.ts';
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import { RecordNotFoundError, StepOrderError } from './errors.ts';
import { stepRange } from './keys.ts';
import type { RunRecord, RunStatus, RunStepRecord } from './records.ts';
import { tx } from './tx.ts';

export interface CreateRunInput {
	workspaceId: string;
	config: unknown;
	skillId?: string;
	packId?: string;
	title?: string;
	/** The tab that starts it (see `locks.ts`). */
	ownerTab?: string;
	/** The snapshot before the first step, if the loop has one. */
	snapshot?: unknown;
	/** Defaults to 'running'. */
	status?: RunStatus;
}

/** Creates a run with no steps yet. */
export async function createRun(
	db: SkillOptDb,
	input: CreateRunInput,
	deps: RepoDeps = browserDeps
): Promise<RunRecord> {
	const now = deps.clock.now();
	const run: RunRecord = {
		id: deps.newId(),
		workspaceId: input.workspaceId,
		createdAt: now,
		updatedAt: now,
		status: input.status ?? 'running',
		config: input.config,
		snapshot: input.snapshot ?? null,
		summary: null,
		lastStepIndex: -1
	};
	if (input.skillId !== undefined) run.skillId = input.skillId;
	if (input.packId !== undefined) run.packId = input.packId;
	if (input.title !== undefined) run.title = input.title;
	if (input.ownerTab !== undefined) run.ownerTab = input.ownerTab;
	await tx(db, [STORES.runs], 'readwrite', (t) => t.objectStore(STORES.runs).add(run));
	return run;
}

export function getRun(db: SkillOptDb, id: string): Promise<RunRecord | undefined> {
	return db.get(STORES.runs, id);
}

/** The runs of a workspace, newest first. */
export async function listRuns(db: SkillOptDb, workspaceId: string): Promise<RunRecord[]> {
	const all = await db.getAllFromIndex(STORES.runs, INDEXES.byWorkspace, workspaceId);
	return all.sort((a, b) => b.createdAt - a.createdAt);
}

/** What the loop stores with each completed step, next to the step record itself. */
export interface StepExtras {
	gate?: unknown;
	rollouts?: unknown;
	/** A new run summary for lists (best score so far...). */
	summary?: unknown;
}

/**
 * Writes step `index` of a run together with the run's new snapshot, atomically.
 *
 * @param stepRecord The loop's record of the completed step.
 * @param snapshot The core snapshot taken after this step (replaces the run's latest one).
 * @throws RecordNotFoundError when the run is gone (deleted in another tab).
 * @throws StepOrderError when `index` is not after the run's `lastStepIndex`.
 * @throws StorageFullError when the quota stops the write; neither the step nor the snapshot
 *   is written, and the previous snapshot stays.
 */
export async function appendStep(
	db: SkillOptDb,
	runId: string,
	index: number,
	stepRecord: unknown,
	snapshot: unknown,
	extras: StepExtras = {},
	deps: Pick<RepoDeps, 'clock'> = browserDeps
): Promise<RunRecord> {
	return tx(db, [STORES.runs, STORES.runSteps], 'readwrite', async (t) => {
		const runs = t.objectStore(STORES.runs);
		const old = await runs.get(runId);
		if (old === undefined) throw new RecordNotFoundError('Run', runId);
		if (!Number.isInteger(index) || index <= old.lastStepIndex)
			throw new StepOrderError(runId, index, old.lastStepIndex);
		const now = deps.clock.now();
		const step: RunStepRecord = { runId, index, createdAt: now, record: stepRecord };
		if (extras.gate !== undefined) step.gate = extras.gate;
		if (extras.rollouts !== undefined) step.rollouts = extras.rollouts;
		await t.objectStore(STORES.runSteps).add(step);
		const run: RunRecord = { ...old, snapshot, lastStepIndex: index, updatedAt: now };
		if (extras.summary !== undefined) run.summary = extras.summary;
		await runs.put(run);
		return run;
	});
}

/**
 * Writes records `firstIndex`, `firstIndex + 1`, … of a run together with the run's new
 * snapshot, atomically (the records a stage finished, with the snapshot taken after it).
 *
 * @param extras.items the item results that go with these records (the loop's `newItems`),
 *   kept in the last one's `rollouts` so each result is stored once (a resume gathers them).
 * @throws as `appendStep`.
 */
export async function appendSteps(
	db: SkillOptDb,
	runId: string,
	firstIndex: number,
	records: readonly unknown[],
	snapshot: unknown,
	extras: { items?: unknown } = {},
	deps: Pick<RepoDeps, 'clock'> = browserDeps
): Promise<RunRecord> {
	return tx(db, [STORES.runs, STORES.runSteps], 'readwrite', async (t) => {
		const runs = t.objectStore(STORES.runs);
		const old = await runs.get(runId);
		if (old === undefined) throw new RecordNotFoundError('Run', runId);
		if (!Number.isInteger(firstIndex) || firstIndex <= old.lastStepIndex)
			throw new StepOrderError(runId, firstIndex, old.lastStepIndex);
		const now = deps.clock.now();
		const steps = t.objectStore(STORES.runSteps);
		for (const [i, record] of records.entries()) {
			const row: RunStepRecord = { runId, index: firstIndex + i, createdAt: now, record };
			if (i === records.length - 1 && extras.items !== undefined) row.rollouts = extras.items;
			await steps.add(row);
		}
		const run: RunRecord = {
			...old,
			snapshot,
			lastStepIndex: firstIndex + records.length - 1,
			updatedAt: now
		};
		await runs.put(run);
		return run;
	});
}

/**
 * Replaces the run's snapshot without adding a step: for snapshots taken between stages of a
 * step, so a reload resumes from the last completed stage.
 */
export async function saveSnapshot(
	db: SkillOptDb,
	runId: string,
	snapshot: unknown,
	deps: Pick<RepoDeps, 'clock'> = browserDeps
): Promise<void> {
	await updateRun(db, runId, { snapshot }, deps);
}

export interface LatestSnapshot {
	/** Opaque: validate with the loop's restore function before use. */
	snapshot: unknown;
	lastStepIndex: number;
	status: RunStatus;
	config: unknown;
}

/** The run's latest snapshot and where it stands, or undefined when the run does not exist. */
export async function getLatestSnapshot(
	db: SkillOptDb,
	runId: string
): Promise<LatestSnapshot | undefined> {
	const run = await db.get(STORES.runs, runId);
	if (run === undefined) return undefined;
	return {
		snapshot: run.snapshot,
		lastStepIndex: run.lastStepIndex,
		status: run.status,
		config: run.config
	};
}

export interface StatusChange {
	summary?: unknown;
	error?: string;
	/** The tab now driving the run; `null` clears it. */
	ownerTab?: string | null;
}

/** Sets a run's status (and optionally its summary, error and owner tab). */
export async function setRunStatus(
	db: SkillOptDb,
	runId: string,
	status: RunStatus,
	change: StatusChange = {},
	deps: Pick<RepoDeps, 'clock'> = browserDeps
): Promise<RunRecord> {
	return tx(db, [STORES.runs], 'readwrite', async (t) => {
		const runs = t.objectStore(STORES.runs);
		const old = await runs.get(runId);
		if (old === undefined) throw new RecordNotFoundError('Run', runId);
		const run: RunRecord = { ...old, status, updatedAt: deps.clock.now() };
		if (change.summary !== undefined) run.summary = change.summary;
		if (change.error !== undefined) run.error = change.error;
		if (change.ownerTab === null) delete run.ownerTab;
		else if (change.ownerTab !== undefined) run.ownerTab = change.ownerTab;
		await runs.put(run);
		return run;
	});
}

async function updateRun(
	db: SkillOptDb,
	runId: string,
	changes: Partial<Pick<RunRecord, 'snapshot' | 'summary' | 'title'>>,
	deps: Pick<RepoDeps, 'clock'>
): Promise<RunRecord> {
	return tx(db, [STORES.runs], 'readwrite', async (t) => {
		const runs = t.objectStore(STORES.runs);
		const old = await runs.get(runId);
		if (old === undefined) throw new RecordNotFoundError('Run', runId);
		const run: RunRecord = { ...old, ...changes, updatedAt: deps.clock.now() };
		await runs.put(run);
		return run;
	});
}

/** Renames a run. */
export function renameRun(
	db: SkillOptDb,
	runId: string,
	title: string,
	deps: Pick<RepoDeps, 'clock'> = browserDeps
): Promise<RunRecord> {
	return updateRun(db, runId, { title }, deps);
}

/** A run's steps in order. */
export function listSteps(db: SkillOptDb, runId: string): Promise<RunStepRecord[]> {
	return db.getAll(STORES.runSteps, stepRange(runId));
}

/** The steps after `afterIndex` (for a read-only tab catching up after a message). */
export function listStepsAfter(
	db: SkillOptDb,
	runId: string,
	afterIndex: number
): Promise<RunStepRecord[]> {
	return db.getAll(
		STORES.runSteps,
		IDBKeyRange.bound([runId, afterIndex], [runId, Infinity], true)
	);
}

export function getStep(
	db: SkillOptDb,
	runId: string,
	index: number
): Promise<RunStepRecord | undefined> {
	return db.get(STORES.runSteps, [runId, index]);
}

export function countSteps(db: SkillOptDb, runId: string): Promise<number> {
	return db.count(STORES.runSteps, stepRange(runId));
}

/** Deletes a run and all of its steps in one transaction. */
export async function deleteRun(db: SkillOptDb, runId: string): Promise<void> {
	await tx(db, [STORES.runs, STORES.runSteps], 'readwrite', async (t) => {
		await t.objectStore(STORES.runSteps).delete(stepRange(runId));
		await t.objectStore(STORES.runs).delete(runId);
	});
}

/**
 * Runs left 'running': their tab closed or crashed mid-run. Newest first; optionally of one
 * workspace. A tab offering to resume one must first win its lock (`tryAcquireRunLock`), since a
 * 'running' run may just as well be driven by another open tab.
 */
export async function findResumable(db: SkillOptDb, workspaceId?: string): Promise<RunRecord[]> {
	const running = await db.getAllFromIndex(STORES.runs, INDEXES.byStatus, 'running');
	return running
		.filter((run) => workspaceId === undefined || run.workspaceId === workspaceId)
		.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Runs that can go on: left 'running' (closed or crashed tab) or 'paused' (stopped, or its model
 * was lost). Most recently updated first, read through the status index so finished runs and
 * their snapshots are never loaded.
 */
export async function findUnfinished(db: SkillOptDb, workspaceId: string): Promise<RunRecord[]> {
	const [running, paused] = await Promise.all([
		db.getAllFromIndex(STORES.runs, INDEXES.byStatus, 'running'),
		db.getAllFromIndex(STORES.runs, INDEXES.byStatus, 'paused')
	]);
	return [...running, ...paused]
		.filter((run) => run.workspaceId === workspaceId)
		.sort((a, b) => b.updatedAt - a.updatedAt);
}
