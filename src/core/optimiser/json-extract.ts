/**
 * Pulling one JSON value out of a model's answer, tolerantly.
 *
 * Small models wrap JSON in prose or code fences, leave trailing commas and type smart quotes.
 * The order follows the reference (method doc, section 10.2) with a few more repairs: a fenced
 * block; the whole answer; else the single top-level object found by a scan that honours JSON
 * strings (several objects → give up rather than guess); else the single top-level array.
 * Repairs (trailing commas, smart quotes) are tried only when plain parsing fails, and are
 * reported. Errors are short sentences meant to be shown back to the model in the one retry.
 * Nothing here throws.
 */
import { errorMessage } from '../errors.ts';

export type ExtractResult =
	{ ok: true; value: unknown; repairs: string[] } | { ok: false; error: string };

/** Default cap on the answer's length: anything longer is not a small JSON object. */
export const MAX_ANSWER_CHARS = 200_000;

interface Spans {
	spans: { from: number; to: number }[];
	unclosed: boolean;
}

/**
 * Top-level `open…close` spans. Quotes count only inside a span, so apostrophes and stray
 * quotes in the surrounding prose cannot derail the scan.
 */
function topLevelSpans(text: string, open: '{' | '[', close: '}' | ']'): Spans {
	const spans: { from: number; to: number }[] = [];
	let depth = 0;
	let start = -1;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (depth > 0 && inString) {
			if (ch === '\\') i++;
			else if (ch === '"') inString = false;
			continue;
		}
		if (depth > 0 && ch === '"') inString = true;
		else if (ch === open) {
			if (depth === 0) start = i;
			depth++;
		} else if (ch === close && depth > 0) {
			depth--;
			if (depth === 0) spans.push({ from: start, to: i + 1 });
		}
	}
	return { spans, unclosed: depth > 0 };
}

/** Removes commas that directly precede `}` or `]`, outside strings. */
function dropTrailingCommas(text: string): string {
	let out = '';
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i] ?? '';
		if (inString) {
			out += ch;
			if (ch === '\\') out += text[++i] ?? '';
			else if (ch === '"') inString = false;
			continue;
		}
		if (ch === '"') inString = true;
		if (ch === ',') {
			let j = i + 1;
			while (j < text.length && /\s/u.test(text[j] ?? '')) j++;
			if (text[j] === '}' || text[j] === ']') continue;
		}
		out += ch;
	}
	return out;
}

const SMART_DOUBLE = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/gu;
const HAS_SMART_DOUBLE = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/u;

function tryParse(
	text: string
): { ok: true; value: unknown; repairs: string[] } | { ok: false; error: string } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown, repairs: [] };
	} catch (err) {
		const fixed = dropTrailingCommas(text);
		if (fixed !== text) {
			try {
				return {
					ok: true,
					value: JSON.parse(fixed) as unknown,
					repairs: ['removed trailing commas']
				};
			} catch {
				// fall through to the original error, which points at the real problem
			}
		}
		const message = errorMessage(err);
		return { ok: false, error: `invalid JSON (${message.split('\n')[0]?.slice(0, 120) ?? ''})` };
	}
}

function extractFrom(text: string): ExtractResult {
	// A fenced block, possibly cut off before its closing fence.
	const fences = [...text.matchAll(/```[ \t]*[A-Za-z]*[ \t]*\r?\n?([\s\S]*?)(?:```|$)/g)];
	let fenceError: string | undefined;
	for (const fence of fences) {
		const body = (fence[1] ?? '').trim();
		if (!body.startsWith('{') && !body.startsWith('[')) continue;
		const parsed = tryParse(body);
		if (parsed.ok) return parsed;
		fenceError ??= parsed.error;
	}

	const whole = text.trim();
	if (whole.startsWith('{') || whole.startsWith('[')) {
		const parsed = tryParse(whole);
		if (parsed.ok) return parsed;
	}

	const objects = topLevelSpans(text, '{', '}');
	if (objects.spans.length > 1) {
		return {
			ok: false,
			error: `found ${objects.spans.length} separate JSON objects; answer with exactly one`
		};
	}
	const only = objects.spans[0];
	if (only !== undefined) return tryParse(text.slice(only.from, only.to));
	if (objects.unclosed) {
		return { ok: false, error: 'the JSON object is not closed (was the answer cut off?)' };
	}
	const arrays = topLevelSpans(text, '[', ']');
	const array = arrays.spans[0];
	if (arrays.spans.length === 1 && array !== undefined)
		return tryParse(text.slice(array.from, array.to));
	if (fenceError !== undefined) return { ok: false, error: fenceError };
	return { ok: false, error: 'no JSON object found in the answer' };
}

/**
 * The one JSON value in `answer`, or why there is none.
 *
 * @example extractJson('Sure!\n```json\n{"keep": [0, 2,]}\n```') // { ok: true, value: { keep: [0, 2] }, repairs: ['removed trailing commas'] }
 * @example extractJson('{"a": 1} {"b": 2}') // { ok: false, error: 'found 2 separate JSON objects; answer with exactly one' }
 */
export function extractJson(answer: unknown, maxChars = MAX_ANSWER_CHARS): ExtractResult {
	try {
		if (typeof answer !== 'string') return { ok: false, error: 'the answer is not text' };
		if (answer.length > maxChars) {
			return { ok: false, error: `the answer is too long (${answer.length} characters)` };
		}
		// Reasoning models put their thinking first; it may contain braces of its own.
		const text = answer.replace(/^\uFEFF/u, '').replace(/<think>[\s\S]*?(?:<\/think>|$)/giu, '');
		if (text.trim() === '') return { ok: false, error: 'the answer is empty' };
		const first = extractFrom(text);
		if (first.ok || !HAS_SMART_DOUBLE.test(text)) return first;
		const straight = extractFrom(text.replace(SMART_DOUBLE, '"'));
		return straight.ok
			? { ...straight, repairs: [...straight.repairs, 'replaced smart quotes'] }
			: first;
	} catch (err) {
		return {
			ok: false,
			error: `could not read the answer (${err instanceof Error ? err.name : 'error'})`
		};
	}
}
