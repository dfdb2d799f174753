/**
 * Locates the JSON object in a model output: the whole output when it is bare JSON, else fenced
 * blocks, else balanced `{…}` spans in the prose. It reports how it was found so the json_fields
 * grader can insist on bare JSON (`requireBare`) and on a single, unambiguous object.
 */

import type { JsonValue } from '../types.ts';

export type JsonObject = { [key: string]: JsonValue };

/** How the object was found: the whole output, one of N fenced blocks, or one of N spans. */
export interface FoundJson {
	object: JsonObject;
	/** `bare`: nothing but the object after trimming. */
	how: 'bare' | 'fenced' | 'embedded';
	/** How many distinct objects the output holds in that form (1 means unambiguous). */
	count: number;
}

// Parsing attempts on prose are capped so a pathological output stays cheap.
const MAX_ATTEMPTS = 200;

function asObject(text: string): JsonObject | undefined {
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			return value as JsonObject;
		}
	} catch {
		// Not JSON: the caller tries the next candidate.
	}
	return undefined;
}

/** The object in `output` and how it was found, or `undefined` when there is none. */
export function findJsonObject(output: string): FoundJson | undefined {
	const bare = asObject(output.trim());
	if (bare !== undefined) return { object: bare, how: 'bare', count: 1 };

	const fenced: JsonObject[] = [];
	for (const match of output.matchAll(/```[\w-]*[^\S\n]*\n([\s\S]*?)```/gu)) {
		const object = asObject((match[1] ?? '').trim());
		if (object !== undefined) fenced.push(object);
	}
	const lastFenced = fenced.at(-1);
	if (lastFenced !== undefined) return { object: lastFenced, how: 'fenced', count: fenced.length };

	const embedded = balancedObjects(output);
	const lastEmbedded = embedded.at(-1);
	if (lastEmbedded !== undefined) {
		return { object: lastEmbedded, how: 'embedded', count: embedded.length };
	}
	return undefined;
}

/**
 * Objects parsed from balanced `{…}` spans, outermost first: a span that does not parse (prose in
 * braces) is replaced by the spans nested in it. Strings are tracked only inside braces, since
 * quotes in prose need not pair up.
 */
function balancedObjects(output: string): JsonObject[] {
	const spans: Array<[number, number]> = [];
	const open: number[] = [];
	let inString = false;
	for (let i = 0; i < output.length; i++) {
		const ch = output.charCodeAt(i);
		if (inString) {
			if (ch === 92)
				i++; // backslash escapes the next character
			else if (ch === 34) inString = false;
		} else if (ch === 34 && open.length > 0) {
			inString = true;
		} else if (ch === 123) {
			open.push(i);
		} else if (ch === 125) {
			const start = open.pop();
			if (start !== undefined) spans.push([start, i + 1]);
		}
	}
	spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	const objects: JsonObject[] = [];
	let coveredUntil = -1;
	let attempts = 0;
	for (const [start, end] of spans) {
		if (start < coveredUntil) continue;
		if (++attempts > MAX_ATTEMPTS) break;
		const object = asObject(output.slice(start, end));
		if (object !== undefined) {
			objects.push(object);
			coveredUntil = end;
		}
	}
	return objects;
}
