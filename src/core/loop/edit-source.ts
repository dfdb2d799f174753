/**
 * Where a step's edits come from. Normally the optimiser model's stages (analysts, merge, rank);
 * with an `EditSource` the loop instead hands the step's evidence to something else — typically
 * the person at the keyboard — waits for its edits, and gates them like any other (the "human as
 * optimiser" mode). The source sees the same evidence an analyst would.
 */
import type { ProposedEdit } from '../optimiser-io.ts';
import type { SignalLike } from '../ports.ts';

/** The evidence and limits of one step, as plain data (it is also sent as an event). */
export interface EditRequest {
	/** 1-based step over the run, and its epoch. */
	step: number;
	epoch: number;
	skill: string;
	/** The skill with `L<n>: ` line numbers, which edits may address. */
	lineView: string;
	/** The scheduled edit budget (advice to a person; not enforced on their edits). */
	budget: number;
	failures: EditEvidence[];
	successes: EditEvidence[];
	/** The step buffer as text ('' when empty). */
	buffer: string;
}

/** One train item's attempt. */
export interface EditEvidence {
	itemId: string;
	question: string;
	answer: string;
	expected: string;
	grader: string;
	hard: number;
	soft: number;
}

/** What a source returns: edits (possibly none) and an optional note for the step record. */
export interface EditProposal {
	edits: ProposedEdit[];
	note?: string;
}

/** A pluggable source of edits. */
export interface EditSource {
	/** Recorded with the run, e.g. 'human'. */
	readonly kind: string;
	/** Resolves with the step's edits; rejects with an AbortError when `signal` fires. */
	proposeEdits(request: EditRequest, signal?: SignalLike): Promise<EditProposal>;
}

/** Whether `x` is an EditSource rather than a chat engine. */
export function isEditSource(x: unknown): x is EditSource {
	return (
		typeof x === 'object' &&
		x !== null &&
		typeof (x as { proposeEdits?: unknown }).proposeEdits === 'function'
	);
}

/**
 * An edit source backed by a function that waits for a person's edits (a form in the run panel,
 * a prompt in a terminal). Returning a plain array is accepted too.
 *
 * @example
 * const human = createHumanEditSource(async (request, signal) => panel.waitForEdits(request, signal))
 * await runOptimization(config, { executor, optimiser: human, hasher, clock })
 */
export function createHumanEditSource(
	wait: (request: EditRequest, signal?: SignalLike) => Promise<EditProposal | ProposedEdit[]>,
	kind = 'human'
): EditSource {
	return {
		kind,
		async proposeEdits(request, signal) {
			const answer = await wait(request, signal);
			return Array.isArray(answer) ? { edits: answer } : answer;
		}
	};
}
