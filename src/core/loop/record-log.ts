/**
 * The run's record log: steps, slow updates and epoch closes, each handed out once — in the
 * snapshot taken after the stage that finished it (`newRecords`) — and kept by the caller (the
 * run-steps store), never carried in later snapshots. The snapshot keeps only counts (`tally`),
 * which is all the summary and the epoch close need, so snapshots stay the same size however
 * long the run is.
 */
import type { RunContext } from './context.ts';
import type { EpochRecord, LogRecord, RunTally, StepRecord } from './state.ts';

/** Counts of a run with no records yet. */
export function emptyTally(): RunTally {
	return {
		steps: 0,
		actions: {},
		stageFailures: 0,
		epoch: { accepted: 0, rejected: 0, skipped: 0 }
	};
}

function push(ctx: RunContext, record: LogRecord): void {
	ctx.state.newRecords.push(record);
	ctx.state.recorded++;
	ctx.state.tally.stageFailures += record.failures.length;
}

/** Logs a step or slow-update record and announces it. */
export function logStep(ctx: RunContext, record: StepRecord): void {
	push(ctx, record);
	const tally = ctx.state.tally;
	tally.actions[record.action] = (tally.actions[record.action] ?? 0) + 1;
	if (record.kind === 'step') {
		tally.steps++;
		if (record.action === 'reject') tally.epoch.rejected++;
		else if (record.action === 'skip_no_patches') tally.epoch.skipped++;
		else tally.epoch.accepted++;
	} else {
		tally.epoch.slow = record.action;
	}
	ctx.emit({ type: 'step:finished', record });
}

/** Logs an epoch's close; the epoch counts start again. */
export function logEpoch(ctx: RunContext, record: EpochRecord): void {
	push(ctx, record);
	ctx.state.tally.epoch = { accepted: 0, rejected: 0, skipped: 0 };
}

/** Whether a log record is an epoch's close (step records have kind 'step' or 'slow-update'). */
export function isEpochRecord(record: LogRecord): record is EpochRecord {
	return record.kind === 'epoch';
}
