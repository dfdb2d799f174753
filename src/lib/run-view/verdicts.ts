/**
 * The run view's sentences: each verdict with the numbers *before* the decision (the score the
 * candidate was judged against, not the one after it), early stops with where and why, ties
 * called ties, and optimiser failures called failures instead of "no edits".
 */
import type { EpochRecord, LogRecord, StepRecord } from '../../core/loop/state.ts';

export const pct = (x: number | undefined): string =>
	x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;

const ACTION_LABELS: Record<string, string> = {
	accept_new_best: 'accepted (new best)',
	accept: 'accepted',
	reject: 'rejected',
	force_accept: 'accepted (gate off)',
	skip_no_patches: 'skipped'
};

/** "accepted (new best)", "rejected", ... */
export function actionLabel(action: string): string {
	return ACTION_LABELS[action] ?? action;
}

/** The score the candidate was judged against: recorded in v2, parsed from the gate line in v1. */
export function scoreBefore(step: StepRecord): number | undefined {
	if (step.detail !== undefined) return step.detail.against.score;
	const match = /current ([\d.]+)%/.exec(step.evaluation?.record ?? step.reason);
	return match?.[1] === undefined ? undefined : Number(match[1]) / 100;
}

/** The verdict of a step or slow update, with the numbers the gate compared. */
export function verdictLine(step: StepRecord): string {
	const label = actionLabel(step.action);
	if (step.action === 'skip_no_patches') {
		const failure = step.failures[0];
		if (step.detail?.review !== undefined)
			return 'you dropped every kept edit before the gate → skipped (no candidate, no val cost)';
		return failure === undefined
			? 'no usable edit was proposed → skipped (no candidate, no val cost)'
			: `${failure.stage} failed (${failure.name}) → ${failure.fallback}; no candidate`;
	}
	const ev = step.evaluation;
	const before = scoreBefore(step);
	if (ev === undefined) return `${label}: ${step.reason}`;
	if (ev.status === 'early_reject') {
		return `stopped after ${ev.evaluated} of ${ev.total} items: at most ${pct(ev.upperBound)} reachable, current ${pct(before)} → ${label}`;
	}
	const cached = ev.status === 'cached' ? ' (already scored, no rollouts)' : '';
	const tie = ev.score !== undefined && before !== undefined && Math.abs(ev.score - before) < 1e-12;
	const outcome =
		tie && step.action === 'reject' ? 'rejected (a tie is not an improvement)' : label;
	const gap =
		step.action === 'reject' &&
		!tie &&
		ev.score !== undefined &&
		before !== undefined &&
		ev.score > before
			? ' (not enough above current)'
			: '';
	return `candidate ${pct(ev.score)}${cached} vs current ${pct(before)} → ${outcome}${gap}`;
}

/** The row's first cell: "step 7 (epoch 2)", "slow update after epoch 2", "end of epoch 1". */
export function rowLabel(record: LogRecord): string {
	if (record.kind === 'epoch') return `end of epoch ${record.epoch}`;
	if (record.kind === 'slow-update') return `slow update after epoch ${record.epoch}`;
	return `step ${record.index} (epoch ${record.epoch})`;
}

const SLOW: Record<EpochRecord['slowUpdate'], string> = {
	accepted: 'slow update accepted',
	rejected: 'slow update rejected',
	forced: 'slow update forced in (not gated)',
	failed: 'slow update failed',
	skipped: 'slow update skipped',
	none: 'no slow update'
};

/** An epoch close in a sentence. */
export function epochLine(epoch: EpochRecord): string {
	const meta =
		epoch.metaSkill === ''
			? 'no meta skill'
			: epoch.metaSkill === epoch.previousMetaSkill
				? 'meta skill unchanged'
				: 'meta skill written for the next epoch';
	return `${SLOW[epoch.slowUpdate]} · ${meta} · current ${pct(epoch.currentScore)}, best ${pct(epoch.bestScore)}`;
}

/** An edit's anchor in a few words: the line number or the quoted target. */
export function anchorText(edit: { target?: string; line?: number }): string {
	if (edit.line !== undefined) return `line ${edit.line}`;
	if (edit.target !== undefined) return `“${edit.target}”`;
	return '(end of skill)';
}
