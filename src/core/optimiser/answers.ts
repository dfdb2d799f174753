/**
 * Each optimiser stage's answer, stated once as a valibot schema.
 *
 * These are the exact shapes: closed objects (`strictObject`), enumerated ops, bounded lists and
 * text. The same schemas give the TypeScript types (re-exported by `../optimiser-io.ts`), the JSON
 * Schemas for constrained decoding (`schemas.ts`, through `@valibot/to-json-schema`, so they hold
 * no `transform`), and the final check of what the tolerant reader (`parse.ts`) produces: an
 * answer that comes out of parsing always satisfies the schema the model was asked to follow.
 */
import * as v from 'valibot';
import { EDIT_OPS } from '../optimiser-io.ts';

/** The bounds an answer is held to; every field is optional (see `PARSE_DEFAULTS`). */
export interface AnswerBounds {
	/** Most edits an analyst may return, and most indices a ranking may select. */
	editBudget?: number;
	/** Size of the numbered list that merge and rank index into. */
	listSize?: number;
	/** Cap on one edit's content (and target), in characters. */
	maxContentChars?: number;
	/** Cap on slow-update guidance and meta-skill text, in characters. */
	maxTextChars?: number;
	/** Cap on an analyst's failure patterns. */
	maxFailures?: number;
}

export const ANSWER_DEFAULTS = {
	editBudget: 3,
	maxContentChars: 400,
	maxTextChars: 1500,
	maxFailures: 8
} as const;

/** Caps on a failure pattern's fields (the reader clips to them). */
export const FAILURE_TYPE_CHARS = 60;
export const FAILURE_DESCRIPTION_CHARS = 300;

const wholeNumber = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** A budget as a whole number ≥ 0, whatever the caller passed. */
export function budgetOf(bounds: AnswerBounds): number {
	const raw = Math.floor(bounds.editBudget ?? ANSWER_DEFAULTS.editBudget);
	return Number.isFinite(raw) ? Math.max(0, raw) : ANSWER_DEFAULTS.editBudget;
}

/** An edit as an optimiser proposes it: addressed by `line` (as shown, 1-based) or `target` text. */
export function editSchema(bounds: AnswerBounds = {}) {
	const max = bounds.maxContentChars ?? ANSWER_DEFAULTS.maxContentChars;
	return v.strictObject({
		op: v.picklist(EDIT_OPS),
		line: v.optional(wholeNumber(1)),
		target: v.optional(text(max)),
		content: v.optional(text(max))
	});
}

/** One failure pattern an analyst saw. */
export function failureSchema() {
	return v.strictObject({
		type: text(FAILURE_TYPE_CHARS),
		count: wholeNumber(0),
		description: text(FAILURE_DESCRIPTION_CHARS)
	});
}

/** failure-analyst and success-analyst. */
export function analystSchema(bounds: AnswerBounds = {}) {
	return v.strictObject({
		failures: v.pipe(
			v.array(failureSchema()),
			v.maxLength(bounds.maxFailures ?? ANSWER_DEFAULTS.maxFailures)
		),
		edits: v.pipe(v.array(editSchema(bounds)), v.maxLength(budgetOf(bounds)))
	});
}

/** Indices (0-based) into a numbered list of `listSize`, at least one, at most `maxItems`. */
function indexList(listSize: number | undefined, maxItems: number | undefined) {
	const item =
		listSize !== undefined && Number.isFinite(listSize)
			? v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Math.max(0, listSize - 1)))
			: wholeNumber(0);
	const list = v.pipe(v.array(item), v.minLength(1));
	return maxItems !== undefined && Number.isFinite(maxItems)
		? v.pipe(list, v.maxLength(Math.max(1, maxItems)))
		: list;
}

/** merge: indices into the numbered pool of edits, keeping duplicates out. */
export function mergeSchema(bounds: AnswerBounds = {}) {
	return v.strictObject({ keep: indexList(bounds.listSize, bounds.listSize) });
}

/** rank: indices into the numbered pool, most important first, at most the budget. */
export function rankSchema(bounds: AnswerBounds = {}) {
	return v.strictObject({ selected: indexList(bounds.listSize, budgetOf(bounds)) });
}

/** slow-update: the new text of the protected block (markers excluded). */
export function slowUpdateSchema(bounds: AnswerBounds = {}) {
	return v.strictObject({
		guidance: text(bounds.maxTextChars ?? ANSWER_DEFAULTS.maxTextChars)
	});
}

/** meta-skill: optimiser-only memory about which kinds of edits help. */
export function metaSkillSchema(bounds: AnswerBounds = {}) {
	return v.strictObject({
		metaSkill: text(bounds.maxTextChars ?? ANSWER_DEFAULTS.maxTextChars)
	});
}

export type ProposedEdit = v.InferOutput<ReturnType<typeof editSchema>>;
export type AnalystOutput = v.InferOutput<ReturnType<typeof analystSchema>>;
export type MergeOutput = v.InferOutput<ReturnType<typeof mergeSchema>>;
export type RankOutput = v.InferOutput<ReturnType<typeof rankSchema>>;
export type SlowUpdateOutput = v.InferOutput<ReturnType<typeof slowUpdateSchema>>;
export type MetaSkillOutput = v.InferOutput<ReturnType<typeof metaSkillSchema>>;

/** Each stage's output type. */
export interface StageOutputs {
	'failure-analyst': AnalystOutput;
	'success-analyst': AnalystOutput;
	merge: MergeOutput;
	rank: RankOutput;
	'slow-update': SlowUpdateOutput;
	'meta-skill': MetaSkillOutput;
}

type Stage = keyof StageOutputs;

/**
 * The schema of `stage`'s answer under `bounds`.
 *
 * @example v.is(answerSchema('rank', { listSize: 4, editBudget: 2 }), { selected: [3, 0] }) // true
 */
export function answerSchema<S extends Stage>(
	stage: S,
	bounds: AnswerBounds = {}
): v.GenericSchema<unknown, StageOutputs[S]> {
	const schemas: { [K in Stage]: () => v.GenericSchema<unknown, StageOutputs[K]> } = {
		'failure-analyst': () => analystSchema(bounds),
		'success-analyst': () => analystSchema(bounds),
		merge: () => mergeSchema(bounds),
		rank: () => rankSchema(bounds),
		'slow-update': () => slowUpdateSchema(bounds),
		'meta-skill': () => metaSkillSchema(bounds)
	};
	return schemas[stage]();
}
