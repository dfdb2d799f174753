/**
 * Pulling one JSON value out of a model's answer, tolerantly but without guessing.
 *
 * Small models wrap JSON in prose or code fences, leave trailing commas, use single quotes and
 * write multi-line edit content with raw newlines inside strings. The rules (method doc, section
 * 10.2, made stricter):
 * - candidates are the *closed* top-level `{…}` / `[…]` spans, found by a scan that honours JSON
 *   strings and bracket kinds (a `]` cannot close a `{`); fenced blocks are looked at first;
 * - a span that does not parse, even after repair, is prose (`"{not json}"`, `{this}`) and is
 *   ignored; two spans that parse mean the answer is ambiguous and is refused;
 * - objects win over arrays (a reference like `[1]` in prose must not beat the answer object);
 * - the repair pass (the maintained `jsonrepair`) runs only on one closed span that looks like
 *   JSON, never on the whole answer, so it can neither close a truncated object nor wrap two
 *   objects into an array. An unclosed object stays a parse failure (the stage retries once).
 * Errors are short sentences meant to be shown back to the model in the one retry. Nothing here
 * throws.
 */
import { jsonrepair } from 'jsonrepair';
import { errorMessage } from '../errors.ts';

export type ExtractResult =
	{ ok: true; value: unknown; repairs: string[] } | { ok: false; error: string };

/** Default cap on the answer's length: anything longer is not a small JSON object. */
export const MAX_ANSWER_CHARS = 200_000;

interface Span {
	from: number;
	to: number;
	kind: '{' | '[';
}

interface Scan {
	spans: Span[];
	/** A top-level `{` or `[` that never closed (an answer cut off). */
	unclosed: boolean;
}

const CLOSER: Record<string, string> = { '{': '}', '[': ']' };

/**
 * Closed top-level spans. Quotes count only inside a span, so apostrophes in the surrounding
 * prose cannot derail the scan; a closing bracket of the wrong kind is ignored, so
 * `{"a": [1, 2}` stays unclosed instead of being "closed" by the repair.
 */
export function topLevelSpans(text: string): Scan {
	const spans: Span[] = [];
	const stack: string[] = [];
	let start = -1;
	let quote = '';
	let previous = '';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i] ?? '';
		if (quote !== '') {
			if (ch === '\\') i++;
			else if (ch === quote) quote = '';
			continue;
		}
		const after = previous;
		if (!/\s/u.test(ch)) previous = ch;
		// Single-quoted strings (which the repair accepts) count where a JSON string could start,
		// so `{'a': '}` stays unclosed rather than being "closed" by the repair.
		if (stack.length > 0 && (ch === '"' || (ch === "'" && /^[{[,:]$/u.test(after)))) {
			quote = ch;
		} else if (ch === '{' || ch === '[') {
			if (stack.length === 0) start = i;
			stack.push(CLOSER[ch] ?? '');
		} else if (stack.length > 0 && ch === stack[stack.length - 1]) {
			stack.pop();
			if (stack.length === 0) {
				spans.push({ from: start, to: i + 1, kind: text[start] === '[' ? '[' : '{' });
			}
		}
	}
	return { spans, unclosed: stack.length > 0 };
}

/**
 * Whether a span is worth repairing: its first character after the bracket is one JSON (or the
 * single/smart-quoted JSON small models write) could start with. `{this}` and `[see above]` are
 * prose, and `jsonrepair` would happily turn them into `{"this": …}` and `["see above"]`.
 */
function looksLikeJson(span: string, kind: '{' | '['): boolean {
	const next = span.slice(1).trimStart()[0] ?? '';
	if (kind === '{') return /["',}\u201C\u201D\u2018\u2019]/u.test(next);
	return (
		/["'\]{[\d\-\u201C\u201D\u2018\u2019]/u.test(next) ||
		/^(?:true|false|null)\b/u.test(span.slice(1).trimStart())
	);
}

type Parsed = { ok: true; value: unknown; repairs: string[] } | { ok: false; error: string };

function firstLine(message: string): string {
	return message.split('\n')[0]?.slice(0, 120) ?? '';
}

/** A closed span, parsed as it is, else repaired; never a value of another kind than the span. */
function parseSpan(span: string, kind: '{' | '['): Parsed {
	try {
		return { ok: true, value: JSON.parse(span) as unknown, repairs: [] };
	} catch (err) {
		const error = `invalid JSON (${firstLine(errorMessage(err))})`;
		if (!looksLikeJson(span, kind)) return { ok: false, error };
		try {
			const value = JSON.parse(jsonrepair(span)) as unknown;
			// jsonrepair wraps several values in an array; a span is one value of its own kind.
			if (Array.isArray(value) !== (kind === '[')) return { ok: false, error };
			return { ok: true, value, repairs: [`repaired the JSON: ${firstLine(errorMessage(err))}`] };
		} catch {
			return { ok: false, error };
		}
	}
}

interface Found {
	value?: Parsed & { ok: true };
	/** Spans that parsed (beyond the first). */
	count: number;
	/** The first parse error, for when nothing parsed. */
	error?: string;
}

function pickFrom(text: string, spans: readonly Span[]): Found {
	const found: Found = { count: 0 };
	for (const kind of ['{', '['] as const) {
		for (const span of spans) {
			if (span.kind !== kind) continue;
			const parsed = parseSpan(text.slice(span.from, span.to), kind);
			if (parsed.ok) {
				found.count++;
				found.value ??= parsed;
			} else {
				found.error ??= parsed.error;
			}
		}
		// Objects first: an array elsewhere in prose does not compete with an object answer.
		if (found.count > 0) return found;
	}
	return found;
}

const FENCE = /```[ \t]*[A-Za-z]*[ \t]*\r?\n([\s\S]*?)```/g;

function extractFrom(text: string): ExtractResult {
	// Closed fenced blocks first: the prose around them may quote example objects.
	const fenced: Span[] = [];
	for (const fence of text.matchAll(FENCE)) {
		const body = fence[1] ?? '';
		const offset = (fence.index ?? 0) + fence[0].indexOf(body);
		for (const span of topLevelSpans(body).spans) {
			fenced.push({ ...span, from: span.from + offset, to: span.to + offset });
		}
	}
	const scan = topLevelSpans(text);
	let error: string | undefined;
	for (const spans of [fenced, scan.spans]) {
		const found = pickFrom(text, spans);
		if (found.count > 1) {
			return {
				ok: false,
				error: `found ${found.count} separate JSON values; answer with exactly one`
			};
		}
		if (found.value !== undefined) return found.value;
		error ??= found.error;
	}
	if (scan.unclosed) {
		return { ok: false, error: 'the JSON object is not closed (was the answer cut off?)' };
	}
	return { ok: false, error: error ?? 'no JSON object found in the answer' };
}

/**
 * The one JSON value in `answer`, or why there is none.
 *
 * @example extractJson('Sure!\n```json\n{"keep": [0, 2,]}\n```') // { ok: true, value: { keep: [0, 2] }, repairs: ['repaired the JSON: …'] }
 * @example extractJson('{"a": 1} {"b": 2}') // { ok: false, error: 'found 2 separate JSON values; answer with exactly one' }
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
		return extractFrom(text);
	} catch (err) {
		return {
			ok: false,
			error: `could not read the answer (${err instanceof Error ? err.name : 'error'})`
		};
	}
}
