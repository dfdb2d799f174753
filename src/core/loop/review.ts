/**
 * The review port: a person's look at the kept edits after select (or after their own proposal)
 * and before the gate. They may drop a kept edit or change its content; the gate then judges the
 * reviewed list. Teaching needs this pause ("what if this rule were not there?"), and the method
 * stays intact: the gate still decides, and the change is recorded with source "person".
 *
 * The review is written into the step's work (and so into the snapshot taken right after it),
 * then into the step record, so a run resumed from any later snapshot reproduces it and never
 * asks again. A review that changes nothing leaves no trace.
 */
import type { ProposedEdit } from '../optimiser-io.ts';
import type { SignalLike } from '../ports.ts';
import type { RunContext } from './context.ts';
import type { PoolEdit } from './state.ts';

/** What a reviewer sees: the kept edits of the step, about to be applied and gated. */
export interface ReviewRequest {
	/** 1-based step over the run, and its epoch. */
	step: number;
	epoch: number;
	/** The skill the edits will be applied to. */
	skill: string;
	/** The kept edits, in the order they will be applied. */
	kept: PoolEdit[];
	/** The step's edit budget. */
	budget: number;
}

/** One change of a kept edit, by its position in `ReviewRequest.kept`. */
export type ReviewChange =
	{ index: number; action: 'drop' } | { index: number; action: 'edit'; edit: ProposedEdit };

/** A reviewer's answer: no changes means "go on as the optimiser decided". */
export interface ReviewAnswer {
	changes: ReviewChange[];
}

/** What the step's work and record keep of a review that changed something. */
export interface ReviewRecord {
	source: 'person';
	/** The kept edits before the review. */
	before: PoolEdit[];
	changes: ReviewChange[];
}

/** A port the app injects: resolves at once when nobody reviews, or when the person is done. */
export interface ReviewPort {
	/** Resolves with the changes; rejects with an AbortError when `signal` fires. */
	review(request: ReviewRequest, signal?: SignalLike): Promise<ReviewAnswer>;
}

/** A reviewer's answer failed its checks: the changes name edits that do not exist. */
export class ReviewError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ReviewError';
	}
}

/**
 * The kept edits after `changes`: dropped ones removed, edited ones replaced and marked as the
 * person's. Changes are checked first, so a bad answer changes nothing.
 *
 * @throws ReviewError for an index out of range or named twice.
 */
export function applyReview(
	kept: readonly PoolEdit[],
	changes: readonly ReviewChange[]
): PoolEdit[] {
	const byIndex = new Map<number, ReviewChange>();
	for (const change of changes) {
		if (!Number.isInteger(change.index) || change.index < 0 || change.index >= kept.length)
			throw new ReviewError(`no kept edit ${change.index + 1} (there are ${kept.length})`);
		if (byIndex.has(change.index))
			throw new ReviewError(`kept edit ${change.index + 1} is changed twice`);
		byIndex.set(change.index, change);
	}
	const out: PoolEdit[] = [];
	kept.forEach((p, i) => {
		const change = byIndex.get(i);
		if (change === undefined) out.push(p);
		else if (change.action === 'edit') out.push({ edit: { ...change.edit }, source: 'person' });
	});
	return out;
}

/** Whether the run should ask for a review now: before the gate, once per step. */
export function wantsReview(ctx: RunContext, port: ReviewPort | undefined): port is ReviewPort {
	const cursor = ctx.state.cursor;
	return (
		port !== undefined &&
		cursor.at === 'step' &&
		cursor.stage === 'validate' &&
		ctx.state.work.review === undefined &&
		ctx.state.work.ranked.length > 0
	);
}

/**
 * Asks the port and writes a review that changed something into the step's work. Returns
 * whether the work changed (the caller then takes a snapshot).
 */
export async function reviewStage(
	ctx: RunContext,
	port: ReviewPort,
	request: Omit<ReviewRequest, 'kept' | 'skill' | 'budget'>
): Promise<boolean> {
	const work = ctx.state.work;
	const kept = JSON.parse(JSON.stringify(work.ranked)) as PoolEdit[];
	const answer = await port.review(
		{ ...request, skill: ctx.state.current.text, kept, budget: work.budget },
		ctx.signal
	);
	const changes = Array.isArray(answer?.changes) ? answer.changes : [];
	if (changes.length === 0) return false;
	const reviewed = applyReview(work.ranked, changes);
	work.review = {
		source: 'person',
		before: kept,
		changes: JSON.parse(JSON.stringify(changes)) as ReviewChange[]
	};
	work.ranked = reviewed;
	return true;
}
