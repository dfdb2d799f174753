/**
 * The JSON objects each optimiser stage returns. The core parses and validates these; the
 * scripted engine produces them; both import this file so they cannot disagree.
 *
 * Small models get one job and one small object per call: analysts return edits, merge and rank
 * return indices into a numbered list instead of re-writing edits (method doc, section P). The
 * shapes are stated once, as valibot schemas in `optimiser/answers.ts`; the types here are
 * inferred from them (type-only, so importing `EDIT_OPS` costs no schema code).
 */

export type EditOp = 'append' | 'insert_after' | 'replace' | 'delete';
export const EDIT_OPS: readonly EditOp[] = ['append', 'insert_after', 'replace', 'delete'];

export type {
	/** An edit as an optimiser proposes it: addressed by `line` (1-based) or `target` text. */
	ProposedEdit,
	/** failure-analyst and success-analyst. */
	AnalystOutput,
	/** merge: indices (0-based) into the numbered pool of edits, keeping duplicates out. */
	MergeOutput,
	/** rank: indices (0-based) into the numbered pool, most important first, at most the budget. */
	RankOutput,
	/** slow-update: the new text of the protected block (markers excluded). */
	SlowUpdateOutput,
	/** meta-skill: optimiser-only memory about which kinds of edits help. */
	MetaSkillOutput
} from './optimiser/answers.ts';
