/**
 * Reading each optimiser stage's answer into its typed output (src/core/optimiser-io.ts).
 *
 * Nothing an optimiser returns may crash the run or corrupt the skill (method doc, section P):
 * every function here returns `{ ok: false, error }` instead of throwing, on any input. Errors
 * are specific and short because the stage retries once with "Your previous answer failed:
 * <error>". Answers that are mostly right are kept: invalid entries are dropped with a warning,
 * edit lists are clipped to the budget and over-long text is cut at a sentence boundary. A few
 * near-miss spellings are accepted (`add` for `append`, the reference's `failure_summary`,
 * `patch.edits`, `selected_indices`, `slow_update_content`, …) since weak models drift towards
 * them.
 */
import type { OptimiserStage } from '../ports.ts';
import {
	EDIT_OPS,
	type AnalystOutput,
	type EditOp,
	type MergeOutput,
	type MetaSkillOutput,
	type ProposedEdit,
	type RankOutput,
	type SlowUpdateOutput
} from '../optimiser-io.ts';
import { containsMarker, markerIn, stripMarkers } from '../skill/markers.ts';
import { extractJson } from './json-extract.ts';

export type ParseResult<T> =
	{ ok: true; value: T; warnings: string[] } | { ok: false; error: string };

/** Each stage's output type. */
export interface StageOutputs {
	'failure-analyst': AnalystOutput;
	'success-analyst': AnalystOutput;
	merge: MergeOutput;
	rank: RankOutput;
	'slow-update': SlowUpdateOutput;
	'meta-skill': MetaSkillOutput;
}

export interface ParseOptions {
	/**
	 * Most edits an analyst may return, and most indices a ranking may select. (The reference caps
	 * analysts at the configured maximum budget and ranking at the scheduled one.)
	 */
	editBudget?: number;
	/** Size of the numbered list that merge and rank index into. */
	listSize?: number;
	/** Cap on one edit's content, in characters. */
	maxContentChars?: number;
	/** Cap on slow-update guidance and meta-skill text, in characters. */
	maxTextChars?: number;
	/** Cap on an analyst's failure patterns. */
	maxFailures?: number;
	/** Cap on the raw answer's length. */
	maxAnswerChars?: number;
}

export const PARSE_DEFAULTS = {
	editBudget: 3,
	maxContentChars: 400,
	maxTextChars: 1500,
	maxFailures: 8,
	maxAnswerChars: 200_000
} as const;

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function pick(obj: Json, ...keys: string[]): unknown {
	for (const key of keys) if (obj[key] !== undefined) return obj[key];
	return undefined;
}

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

function describe(x: unknown): string {
	if (x === null) return 'null';
	if (Array.isArray(x)) return 'an array';
	if (typeof x === 'string') return `"${x.length > 30 ? `${x.slice(0, 30)}…` : x}"`;
	return typeof x === 'object' ? 'an object' : String(x);
}

const OP_ALIASES: Record<string, EditOp> = {
	add: 'append',
	insert: 'insert_after',
	insertafter: 'insert_after',
	remove: 'delete'
};

function readOp(x: unknown): EditOp | undefined {
	if (typeof x !== 'string') return undefined;
	const key = x
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/gu, '_');
	if ((EDIT_OPS as readonly string[]).includes(key)) return key as EditOp;
	return OP_ALIASES[key.replace(/_/gu, '')];
}

/** A whole number ≥ min from a number or a numeric string (`"7"`, `"L7"`). */
function readIndex(x: unknown, min: number): number | undefined {
	const n =
		typeof x === 'number'
			? x
			: typeof x === 'string' && /^\s*L?\d+\s*$/iu.test(x)
				? Number(x.trim().replace(/^L/iu, ''))
				: NaN;
	return Number.isInteger(n) && n >= min ? n : undefined;
}

