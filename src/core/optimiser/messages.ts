/**
 * Turning valibot issues into the short sentences the optimiser's one retry shows the model
 * ("edits[2].line must be a line number ≥ 1 (got 0)"), and reporting keys the reader ignored.
 *
 * Schemas here give message *tails* ("must be text (got 3)"); the path is only known once the
 * issue has bubbled up, so `issueText` puts it in front: `"guidance"` for a top-level key (as a
 * model would write it), `edits[0].op` below that.
 */
import type * as v from 'valibot';

type Segment = string | number;

/**
 * A short description of a value for a message: text quoted and cut, containers by kind.
 *
 * @example describe('a very long answer that goes on and on and on') // '"a very long answer that goes o…"'
 */
export function describe(x: unknown): string {
	if (x === null) return 'null';
	if (x === undefined) return 'nothing';
	if (Array.isArray(x)) return 'an array';
	if (typeof x === 'string') return `"${x.length > 30 ? `${x.slice(0, 30)}…` : x}"`;
	if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
	return typeof x === 'object' ? 'an object' : typeof x;
}

/**
 * A path as a model would read it.
 *
 * @example pathText(['guidance']) // '"guidance"'
 * @example pathText(['edits', 0, 'op']) // 'edits[0].op'
 */
export function pathText(path: readonly Segment[]): string {
	if (path.length === 1 && typeof path[0] === 'string') return `"${path[0]}"`;
	return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function segmentOf(item: { key: unknown }): Segment {
	return typeof item.key === 'number' ? item.key : String(item.key);
}

/**
 * One issue as a sentence, its path (after `base`) in front. `hints` add what a missing key
 * should hold (`{ op: 'one of append, …' }`).
 *
 * @example issueText(issue, ['edits', 2]) // 'edits[2].line must be a line number ≥ 1 (got 0)'
 */
export function issueText(
	issue: v.BaseIssue<unknown>,
	base: readonly Segment[] = [],
	hints: Readonly<Record<string, string>> = {}
): string {
	const path = [...base, ...(issue.path ?? []).map(segmentOf)];
	const at = pathText(path);
	// A required key that is absent (valibot's object schemas report it with the key expected).
	if (issue.kind === 'schema' && issue.type.endsWith('object') && issue.input === undefined) {
		const last = path[path.length - 1];
		const hint = typeof last === 'string' ? own(hints, last) : undefined;
		return `missing ${at}${typeof hint === 'string' ? ` (${hint})` : ''}`;
	}
	if (issue.message.startsWith(MISSING))
		return `missing ${at}${issue.message.slice(MISSING.length)}`;
	return at === '' ? issue.message : `${at} ${issue.message}`;
}

/** A message tail that reads "missing <path> …" once the path is known. */
export const MISSING = 'is missing';

/** The first issue as a sentence (valibot never reports a failure without one). */
export function firstIssue(
	issues: readonly v.BaseIssue<unknown>[],
	base: readonly Segment[] = [],
	hints: Readonly<Record<string, string>> = {}
): string {
	const issue = issues[0];
	return issue === undefined
		? 'the answer does not have the expected shape'
		: issueText(issue, base, hints);
}

// Named like the machinery of JavaScript objects: never read as data, always reported.
const BUILT_IN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys of `value` (own keys only) that the reader does not know, with their paths, for one
 * warning: a model's stray `"reason"` is harmless, but nothing is dropped without a word, and a
 * key named like `__proto__` is never read as data.
 *
 * @example unknownKeys({ keep: [1], why: 'x' }, ['keep'], []) // ['"why"']
 */
export function unknownKeys(
	value: unknown,
	known: readonly string[],
	base: readonly Segment[]
): string[] {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
	return Object.keys(value)
		.filter((key) => BUILT_IN.has(key) || !known.includes(key))
		.map((key) => pathText([...base, key]));
}

/** The one warning for ignored keys, if any. */
export function ignoredKeysWarning(paths: readonly string[]): string[] {
	if (paths.length === 0) return [];
	const shown = paths.slice(0, 5).join(', ');
	return [
		`ignored unknown keys: ${shown}${paths.length > 5 ? ` and ${paths.length - 5} more` : ''}`
	];
}

/** Whether `obj` has `key` as its own property (not one inherited from `Object.prototype`). */
export function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
