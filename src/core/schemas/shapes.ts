/**
 * Building blocks for the schemas of untrusted formats (pack files, workspace files, run
 * snapshots), on top of valibot.
 *
 * valibot's `object`, `looseObject` and `record` skip the keys `__proto__`, `constructor` and
 * `prototype` without a word, and accept arrays where an object is expected. Outside documents
 * may hold either, so the shapes here never drop a key silently: a closed shape (`closed`)
 * reports every key it does not know, a dangerous one by name; a record whose keys are the
 * user's data (`dataRecord`, `jsonValue`) keeps such keys as plain own properties. Messages are
 * `code|template` strings that `issues.ts` renders once the issue's full path is known.
 */
import * as v from 'valibot';

export type Issue = v.BaseIssue<unknown>;
export type PathItem = v.IssuePathItem;

/** Keys that change how an object behaves when assigned naively; never silently dropped. */
export const DANGEROUS_KEYS: ReadonlySet<string> = new Set([
	'__proto__',
	'constructor',
	'prototype'
]);

/** JSON values nested deeper than this are refused (recursive readers would overflow). */
export const MAX_JSON_DEPTH = 64;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A message: a stable code and a template (`{path}`, `{parent}`, `{key}`, `{kind}`, `{json}`). */
export function m(code: string, template: string): string {
	return `${code}|${template}`;
}

export function makeIssue(message: string, input: unknown, path?: PathItem[]): Issue {
	const issue: Issue = {
		kind: 'schema',
		type: 'custom',
		input,
		expected: null,
		received: typeof input,
		message
	};
	const [first, ...rest] = path ?? [];
	return first === undefined ? issue : { ...issue, path: [first, ...rest] };
}

export function pathItem(parent: unknown, key: string | number, value: unknown): PathItem {
	return typeof key === 'number'
		? { type: 'array', origin: 'value', input: parent as unknown[], key, value }
		: {
				type: 'object',
				origin: 'value',
				input: parent as Record<string, unknown>,
				key,
				value
			};
}

type AnySchema = v.GenericSchema;
type RunConfig = v.Config<Issue>;

/**
 * Runs `schema` on `parent[key]`, moving its issues under that key. Returns whether the value
 * was valid and its output.
 */
export function runAt<S extends AnySchema>(
	schema: S,
	parent: unknown,
	key: string | number,
	value: unknown,
	config: RunConfig,
	issues: Issue[]
): { ok: boolean; value: v.InferOutput<S> } {
	const out = schema['~run']({ value }, config);
	for (const issue of out.issues ?? [])
		issues.push({ ...issue, path: [pathItem(parent, key, value), ...(issue.path ?? [])] });
	return { ok: out.typed && out.issues === undefined, value: out.value as v.InferOutput<S> };
}

/**
 * A schema from a run function, for the few shapes valibot has no declarative form for (records
 * whose keys are data, JSON values of bounded depth). `run` pushes issues; any issue fails.
 */
export function fromRun<T>(
	expects: string,
	run: (input: unknown, config: RunConfig, issues: Issue[]) => T
): v.GenericSchema<unknown, T> {
	const base = v.custom<T>(() => true);
	const schema = {
		...base,
		expects,
		'~run'(dataset: v.UnknownDataset, config: RunConfig): v.OutputDataset<T, Issue> {
			const issues: Issue[] = [];
			const value = run(dataset.value, config, issues);
			const [first, ...rest] = issues;
			return first === undefined
				? { typed: true, value }
				: { typed: false, value, issues: [first, ...rest] };
		}
	};
	// The object keeps valibot's schema shape; only `~run` differs, which the cast cannot see.
	return schema as unknown as v.GenericSchema<unknown, T>;
}

export interface ClosedMessages {
	/** When the value is not a plain object (arrays included). */
	notObject: string;
	/** When a required key is absent. */
	missing: (key: string) => string;
	/** When a key is not one of the shape's. */
	unknown: (key: string) => string;
	/** When a key is `__proto__`, `constructor` or `prototype` (default: `dangerousKeyMessage`). */
	dangerous?: string;
}

export const dangerousKeyMessage = (code: string): string =>
	m(code, "{parent}: the field name '{key}' is not allowed (it is reserved by JavaScript)");

const objectRun = v.object({})['~run'];

/**
 * A closed object shape: valibot's `object` for the entries, plus a report of every key that is
 * not an entry (the dangerous ones by name), so nothing is ignored or dropped. Unlike valibot's
 * `strictObject`, it reports all unknown keys at once and refuses arrays. Works with `v.partial`.
 */