function readEdit(
	x: unknown,
	at: string,
	maxContent: number,
	warnings: string[]
): ProposedEdit | string {
	if (!isObject(x)) return `${at} must be an object (got ${describe(x)})`;
	const op = readOp(x.op);
	if (op === undefined)
		return `${at}.op must be one of ${EDIT_OPS.join(', ')} (got ${describe(x.op)})`;
	const edit: ProposedEdit = { op };
	const line = x.line;
	if (line !== undefined && line !== null && line !== '') {
		const n = readIndex(line, 1);
		if (n === undefined) return `${at}.line must be a line number ≥ 1 (got ${describe(line)})`;
		edit.line = n;
	}
	const target = pick(x, 'target', 'anchor');
	if (target !== undefined && target !== null) {
		if (typeof target !== 'string') return `${at}.target must be text (got ${describe(target)})`;
		if (target.trim() !== '') edit.target = target;
	}
	const content = x.content;
	if (content !== undefined && content !== null) {
		if (typeof content !== 'string') return `${at}.content must be text (got ${describe(content)})`;
		const trimmed = content.trim();
		if (trimmed !== '') {
			edit.content = clipText(trimmed, maxContent);
			if (edit.content.length < trimmed.length) {
				warnings.push(`${at}.content cut to ${maxContent} characters`);
			}
		}
	}
	if (
		(op === 'replace' || op === 'delete') &&
		edit.line === undefined &&
		edit.target === undefined
	) {
		return `${at} (${op}) needs "line" or "target"`;
	}
	if (op !== 'delete' && edit.content === undefined) return `${at} (${op}) needs "content"`;
	if (containsMarker(edit.content ?? '') || containsMarker(edit.target ?? '')) {
		warnings.push(`${at} mentions a protected-region marker; it will be refused`);
	}
	return edit;
}

function readFailures(
	x: unknown,
	options: Required<ParseOptions>,
	warnings: string[]
): AnalystOutput['failures'] {
	if (x === undefined || x === null) return [];
	if (!Array.isArray(x)) {
		warnings.push(`"failures" should be an array (got ${describe(x)}); ignored`);
		return [];
	}
	const out: AnalystOutput['failures'] = [];
	x.forEach((f: unknown, i) => {
		if (!isObject(f)) {
			warnings.push(`failures[${i}] is not an object; dropped`);
			return;
		}
		const type = pick(f, 'type', 'failure_type');
		const description = pick(f, 'description', 'desc');
		const count = readIndex(f.count, 0);
		if (typeof description !== 'string' || description.trim() === '') {
			warnings.push(`failures[${i}] has no description; dropped`);
			return;
		}
		out.push({
			type: typeof type === 'string' && type.trim() !== '' ? clipText(type.trim(), 60) : 'other',
			count: count ?? 1,
			description: clipText(description.trim(), 300)
		});
	});
	if (out.length > options.maxFailures)
		warnings.push(`kept the first ${options.maxFailures} failure patterns`);
	return out.slice(0, options.maxFailures);
}

function withDefaults(options: ParseOptions): Required<ParseOptions> {
	return {
		editBudget: Math.max(0, Math.floor(options.editBudget ?? PARSE_DEFAULTS.editBudget)),
		listSize: options.listSize ?? Number.POSITIVE_INFINITY,
		maxContentChars: options.maxContentChars ?? PARSE_DEFAULTS.maxContentChars,
		maxTextChars: options.maxTextChars ?? PARSE_DEFAULTS.maxTextChars,
		maxFailures: options.maxFailures ?? PARSE_DEFAULTS.maxFailures,
		maxAnswerChars: options.maxAnswerChars ?? PARSE_DEFAULTS.maxAnswerChars
	};
}

/** Runs `body` on the extracted JSON; any surprise becomes an error result, never a throw. */
function guarded<T>(
	answer: unknown,
	options: ParseOptions,
	body: (value: unknown, o: Required<ParseOptions>, warnings: string[]) => ParseResult<T>
): ParseResult<T> {
	try {
		const o = withDefaults(options);
		const extracted = extractJson(answer, o.maxAnswerChars);
		if (!extracted.ok) return extracted;
		return body(extracted.value, o, [...extracted.repairs]);
	} catch (err) {
		return {
			ok: false,
			error: `could not read the answer (${err instanceof Error ? err.name : 'error'})`
		};
	}
}

/**
 * An analyst's answer: `{ failures: [{type, count, description}], edits: [{op, line|target, content}] }`.
 * Edits beyond `editBudget` are dropped (first ones kept).
 *
 * @example
 * parseAnalystOutput('{"failures": [], "edits": [{"op": "add", "content": "Check units."},]}', { editBudget: 2 })
 * // { ok: true, value: { failures: [], edits: [{ op: 'append', content: 'Check units.' }] }, warnings: ['removed trailing commas'] }
 */
