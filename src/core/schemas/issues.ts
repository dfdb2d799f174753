/**
 * Turns valibot issues into the messages people read: `code|template` messages (see `shapes.ts`)
 * are filled in with the path of the offending value, relative to the part being described
 * (an item, a record), so each message names the exact field. An issue without a template
 * (a valibot default) still gets a sentence with its path, so no input ends with an empty or
 * pathless error.
 */
import type { Issue } from './shapes.ts';
import { kindOf } from './shapes.ts';

export type PathKey = string | number;

export interface RenderedIssue {
	code: string;
	/** The sentence, with paths relative to `from`. */
	text: string;
	/** The full path of the offending value. */
	path: PathKey[];
}

export function pathOf(issue: Issue): PathKey[] {
	const keys: PathKey[] = [];
	for (const item of issue.path ?? []) {
		const key: unknown = item.key;
		if (typeof key === 'string' || typeof key === 'number') keys.push(key);
	}
	return keys;
}

/** `splits.val[3].input`. */
export function formatPath(keys: readonly PathKey[]): string {
	let out = '';
	for (const key of keys) {
		if (typeof key === 'number') out += `[${key}]`;
		else out += out === '' ? key : `.${key}`;
	}
	return out;
}

/** A value for a message: JSON, clipped, never throwing (huge strings, cycles, BigInt). */
export function describeValue(value: unknown, max = 60): string {
	let text: string;
	try {
		text =
			typeof value === 'string'
				? JSON.stringify(clip(value, max))
				: (JSON.stringify(value) ?? kindOf(value));
	} catch {
		text = kindOf(value);
	}
	return clip(text, max);
}

function clip(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Renders one issue; `prefix` is where the validated value sits in its document, for messages
 * that name their path from there (`grader.of[0]`).
 */
export function renderIssue(issue: Issue, prefix: readonly PathKey[] = []): RenderedIssue {
	const path = [...prefix, ...pathOf(issue)];
	const relative = path;
	const split = issue.message.indexOf('|');
	const code = split > 0 ? issue.message.slice(0, split) : 'invalid';
	const template = split > 0 ? issue.message.slice(split + 1) : `{path}: ${issue.message}`;
	const last = relative.at(-1);
	const values: Record<string, string> = {
		path: formatPath(relative),
		parent: formatPath(relative.slice(0, -1)),
		key: last === undefined ? '' : String(last),
		kind: kindOf(issue.input),
		json: describeValue(issue.input),
		quoted:
			typeof issue.input === 'string' ? `'${clip(issue.input, 60)}'` : describeValue(issue.input)
	};
	const text = template
		.replace(/\{(path|parent|key|kind|json|quoted)\}/gu, (_, name: string) => values[name] ?? '')
		.replace(/^: /u, '')
		.replace(/^ /u, '');
	return { code, text: text === '' ? 'invalid value' : text, path };
}
