/**
 * The `constraints` grader: instruction-following checks listed on each item (`item.checks`,
 * IFEval style): word and sentence counts, keywords, bullets, paragraphs, JSON, case, commas,
 * quotes, headings. hard = all pass, soft = fraction passed.
 *
 * Settled semantics: counts are whitespace-separated words, sentences ending in . ! ? (or a blank
 * line), `-`/`*`/`+`/`•` bullet lines, blank-line-separated paragraphs, and `#` headings outside
 * code fences. A count argument that is a bare number means exactly that many; `{min, max,
 * exact}` gives a range. Keywords, starts and ends compare case-insensitively (keywords on word
 * boundaries). Unknown operations and malformed arguments are GraderErrors from compileChecks, so
 * import validation can reject them; at grading time they score 0 with the reason.
 */

import type { ConstraintCheck, ConstraintOp, GraderSpec, JsonValue } from '../types.ts';
import { GraderError } from './errors.ts';
import { boundaryAfter, boundaryBefore, quote, result } from './text.ts';
import type { GradeFn } from './types.ts';
import { errorMessage } from '../../errors.ts';

type ConstraintsSpec = Extract<GraderSpec, { type: 'constraints' }>;

/** Every supported operation, in the order the reference lists them. */
export const CONSTRAINT_OPS: readonly ConstraintOp[] = [
	'minWords',
	'maxWords',
	'minSentences',
	'maxSentences',
	'mustInclude',
	'mustExclude',
	'startsWith',
	'endsWith',
	'bulletCount',
	'paragraphCount',
	'isJson',
	'allLowercase',
	'allUppercase',
	'noCommas',
	'wrappedInQuotes',
	'sectionHeaders'
];

/** A check ready to run: passes or not, with a few words on what was found. */
export interface CompiledCheck {
	readonly op: ConstraintOp;
	test(output: string): { pass: boolean; detail: string };
}

interface Range {
	min: number;
	max: number;
	text: string;
}

function fail(op: string, message: string): never {
	throw new GraderError(`constraint ${op}: ${message}`);
}

function countArg(op: string, arg: JsonValue | undefined): number {
	if (typeof arg !== 'number' || !Number.isInteger(arg) || arg < 0) {
		fail(op, 'argument must be a non-negative integer');
	}
	return arg;
}

function rangeArg(op: string, arg: JsonValue | undefined): Range {
	if (typeof arg === 'number') {
		const n = countArg(op, arg);
		return { min: n, max: n, text: `${n}` };
	}
	if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) {
		fail(op, 'argument must be a count or {min, max, exact}');
	}
	const read = (key: string): number | undefined =>
		arg[key] === undefined ? undefined : countArg(`${op}.${key}`, arg[key]);
	const exact = read('exact');
	if (exact !== undefined) return { min: exact, max: exact, text: `${exact}` };
	const min = read('min');
	const max = read('max');
	if (min === undefined && max === undefined) fail(op, 'argument needs min, max or exact');
	if (min !== undefined && max !== undefined && min > max)
		fail(op, `min ${min} exceeds max ${max}`);
	const text = min === undefined ? `≤${max}` : max === undefined ? `≥${min}` : `${min}–${max}`;
	return { min: min ?? 0, max: max ?? Number.POSITIVE_INFINITY, text };
}

function textArg(op: string, arg: JsonValue | undefined): string {
	if (typeof arg !== 'string' || arg.trim() === '') fail(op, 'argument must be a non-empty string');
	return arg;
}

function keywordsArg(op: string, arg: JsonValue | undefined): string[] {
	const list = typeof arg === 'string' ? [arg] : arg;
	if (
		!Array.isArray(list) ||
		list.length === 0 ||
		list.some((k) => typeof k !== 'string' || k.trim() === '')
	) {
		fail(op, 'argument must be a keyword or a list of keywords');
	}
	return list as string[];
}

function flagArg(op: string, arg: JsonValue | undefined): void {
	if (arg !== undefined && arg !== true && arg !== null) fail(op, 'takes no argument (or true)');
}

