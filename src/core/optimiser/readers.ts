/**
 * Tolerant valibot readers for optimiser answers: what a weak model writes, read into the exact
 * shapes of `answers.ts`.
 *
 * Small models drift towards near-miss spellings (`add` for `append`, `"L7"` for 7, `anchor` for
 * `target`, the reference's `failure_summary`, `selected_indices`, `slow_update_content`, …), so
 * these schemas normalise before they validate (`transform` is fine here: they are never turned
 * into JSON Schemas). Messages are tails that `messages.ts` puts a path in front of.
 */
import * as v from 'valibot';
import { EDIT_OPS, type EditOp } from '../optimiser-io.ts';
import type { ProposedEdit } from './answers.ts';
import { MISSING, describe, own } from './messages.ts';

type Json = Record<string, unknown>;

export function isObject(x: unknown): x is Json {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The first of `keys` that `obj` has as its own, non-null value. */
export function pick(obj: Json, keys: readonly string[]): unknown {
	for (const key of keys) {
		const value = own(obj, key);
		if (value !== undefined && value !== null) return value;
	}
	return undefined;
}

export const OP_LIST = EDIT_OPS.join(', ');

const OP_ALIASES: Record<string, EditOp> = {
	add: 'append',
	insert: 'insert_after',
	insertafter: 'insert_after',
	remove: 'delete'
};

/** `"Insert-After"` → `insert_after`; anything unrecognised is returned as it came. */
function normaliseOp(x: unknown): unknown {
	if (typeof x !== 'string') return x;
	const key = x
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/gu, '_');
	if ((EDIT_OPS as readonly string[]).includes(key)) return key;
	return own(OP_ALIASES, key.replace(/_/gu, '')) ?? x;
}

/** A numeric string (`"7"`, `"L7"`) as its number; absent-looking values as `undefined`. */
function numberish(x: unknown): unknown {
	if (x === null || x === '') return undefined;
	if (typeof x === 'string' && /^\s*L?\d+\s*$/iu.test(x))
		return Number(x.trim().replace(/^L/iu, ''));
	return x;
}

const nullToUndefined = (x: unknown): unknown => (x === null ? undefined : x);

const got = (what: string) => (issue: v.BaseIssue<unknown>) =>
	`${what} (got ${describe(issue.input)})`;

/** A whole number ≥ `min`, from a number or a numeric string. */
export function indexReader(min: number, below = Number.POSITIVE_INFINITY) {
	const message = got(
		Number.isFinite(below)
			? `must be a whole number in ${min}–${below - 1}`
			: `must be a whole number ≥ ${min}`
	);
	return v.pipe(
		v.unknown(),
		v.transform(numberish),
		v.number(message),
		v.integer(message),
		v.minValue(min, message),
		v.maxValue(below - 1, message)
	);
}

const optionalText = v.optional(
	v.pipe(v.unknown(), v.transform(nullToUndefined), v.optional(v.string(got('must be text'))))
);

const lineMessage = got('must be a line number ≥ 1');

/** One proposed edit, or the first thing wrong with it. */
export function editReader(maxTarget: number) {
	return v.pipe(
		// valibot's object schemas take arrays too; an edit is a plain object.
		v.custom<Json>(isObject, got('must be an object')),
		v.looseObject(
			{
				op: v.pipe(
					v.unknown(),
					v.transform(normaliseOp),
					v.picklist(EDIT_OPS, got(`must be one of ${OP_LIST}`))
				),
				line: v.optional(
					v.pipe(
						v.unknown(),
						v.transform(numberish),
						v.optional(
							v.pipe(v.number(lineMessage), v.integer(lineMessage), v.minValue(1, lineMessage))
						)
					)
				),
				target: optionalText,
				anchor: optionalText,
				content: optionalText
			},
			got('must be an object')
		),
		v.transform((raw) => {
			const edit: ProposedEdit = { op: raw.op };
			if (raw.line !== undefined) edit.line = raw.line;
			const target = raw.target ?? raw.anchor;
			if (target !== undefined && target.trim() !== '') edit.target = target;
			const content = raw.content?.trim();
			if (content !== undefined && content !== '') edit.content = content;
			return edit;
		}),
		v.check(
			(e) => e.target === undefined || e.target.length <= maxTarget,
			`target is longer than ${maxTarget} characters; quote less of it or use "line"`
		),
		v.check(
			(e) =>
				(e.op !== 'replace' && e.op !== 'delete') || e.line !== undefined || e.target !== undefined,
			(issue) => `(${opOf(issue.input)}) needs "line" or "target"`
		),
		v.check(
			(e) => e.op === 'delete' || e.content !== undefined,
			(issue) => `(${opOf(issue.input)}) needs "content"`
		)
	);
}

function opOf(x: unknown): string {
	return isObject(x) && typeof x.op === 'string' ? x.op : 'edit';
}

export const EDIT_KEYS = ['op', 'line', 'target', 'anchor', 'content'] as const;
export const FAILURE_KEYS = ['type', 'failure_type', 'count', 'description', 'desc'] as const;

/** One failure pattern, leniently: a missing type is `other`, a bad count is 1. */
export const failureReader = v.pipe(
	v.custom<Json>(isObject, 'is not an object'),
	v.transform((f) => {
		const type = pick(f, ['type', 'failure_type']);
		const description = pick(f, ['description', 'desc']);
		const count = v.safeParse(indexReader(0), own(f, 'count'));
		return {
			type: typeof type === 'string' ? type.trim() : '',
			count: count.success ? count.output : 1,
			description: typeof description === 'string' ? description.trim() : ''
		};
	}),
	v.check((f) => f.description !== '', 'has no description')
);

/** The top level of an answer that must be an object with `names` (for the message). */
export function objectWith(names: string) {
	return v.custom<Json>(isObject, got(`expected a JSON object with ${names}`));
}

/** A list under `name`: absent → "missing", another type → says what came. */
export function listOf(hint: string) {
	return v.pipe(
		v.unknown(),
		v.check((x) => x !== undefined && x !== null, `${MISSING} (${hint})`),
		v.array(v.unknown(), got(`must be ${hint}`))
	);
}

/** Text under a key. */
export function textOf() {
	return v.pipe(
		v.unknown(),
		v.check((x) => x !== undefined && x !== null, `${MISSING} (text)`),
		v.string(got('must be text'))
	);
}