export function closed<const E extends v.ObjectEntries>(
	entries: E,
	messages: ClosedMessages,
	code = 'unknown-field'
): v.ObjectSchema<E, undefined> {
	const base = v.object(entries);
	const schema = {
		...base,
		'~run'(
			this: v.ObjectSchema<E, undefined>,
			dataset: v.UnknownDataset,
			config: RunConfig
		): v.OutputDataset<unknown, Issue> {
			const input = dataset.value;
			if (!isPlainObject(input))
				return { typed: false, value: input, issues: [makeIssue(messages.notObject, input)] };
			const out = objectRun.call(this, { value: input }, config) as v.OutputDataset<unknown, Issue>;
			const issues: Issue[] = [];
			for (const issue of out.issues ?? []) {
				const first = issue.path?.[0];
				const missing =
					issue.path?.length === 1 && first?.origin === 'key' && typeof first.key === 'string';
				issues.push(missing ? { ...issue, message: messages.missing(String(first.key)) } : issue);
			}
			for (const key of Object.keys(input)) {
				if (Object.hasOwn(this.entries, key)) continue;
				const message = DANGEROUS_KEYS.has(key)
					? (messages.dangerous ?? dangerousKeyMessage(code))
					: messages.unknown(key);
				issues.push(
					makeIssue(message, input[key], [
						{ type: 'object', origin: 'key', input, key, value: input[key] }
					])
				);
			}
			const [head, ...tail] = issues;
			return head === undefined ? out : { typed: false, value: out.value, issues: [head, ...tail] };
		}
	};
	return schema as v.ObjectSchema<E, undefined>;
}

/** Sets `out[key] = value` as an own data property, even for `__proto__`. */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

export interface DataRecordOptions {
	notObject: string;
	/** A rule for the keys, with its message (reported at the key). */
	key?: { test: (key: string) => boolean; message: string };
	/** When the record must have at least one key. */
	empty?: string;
}

/**
 * A record whose keys are the user's data (template variables, JSON field names, features):
 * every own key is kept, `__proto__` and `constructor` included, as a plain own property.
 */
export function dataRecord<S extends AnySchema>(
	valueSchema: S,
	options: DataRecordOptions
): v.GenericSchema<unknown, Record<string, v.InferOutput<S>>> {
	return fromRun('Object', (input, config, issues) => {
		const out: Record<string, v.InferOutput<S>> = {};
		if (!isPlainObject(input)) {
			issues.push(makeIssue(options.notObject, input));
			return out;
		}
		const keys = Object.keys(input);
		if (keys.length === 0 && options.empty !== undefined)
			issues.push(makeIssue(options.empty, input));
		for (const key of keys) {
			if (options.key !== undefined && !options.key.test(key)) {
				issues.push(
					makeIssue(options.key.message, key, [
						{ type: 'object', origin: 'key', input, key, value: input[key] }
					])
				);
				continue;
			}
			const read = runAt(valueSchema, input, key, input[key], config, issues);
			if (read.ok) setOwn(out, key, read.value);
		}
		return out;
	});
}

/** JSON value, as in the pack types. */
export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Why `value` is not plain JSON of bounded depth, or undefined when it is. Iterative, so a
 * hostile document cannot overflow the stack.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
	const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
	while (stack.length > 0) {
		const next = stack.pop();
		if (next === undefined) break;
		const { value: at, depth } = next;
		if (at === null || typeof at === 'string' || typeof at === 'boolean') continue;
		if (typeof at === 'number') {
			if (!Number.isFinite(at)) return 'has a number that is not finite';
			continue;
		}
		if (typeof at !== 'object') return `holds ${kindOf(at)}`;
		if (depth >= maxDepth) return `is nested more than ${maxDepth} levels deep`;
		const children = Array.isArray(at) ? at : Object.values(at);
		for (const child of children) stack.push({ value: child, depth: depth + 1 });
	}
	return undefined;
}

/** Plain JSON, kept as given (keys such as `__proto__` stay own data properties). */
export function jsonValue(code: string): v.GenericSchema<unknown, JsonValue> {
	return fromRun('JSON', (input, _config, issues) => {
		const problem = jsonProblem(input);
		if (problem !== undefined)
			issues.push(makeIssue(m(code, `{path} must be plain JSON: it ${problem}`), input));
		return input as JsonValue;
	});
}

/**
 * The path to the first spot of `value` nested deeper than `maxDepth`, or undefined. Checked
 * before any schema runs: schemas recurse, and a hostile file can nest a million levels deep.
 */
export function tooDeep(value: unknown, maxDepth: number): (string | number)[] | undefined {
	// Each entry links to its parent's, so a path is only built for the one spot reported.
	interface At {
		value: unknown;
		depth: number;
		key: string | number;
		parent: At | undefined;
	}
	const stack: At[] = [{ value, depth: 0, key: '', parent: undefined }];
	while (stack.length > 0) {
		const at = stack.pop();
		if (at === undefined) break;
		const node = at.value;
		if (typeof node !== 'object' || node === null) continue;
		if (at.depth >= maxDepth) {
			const path: (string | number)[] = [];
			for (let p: At | undefined = at; p?.parent !== undefined; p = p.parent) path.unshift(p.key);
			return path;
		}
		const depth = at.depth + 1;
		if (Array.isArray(node))
			node.forEach((child, key) => stack.push({ value: child, depth, key, parent: at }));
		else
			for (const key of Object.keys(node))
				stack.push({ value: (node as Record<string, unknown>)[key], depth, key, parent: at });
	}
	return undefined;
}

/** "a number", "an array", "null", "nothing"... for messages. */
export function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	const type = typeof value;
	return type === 'object' ? 'an object' : `a ${type}`;
}
