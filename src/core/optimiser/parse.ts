/**
 * Reading each optimiser stage's answer into its typed output (`answers.ts`).
 *
 * Nothing an optimiser returns may crash the run or corrupt the skill (method doc, section P):
 * every function here returns `{ ok: false, error }` instead of throwing, on any input. Errors
 * are specific and short because the stage retries once with "Your previous answer failed:
 * <error>". Answers that are mostly right are kept: invalid entries are dropped with a warning,
 * edit lists are clipped to the budget and over-long text is cut at a sentence boundary; keys
 * the reader ignores are named in a warning. The shapes are the valibot schemas of `answers.ts`
 * (read leniently through `readers.ts`), and every result is checked against its stage's exact
 * schema before it is returned.
 */
import * as v from 'valibot';
import type { OptimiserStage } from '../ports.ts';
import { containsMarker, markerIn, stripMarkers } from '../skill/markers.ts';
import {
	ANSWER_DEFAULTS,
	FAILURE_DESCRIPTION_CHARS,
	FAILURE_TYPE_CHARS,
	answerSchema,
	budgetOf,
	type AnalystOutput,
	type AnswerBounds,
	type MergeOutput,
	type MetaSkillOutput,
	type ProposedEdit,
	type RankOutput,
	type SlowUpdateOutput,
	type StageOutputs
} from './answers.ts';
import { extractJson } from './json-extract.ts';
import { describe, firstIssue, ignoredKeysWarning, own, unknownKeys } from './messages.ts';
import {
	EDIT_KEYS,
	FAILURE_KEYS,
	OP_LIST,
	editReader,
	failureReader,
	indexReader,
	isObject,
	listOf,
	objectWith,
	pick,
	textOf
} from './readers.ts';

export type { StageOutputs } from './answers.ts';

export type ParseResult<T> =
	{ ok: true; value: T; warnings: string[] } | { ok: false; error: string };

export interface ParseOptions extends AnswerBounds {
	/** Cap on the raw answer's length. */
	maxAnswerChars?: number;
}

export const PARSE_DEFAULTS = { ...ANSWER_DEFAULTS, maxAnswerChars: 200_000 } as const;

/**
 * `text` cut to at most `max` characters, at a sentence end or else a word boundary when one is
 * in the second half.
 *
 * @example clipText('First rule here. Second rule goes on.', 24) // 'First rule here.'
 */
export function clipText(text: string, max: number): string {
	if (text.length <= max) return text;
	const head = text.slice(0, max);
	const sentence = Math.max(
		head.lastIndexOf('. '),
		head.lastIndexOf('.\n'),
		head.lastIndexOf('! '),
		head.lastIndexOf('? ')
	);
	if (sentence >= max / 2) return head.slice(0, sentence + 1).trimEnd();
	const space = head.search(/\s\S*$/u);
	if (space >= max / 2) return head.slice(0, space).trimEnd();
	return head.trimEnd();
}

type Options = Required<Omit<ParseOptions, 'listSize'>> & { listSize: number };

function withDefaults(options: ParseOptions): Options {
	return {
		editBudget: budgetOf(options),
		listSize: options.listSize ?? Number.POSITIVE_INFINITY,
		maxContentChars: options.maxContentChars ?? PARSE_DEFAULTS.maxContentChars,
		maxTextChars: options.maxTextChars ?? PARSE_DEFAULTS.maxTextChars,
		maxFailures: options.maxFailures ?? PARSE_DEFAULTS.maxFailures,
		maxAnswerChars: options.maxAnswerChars ?? PARSE_DEFAULTS.maxAnswerChars
	};
}

/**
 * Extracts the JSON, runs `body` on it, and checks the result against the stage's exact schema;
 * any surprise becomes an error result, never a throw.
 */
function guarded<S extends OptimiserStage>(
	stage: S,
	answer: unknown,
	options: ParseOptions,
	body: (value: unknown, o: Options, warnings: string[]) => ParseResult<StageOutputs[S]>
): ParseResult<StageOutputs[S]> {
	try {
		const o = withDefaults(options);
		const extracted = extractJson(answer, o.maxAnswerChars);
		if (!extracted.ok) return extracted;
		const result = body(extracted.value, o, [...extracted.repairs]);
		if (!result.ok) return result;
		const exact = v.safeParse(answerSchema(stage, o), result.value);
		return exact.success ? result : { ok: false, error: firstIssue(exact.issues) };
	} catch (err) {
		return {
			ok: false,
			error: `could not read the answer (${err instanceof Error ? err.name : 'error'})`
		};
	}
}