const fold = (text: string): string => text.normalize('NFKC').toLowerCase();

function words(output: string): number {
	const trimmed = output.trim();
	return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

function sentences(output: string): number {
	return output.split(/(?<=[.!?…。！？])\s+|\n\s*\n/u).filter((s) => /[\p{L}\p{N}]/u.test(s))
		.length;
}

/** Lines outside ``` code fences, so a code sample's `#` comments are not headings. */
function proseLines(output: string): string[] {
	const lines: string[] = [];
	let inFence = false;
	for (const line of output.split(/\r?\n/u)) {
		if (/^\s*```/u.test(line)) inFence = !inFence;
		else if (!inFence) lines.push(line);
	}
	return lines;
}

function bullets(output: string): number {
	return proseLines(output).filter((line) => /^\s*[-*+•]\s+\S/u.test(line)).length;
}

function paragraphs(output: string): number {
	return output.split(/\n\s*\n/u).filter((p) => p.trim() !== '').length;
}

function headings(output: string): number {
	return proseLines(output).filter((line) => /^\s{0,3}#{1,6}\s+\S/u.test(line)).length;
}

function containsKeyword(haystack: string, keyword: string): boolean {
	const needle = fold(keyword.trim());
	const wordStart = /^[\p{L}\p{N}]/u.test(needle);
	const wordEnd = /[\p{L}\p{N}]$/u.test(needle);
	let at = haystack.indexOf(needle);
	while (at >= 0) {
		const end = at + needle.length;
		if (
			(!wordStart || boundaryBefore(haystack, at)) &&
			(!wordEnd || boundaryAfter(haystack, end))
		) {
			return true;
		}
		at = haystack.indexOf(needle, at + 1);
	}
	return false;
}

function isJson(output: string): boolean {
	const trimmed = output.trim();
	const fenced = /^```[\w-]*[^\S\n]*\n([\s\S]*)\n?```$/u.exec(trimmed);
	try {
		JSON.parse(fenced?.[1] ?? trimmed);
		return true;
	} catch {
		return false;
	}
}

function counted(
	label: string,
	count: (output: string) => number,
	range: Range,
	unit: string
): CompiledCheck['test'] {
	return (output) => {
		const n = count(output);
		return { pass: n >= range.min && n <= range.max, detail: `${label} (${n} ${unit})` };
	};
}

function compileOne(check: ConstraintCheck): CompiledCheck {
	if (typeof check !== 'object' || check === null)
		throw new GraderError('a constraint check must be {op, arg}');
	const { op, arg } = check;
	const test = ((): CompiledCheck['test'] => {
		switch (op) {
			case 'minWords': {
				const n = countArg(op, arg);
				return counted(`minWords ${n}`, words, { min: n, max: Infinity, text: '' }, 'words');
			}
			case 'maxWords': {
				const n = countArg(op, arg);
				return counted(`maxWords ${n}`, words, { min: 0, max: n, text: '' }, 'words');
			}
			case 'minSentences': {
				const n = countArg(op, arg);
				return counted(
					`minSentences ${n}`,
					sentences,
					{ min: n, max: Infinity, text: '' },
					'sentences'
				);
			}
			case 'maxSentences': {
				const n = countArg(op, arg);
				return counted(`maxSentences ${n}`, sentences, { min: 0, max: n, text: '' }, 'sentences');
			}
			case 'bulletCount': {
				const range = rangeArg(op, arg);
				return counted(`bulletCount ${range.text}`, bullets, range, 'bullets');
			}
			case 'paragraphCount': {
				const range = rangeArg(op, arg);
				return counted(`paragraphCount ${range.text}`, paragraphs, range, 'paragraphs');
			}
			case 'sectionHeaders': {
				const range = rangeArg(op, arg);
				return counted(`sectionHeaders ${range.text}`, headings, range, 'headings');
			}
			case 'mustInclude': {
				const keywords = keywordsArg(op, arg);
				return (output) => {
					const text = fold(output);
					const missing = keywords.filter((k) => !containsKeyword(text, k));
					return {
						pass: missing.length === 0,
						detail:
							missing.length === 0
								? 'mustInclude'
								: `mustInclude (missing ${missing.map((k) => quote(k, 20)).join(', ')})`
					};
				};
			}
			case 'mustExclude': {
				const keywords = keywordsArg(op, arg);
				return (output) => {
					const text = fold(output);
					const present = keywords.filter((k) => containsKeyword(text, k));
					return {
						pass: present.length === 0,
						detail:
							present.length === 0
								? 'mustExclude'
								: `mustExclude (found ${present.map((k) => quote(k, 20)).join(', ')})`
					};
				};
			}
			case 'startsWith': {
				const prefix = fold(textArg(op, arg).trim());
				return (output) => ({
					pass: fold(output.trim()).startsWith(prefix),
					detail: `startsWith ${quote(prefix, 20)}`
				});
			}
			case 'endsWith': {
				const suffix = fold(textArg(op, arg).trim());
				return (output) => ({
					pass: fold(output.trim()).endsWith(suffix),
					detail: `endsWith ${quote(suffix, 20)}`
				});
			}
			case 'isJson':
				flagArg(op, arg);
				return (output) => ({ pass: isJson(output), detail: 'isJson' });
			case 'allLowercase':
				flagArg(op, arg);
				return (output) => ({
					pass: /\p{L}/u.test(output) && output === output.toLowerCase(),
					detail: 'allLowercase'
				});
			case 'allUppercase':
				flagArg(op, arg);
				return (output) => ({
					pass: /\p{L}/u.test(output) && output === output.toUpperCase(),
					detail: 'allUppercase'
				});
			case 'noCommas':
				flagArg(op, arg);
				return (output) => {
					const commas = (output.match(/[,，]/gu) ?? []).length;
					return {
						pass: commas === 0,
						detail: `noCommas (${commas} comma${commas === 1 ? '' : 's'})`
					};
				};
			case 'wrappedInQuotes':
				flagArg(op, arg);
				return (output) => {
					const t = output.trim();
					return {
						pass: t.length >= 2 && /^["“]/u.test(t) && /["”]$/u.test(t),
						detail: 'wrappedInQuotes'
					};
				};
			default:
				throw new GraderError(
					`unknown constraint op ${JSON.stringify(op)} (use ${CONSTRAINT_OPS.join(', ')})`
				);
		}
	})();
	return { op, test };
}

/** Validates and compiles a check list; throws GraderError for unknown ops or bad arguments. */
export function compileChecks(checks: unknown): CompiledCheck[] {
	if (!Array.isArray(checks))
		throw new GraderError('constraint checks must be a list of {op, arg}');
	return checks.map((check: ConstraintCheck) => compileOne(check));
}

/** Builds the constraints grader; the checks come from each item. */
export function buildConstraints(_spec: ConstraintsSpec): GradeFn {
	// Items are graded many times (val passes); compile each check list once.
	const cache = new WeakMap<object, CompiledCheck[]>();
	return (output, item) => {
		const checks = item.checks;
		if (checks === undefined || checks.length === 0) {
			return result(0, 0, 'item has no constraint checks');
		}
		let compiled = cache.get(checks);
		if (compiled === undefined) {
			try {
				compiled = compileChecks(checks);
			} catch (error) {
				const message = errorMessage(error);
				return result(0, 0, `invalid checks: ${message}`);
			}
			cache.set(checks, compiled);
		}
		const outcomes = compiled.map((check) => check.test(output));
		const passed = outcomes.filter((o) => o.pass).length;
		const soft = passed / outcomes.length;
		if (passed === outcomes.length) return result(1, 1, `all ${passed} checks pass`);
		const failed = outcomes.filter((o) => !o.pass).map((o) => o.detail);
		return result(0, soft, `${passed}/${outcomes.length} checks pass; failed ${failed.join(', ')}`);
	};
}
