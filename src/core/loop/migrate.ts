/**
 * Run snapshots of older formats, brought up to the current one (STYLE rule 11: every stored
 * format carries a version, and a change gets a migration).
 *
 * v1 → v2: v1 carried every step and epoch record in every snapshot (the bytes written grew with
 * the square of a run's length) and step records without their detail. v2 keeps only counts
 * (`tally`) and hands each record out once (`newRecords`). A migrated run resumes where it was;
 * its old records keep what they had, and `missingDetails` names what the run view cannot show.
 */
import { SnapshotError } from './errors.ts';
import { emptyTally } from './record-log.ts';
import {
	RUN_SNAPSHOT_FORMAT,
	RUN_SNAPSHOT_FORMAT_V1,
	type EpochRecord,
	type RunSnapshot,
	type StepRecord,
	type StepWork
} from './state.ts';

/** What records of run format v1 did not keep, for the run view's note. */
export const V1_MISSING_DETAILS: readonly string[] = [
	'the edit pool with each edit’s source',
	'the merged list',
	'the analyses’ failure types',
	'the texts of the current skill and of the candidate (no diff)',
	'the per-item val results (fixed, broken, not evaluated)',
	'the rollouts’ outputs and cache flags',
	'the slow update’s guidance',
	'the meta skill in use before each epoch'
];

type V1Snapshot = Omit<RunSnapshot, 'format' | 'newRecords' | 'recorded' | 'tally' | 'work'> & {
	format: typeof RUN_SNAPSHOT_FORMAT_V1;
	steps: StepRecord[];
	epochs: Omit<EpochRecord, 'kind' | 'previousMetaSkill'>[];
	work: Omit<StepWork, 'rolloutCached'> & { rolloutCached?: boolean[] };
};

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** The format a stored snapshot says it has ('' when it says none). */
export function snapshotFormat(value: unknown): string {
	return isObject(value) && typeof value['format'] === 'string' ? value['format'] : '';
}

/** The epoch records a v1 snapshot carried (v2 runs keep them in the record log). */
export function legacyEpochRecords(value: unknown): EpochRecord[] {
	if (snapshotFormat(value) !== RUN_SNAPSHOT_FORMAT_V1 || !isObject(value)) return [];
	const epochs = value['epochs'];
	if (!Array.isArray(epochs)) return [];
	return (epochs as V1Snapshot['epochs']).map((e) => ({
		...e,
		kind: 'epoch',
		previousMetaSkill: ''
	}));
}

function fromV1(old: V1Snapshot): RunSnapshot {
	const { steps, epochs, work, format: _format, ...rest } = old;
	const tally = emptyTally();
	const epoch = old.cursor.at === 'step' || old.cursor.at === 'epoch-end' ? old.cursor.epoch : -1;
	for (const step of steps) {
		tally.actions[step.action] = (tally.actions[step.action] ?? 0) + 1;
		tally.stageFailures += step.failures.length;
		if (step.kind === 'step') tally.steps++;
		if (step.epoch !== epoch) continue;
		if (step.kind === 'slow-update') tally.epoch.slow = step.action;
		else if (step.action === 'reject') tally.epoch.rejected++;
		else if (step.action === 'skip_no_patches') tally.epoch.skipped++;
		else tally.epoch.accepted++;
	}
	for (const e of epochs) tally.stageFailures += e.failures.length;
	return {
		...rest,
		format: RUN_SNAPSHOT_FORMAT,
		work: { ...work, rolloutCached: work.rolloutCached ?? work.rollouts.map(() => false) },
		newRecords: [],
		// v1 stored one record per step (epoch records lived in the snapshot).
		recorded: steps.length,
		tally
	};
}

/**
 * A stored snapshot in the current format: v2 as it is, v1 migrated. Checks only what tells
 * the formats apart; `validateSnapshot` checks the rest.
 *
 * @throws SnapshotError for an unknown format or a v1 snapshot without its records.
 */
export function migrateSnapshot(value: unknown): unknown {
	const format = snapshotFormat(value);
	if (format === RUN_SNAPSHOT_FORMAT) return value;
	if (format === RUN_SNAPSHOT_FORMAT_V1) {
		const old = value as Partial<V1Snapshot>;
		if (!Array.isArray(old.steps) || !Array.isArray(old.epochs) || !isObject(old.work))
			throw new SnapshotError('a v1 snapshot without its step records');
		return fromV1(old as V1Snapshot);
	}
	throw new SnapshotError(`unknown format ${JSON.stringify(format)}`);
}