function readEdit(
	x: unknown,
	i: number,
	o: Options,
	warnings: string[],
	ignored: string[]
): ProposedEdit | string {
	const at = ['edits', i];
	const read = v.safeParse(editReader(o.maxContentChars), x);
	if (!read.success) return firstIssue(read.issues, at, { op: `one of ${OP_LIST}` });
	ignored.push(...unknownKeys(x, EDIT_KEYS, at));
	const edit = read.output;
	if (edit.content !== undefined) {
		const clipped = clipText(edit.content, o.maxContentChars);
		if (clipped.length < edit.content.length) {
			warnings.push(`edits[${i}].content cut to ${o.maxContentChars} characters`);
			edit.content = clipped;
		}
	}
	if (containsMarker(edit.content ?? '') || containsMarker(edit.target ?? '')) {
		warnings.push(`edits[${i}] mentions a protected-region marker; it will be refused`);
	}
	return edit;
}

function readFailures(
	x: unknown,
	o: Options,
	warnings: string[],
	ignored: string[]
): AnalystOutput['failures'] {
	if (x === undefined || x === null) return [];
	if (!Array.isArray(x)) {
		warnings.push(`"failures" should be an array (got ${describe(x)}); ignored`);
		return [];
	}
	const out: AnalystOutput['failures'] = [];
	x.forEach((f: unknown, i) => {
		const read = v.safeParse(failureReader, f);
		if (!read.success) {
			warnings.push(`${firstIssue(read.issues, ['failures', i])}; dropped`);
			return;
		}
		ignored.push(...unknownKeys(f, FAILURE_KEYS, ['failures', i]));
		out.push({
			type: read.output.type === '' ? 'other' : clipText(read.output.type, FAILURE_TYPE_CHARS),
			count: read.output.count,
			description: clipText(read.output.description, FAILURE_DESCRIPTION_CHARS)
		});
	});
	if (out.length > o.maxFailures) warnings.push(`kept the first ${o.maxFailures} failure patterns`);
	return out.slice(0, o.maxFailures);
}

const EDITS_HINT = 'an array of {op, line or target, content}';

/**
 * An analyst's answer: `{ failures: [{type, count, description}], edits: [{op, line|target, content}] }`.
 * Edits beyond `editBudget` are dropped (first ones kept).
 *
 * @example
 * parseAnalystOutput('{"failures": [], "edits": [{"op": "add", "content": "Check units."},]}', { editBudget: 2 })
 * // { ok: true, value: { failures: [], edits: [{ op: 'append', content: 'Check units.' }] }, warnings: ['repaired the JSON: …'] }
 */
export function parseAnalystOutput(
	answer: unknown,
	options: ParseOptions = {}
): ParseResult<AnalystOutput> {
	return guarded('failure-analyst', answer, options, (value, o, warnings) => {
		const ignored: string[] = [];
		let rawEdits: unknown;
		let failures: AnalystOutput['failures'] = [];
		if (Array.isArray(value)) {
			warnings.push('expected an object with "edits"; read the array as the edits');
			rawEdits = value;
		} else {
			const top = v.safeParse(objectWith('"failures" and "edits"'), value);
			if (!top.success) return { ok: false, error: firstIssue(top.issues) };
			const patch = own(top.output, 'patch');
			rawEdits = pick(top.output, ['edits']) ?? (isObject(patch) ? own(patch, 'edits') : undefined);
			failures = readFailures(
				pick(top.output, ['failures', 'failure_summary']),
				o,
				warnings,
				ignored
			);
			ignored.push(
				...unknownKeys(top.output, ['edits', 'failures', 'failure_summary', 'patch'], [])
			);
			if (isObject(patch)) ignored.push(...unknownKeys(patch, ['edits'], ['patch']));
		}
		const list = v.safeParse(listOf(EDITS_HINT), rawEdits);
		if (!list.success) return { ok: false, error: firstIssue(list.issues, ['edits']) };
		const edits: ProposedEdit[] = [];
		const problems: string[] = [];
		list.output.forEach((x, i) => {
			const edit = readEdit(x, i, o, warnings, ignored);
			if (typeof edit === 'string') problems.push(edit);
			else edits.push(edit);
		});
		if (edits.length === 0 && problems.length > 0)
			return { ok: false, error: problems.slice(0, 3).join('; ') };
		for (const p of problems) warnings.push(`${p}; dropped`);
		if (edits.length > o.editBudget)
			warnings.push(`kept the first ${o.editBudget} of ${edits.length} edits (budget)`);
		warnings.push(...ignoredKeysWarning(ignored));
		return { ok: true, value: { failures, edits: edits.slice(0, o.editBudget) }, warnings };
	});
}