export function parseAnalystOutput(
	answer: unknown,
	options: ParseOptions = {}
): ParseResult<AnalystOutput> {
	return guarded(answer, options, (value, o, warnings) => {
		let rawEdits: unknown;
		let failures: AnalystOutput['failures'] = [];
		if (Array.isArray(value)) {
			warnings.push('expected an object with "edits"; read the array as the edits');
			rawEdits = value;
		} else if (isObject(value)) {
			const patch = value.patch;
			rawEdits = pick(value, 'edits') ?? (isObject(patch) ? patch.edits : undefined);
			failures = readFailures(pick(value, 'failures', 'failure_summary'), o, warnings);
		} else {
			return {
				ok: false,
				error: `expected a JSON object with "failures" and "edits" (got ${describe(value)})`
			};
		}
		if (rawEdits === undefined)
			return { ok: false, error: 'missing "edits" (an array of {op, line or target, content})' };
		if (!Array.isArray(rawEdits))
			return { ok: false, error: `"edits" must be an array (got ${describe(rawEdits)})` };
		const edits: ProposedEdit[] = [];
		const problems: string[] = [];
		rawEdits.forEach((x: unknown, i) => {
			const edit = readEdit(x, `edits[${i}]`, o.maxContentChars, warnings);
			if (typeof edit === 'string') problems.push(edit);
			else edits.push(edit);
		});
		if (edits.length === 0 && problems.length > 0)
			return { ok: false, error: problems.slice(0, 3).join('; ') };
		for (const p of problems) warnings.push(`${p}; dropped`);
		if (edits.length > o.editBudget)
			warnings.push(`kept the first ${o.editBudget} of ${edits.length} edits (budget)`);
		return { ok: true, value: { failures, edits: edits.slice(0, o.editBudget) }, warnings };
	});
}

function readIndices(
	value: unknown,
	keys: string[],
	name: string,
	o: Required<ParseOptions>,
	warnings: string[]
): number[] | string {
	const list = Array.isArray(value) ? value : isObject(value) ? pick(value, ...keys) : undefined;
	if (list === undefined) return `missing "${name}" (an array of item numbers from the list)`;
	if (!Array.isArray(list)) return `"${name}" must be an array of numbers (got ${describe(list)})`;
	if (Array.isArray(value)) warnings.push(`expected {"${name}": [...]}; read the array`);
	const out: number[] = [];
	const bad: string[] = [];
	for (const x of list as unknown[]) {
		const n = readIndex(x, 0);
		if (n === undefined || n >= o.listSize) bad.push(describe(x));
		else if (out.includes(n)) warnings.push(`index ${n} repeated; kept once`);
		else out.push(n);
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
	return guarded(answer, options, (value, o, warnings) => {
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
	return guarded(answer, options, (value, o, warnings) => {
		const selected = readIndices(
			value,
			['selected', 'selected_indices', 'ranking', 'indices'],
			'selected',
			o,
			warnings
		);
		if (typeof selected === 'string') return { ok: false, error: selected };
		if (selected.length > o.editBudget)
			warnings.push(`kept the first ${o.editBudget} of ${selected.length} indices (budget)`);
		return { ok: true, value: { selected: selected.slice(0, o.editBudget) }, warnings };
	});
}

function readText(
	value: unknown,
	keys: string[],
	name: string,
	o: Required<ParseOptions>,
	warnings: string[]
): string | { error: string } {
	if (!isObject(value))
		return { error: `expected a JSON object with "${name}" (got ${describe(value)})` };
	const text = pick(value, ...keys);
	if (text === undefined || text === null) return { error: `missing "${name}" (text)` };
	if (typeof text !== 'string') return { error: `"${name}" must be text (got ${describe(text)})` };
	let clean = text;
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
	return guarded(answer, options, (value, o, warnings) => {
		const text = readText(
			value,
			['guidance', 'slow_update_content', 'content'],
			'guidance',
			o,
			warnings
		);
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
	return guarded(answer, options, (value, o, warnings) => {
		const text = readText(
			value,
			['metaSkill', 'meta_skill', 'meta_skill_content'],
			'metaSkill',
			o,
			warnings
		);
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
	const parser = PARSERS[stage] as
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
