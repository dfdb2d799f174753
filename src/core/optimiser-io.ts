/**
 * The JSON objects each optimiser stage returns. The core parses and validates these; the
 * scripted engine produces them; both import this file so they cannot disagree.
 *
 * Small models get one job and one small object per call: analysts return edits, merge and rank
 * return indices into a numbered list instead of re-writing edits (method doc, section P).
 */

export type EditOp = 'append' | 'insert_after' | 'replace' | 'delete';
export const EDIT_OPS: readonly EditOp[] = ['append', 'insert_after', 'replace', 'delete'];

/** An edit as an optimiser proposes it: addressed by `line` (as shown, 1-based) or `target` text. */
export interface ProposedEdit {
	op: EditOp;
	target?: string;
	line?: number;
	content?: string;
}

/** failure-analyst and success-analyst. */
export interface AnalystOutput {
	failures: { type: string; count: number; description: string }[];
	edits: ProposedEdit[];
}

/** merge: indices (0-based) into the numbered pool of edits, keeping duplicates out. */
export interface MergeOutput {
	keep: number[];
}

/** rank: indices (0-based) into the numbered pool, most important first, at most the budget. */
export interface RankOutput {
	selected: number[];
}

/** slow-update: the new text of the protected block (markers excluded). */
export interface SlowUpdateOutput {
	guidance: string;
}

/** meta-skill: optimiser-only memory about which kinds of edits help. */
export interface MetaSkillOutput {
	metaSkill: string;
}