function readIndices(
	value: unknown,
	keys: readonly string[],
	name: string,
	o: Options,
	warnings: string[],
	alsoKnown: readonly string[] = []
): number[] | string {
	const hint = 'an array of item numbers from the list';
	const source = Array.isArray(value) ? value : isObject(value) ? pick(value, keys) : undefined;
	if (!Array.isArray(value) && !isObject(value)) {
		return `expected a JSON object with "${name}" (got ${describe(value)})`;
	}
	const list = v.safeParse(listOf(hint), source);
	if (!list.success) return firstIssue(list.issues, [name]);
	if (Array.isArray(value)) warnings.push(`expected {"${name}": [...]}; read the array`);
	else warnings.push(...ignoredKeysWarning(unknownKeys(value, [...keys, ...alsoKnown], [])));
	const index = indexReader(0, o.listSize);
	const out: number[] = [];
	const bad: string[] = [];
	for (const x of list.output) {
		const n = v.safeParse(index, x);
		if (!n.success) bad.push(describe(x));
		else if (out.includes(n.output)) warnings.push(`index ${n.output} repeated; kept once`);
		else out.push(n.output);
	}
	const range = Number.isFinite(o.listSize) ? ` (valid: 0–${o.listSize - 1})` : '';
	if (out.length === 0) {
		return bad.length > 0
			? `"${name}" has no valid index${range}: ${bad.slice(0, 5).join(', ')}`
			: `"${name}" is empty; list at least one index${range}`;
	}
	if (bad.length > 0)
		warnings.push(`ignored invalid indices${range}: ${bad.slice(0, 5).join(', ')}`);
	return out;
}

/**
 * A merge answer: `{ keep: [indices] }` into the numbered pool of `listSize` edits.
 *
 * @example parseMergeOutput('{"keep": [2, "0", 2, 9]}', { listSize: 3 }) // ok, keep [2, 0], with warnings
 */
export function parseMergeOutput(
	answer: unknown,
	options: ParseOptions = {}
): ParseResult<MergeOutput> {
	return guarded('merge', answer, options, (value, o, warnings) => {
		const keep = readIndices(value, ['keep', 'kept', 'indices'], 'keep', o, warnings);
		return typeof keep === 'string'
			? { ok: false, error: keep }
			: { ok: true, value: { keep }, warnings };
	});
}

/**
 * A ranking answer: `{ selected: [indices] }`, most important first, cut to `editBudget`.
 *
 * @example parseRankOutput('{"selected_indices": [3, 1, 0]}', { listSize: 5, editBudget: 2 }) // ok, selected [3, 1]
 */
export function parseRankOutput(
	answer: unknown,
	options: ParseOptions = {}
): ParseResult<RankOutput> {
	return guarded('rank', answer, options, (value, o, warnings) => {
		const keys = ['selected', 'selected_indices', 'ranking', 'indices'];
		// The reference's ranking answer carries its reasoning; read past it without a warning.
		const selected = readIndices(value, keys, 'selected', o, warnings, ['reasoning']);
		if (typeof selected === 'string') return { ok: false, error: selected };
		if (selected.length > o.editBudget)
			warnings.push(`kept the first ${o.editBudget} of ${selected.length} indices (budget)`);
		return { ok: true, value: { selected: selected.slice(0, o.editBudget) }, warnings };
	});
}

function readText(
	value: unknown,
	keys: readonly string[],
	name: string,
	o: Options,
	warnings: string[]
): string | { error: string } {
	const top = v.safeParse(objectWith(`"${name}"`), value);
	if (!top.success) return { error: firstIssue(top.issues) };
	const read = v.safeParse(textOf(), pick(top.output, keys));
	if (!read.success) return { error: firstIssue(read.issues, [name]) };
	warnings.push(...ignoredKeysWarning(unknownKeys(top.output, keys, [])));
	let clean = read.output;
	if (containsMarker(clean)) {
		clean = stripMarkers(clean);
		// Stripping can join halves into a new marker (`SLOW_UPDATESLOW_UPDATE_START_START`);
		// such text must never reach the document, so the answer is refused (and retried).
		const left = markerIn(clean);
		if (left !== undefined) {
			return {
				error: `"${name}" must not mention the protected-region marker ${left}; write the text without it`
			};
		}
		warnings.push('removed protected-region markers from the text');
	}
	clean = clean.trim();
	const clipped = clipText(clean, o.maxTextChars);
	if (clipped.length < clean.length) warnings.push(`text cut to ${o.maxTextChars} characters`);
	return clipped;
}

/**
 * A slow-update answer: `{ guidance }`, the new text of the protected block (markers removed).
 *
 * @example parseSlowUpdateOutput('{"guidance": "Check units first."}') // ok, guidance 'Check units first.'
 */
export function parseSlowUpdateOutput(
	answer: unknown,
	options: ParseOptions = {}
): ParseResult<SlowUpdateOutput> {
	return guarded('slow-update', answer, options, (value, o, warnings) => {
		const keys = ['guidance', 'slow_update_content', 'content'];
		const text = readText(value, keys, 'guidance', o, warnings);
		return typeof text === 'string'
			? { ok: true, value: { guidance: text }, warnings }
			: { ok: false, error: text.error };
	});
}

/**
 * A meta-skill answer: `{ metaSkill }`, notes for the optimiser itself.
 *
 * @example parseMetaSkillOutput('{"meta_skill_content": "Short rules win."}') // ok, metaSkill 'Short rules win.'
 */
export function parseMetaSkillOutput(
	answer: unknown,
	options: ParseOptions = {}
): ParseResult<MetaSkillOutput> {
	return guarded('meta-skill', answer, options, (value, o, warnings) => {
		const keys = ['metaSkill', 'meta_skill', 'meta_skill_content'];
		const text = readText(value, keys, 'metaSkill', o, warnings);
		return typeof text === 'string'
			? { ok: true, value: { metaSkill: text }, warnings }
			: { ok: false, error: text.error };
	});
}

const PARSERS: {
	[S in OptimiserStage]: (answer: unknown, options: ParseOptions) => ParseResult<StageOutputs[S]>;
} = {
	'failure-analyst': parseAnalystOutput,
	'success-analyst': parseAnalystOutput,
	merge: parseMergeOutput,
	rank: parseRankOutput,
	'slow-update': parseSlowUpdateOutput,
	'meta-skill': parseMetaSkillOutput
};

/**
 * Parses `answer` as the output of `stage`.
 *
 * @example
 * const parsed = parseStageOutput('rank', text, { listSize: 6, editBudget: 2 })
 * if (!parsed.ok) retryWith(retryPrompt(parsed.error))
 */
export function parseStageOutput<S extends OptimiserStage>(
	stage: S,
	answer: unknown,
	options: ParseOptions = {}
): ParseResult<StageOutputs[S]> {
	const parser = own(PARSERS, stage) as
		((a: unknown, o: ParseOptions) => ParseResult<StageOutputs[S]>) | undefined;
	if (parser === undefined) return { ok: false, error: `unknown stage ${describe(stage)}` };
	return parser(answer, options);
}

/**
 * The user message for the one repair retry.
 *
 * @example retryPrompt('missing "edits"') // 'Your previous answer failed: missing "edits". Reply again with exactly one JSON object and nothing else.'
 */
export function retryPrompt(error: string): string {
	return `Your previous answer failed: ${error}. Reply again with exactly one JSON object and nothing else.`;
}
