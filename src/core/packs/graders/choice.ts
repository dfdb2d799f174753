/**
 * The `choice` grader for multiple-choice items: the option letter on the contract line. Soft
 * credit for the last `(X)` anywhere, or for the text of an option (from `item.choices`) when the
 * model wrote the option instead of its letter.
 */

import type { GraderSpec, PackItem } from '../types.ts';
import { GraderError } from './errors.ts';
import { contractFinder, contractProblem } from './extract.ts';
import { goldAliases } from './gold.ts';
import { boundaryAfter, boundaryBefore, quote, result } from './text.ts';
import type { GradeFn } from './types.ts';

type ChoiceSpec = Extract<GraderSpec, { type: 'choice' }>;

export const DEFAULT_LETTERS = 'ABCDEFGHIJKLMNOPQR';

/** Builds the choice grader; throws GraderError for a bad marker or letter set. */
export function buildChoice(spec: ChoiceSpec): GradeFn {
	const problem = contractProblem(spec);
	if (problem !== undefined) throw new GraderError(`choice grader: ${problem}`);
	const letters = checkLetters(spec.letters);
	const finder = contractFinder(spec);

	return (output, item) => {
		const gold = goldLetter(item, letters);
		if (gold === undefined) {
			const shown = goldAliases(item.answer)?.[0];
			return result(
				0,
				0,
				`gold answer ${shown === undefined ? 'is missing' : `${quote(shown)} is not an option`}`
			);
		}
		const expected = `(${gold})`;
		const lenient = lenientLetter(output, item, letters);
		const soft = lenient === gold;
		const line = finder.find(output);
		if (line === undefined) {
			if (lenient === undefined) return result(0, 0, `no ${finder.label} and no option found`);
			return soft
				? result(0, 1, `no ${finder.label}; ${expected} found elsewhere (soft)`)
				: result(0, 0, `no ${finder.label}; last option found (${lenient}), expected ${expected}`);
		}
		const letter = lineLetter(line, letters);
		if (letter === gold) return result(1, 1, `${expected} on the ${finder.label}`);
		if (letter === undefined) {
			const note = soft ? `; ${expected} found elsewhere (soft)` : '';
			return result(
				0,
				soft,
				`expected ${expected}, no option letter on the ${finder.label} (${quote(line)})${note}`
			);
		}
		return result(0, soft, `expected ${expected}, found (${letter}) on the ${finder.label}`);
	};
}

function checkLetters(letters: unknown): string {
	if (letters === undefined) return DEFAULT_LETTERS;
	if (typeof letters !== 'string' || !/^[A-Za-z]+$/u.test(letters)) {
		throw new GraderError('choice grader: letters must be a string of letters, e.g. "ABCDE"');
	}
	const upper = letters.toUpperCase();
	if (new Set(upper).size !== upper.length) {
		throw new GraderError(`choice grader: letters "${letters}" repeat a letter`);
	}
	return upper;
}

/** The gold letter: `(B)`, `B`, `B)` or the text of one of `item.choices`. */
function goldLetter(item: PackItem, letters: string): string | undefined {
	for (const alias of goldAliases(item.answer) ?? []) {
		const match = /^\s*\(?\s*([A-Za-z])\s*\)?[.\s]*$/u.exec(alias);
		const letter = match?.[1]?.toUpperCase();
		if (letter !== undefined && letters.includes(letter)) return letter;
		const text = normaliseOption(alias);
		for (const [key, option] of Object.entries(item.choices ?? {})) {
			if (normaliseOption(option) === text && letters.includes(key.toUpperCase())) {
				return key.toUpperCase();
			}
		}
	}
	return undefined;
}

/**
 * The letter an answer line names: `(B)`, `B`, `B)`, `B.`, `B: text`, `(B) text`, or a lone
 * lowercase `b`; failing those, the last `(B)` on the line ("the answer is (B)"), or "option B".
 * An uppercase letter followed by a lowercase word ("A total of…") is prose, not a letter.
 */
function lineLetter(line: string, letters: string): string | undefined {
	const value = line.normalize('NFKC').trim();
	const candidates = [
		/^\(\s*([A-Za-z])\s*\)/u.exec(value)?.[1],
		/^([A-Z])(?:$|[).:,\]]|\s(?!\s*[a-z]))/u.exec(value)?.[1],
		/^([a-z])[).]?$/u.exec(value)?.[1],
		[...value.matchAll(/\(([A-Z])\)/gu)].at(-1)?.[1],
		/\b(?:option|choice)\s+\(?([A-Za-z])\b/iu.exec(value)?.[1]
	];
	for (const candidate of candidates) {
		const letter = candidate?.toUpperCase();
		if (letter !== undefined && letters.includes(letter)) return letter;
	}
	return undefined;
}

function normaliseOption(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/\s+/gu, ' ')
		.trim()
		.replace(/[.\s]+$/u, '')
		.toLowerCase();
}

/** The option the output names last: a `(X)` anywhere, or an option's text, whichever is later. */
function lenientLetter(output: string, item: PackItem, letters: string): string | undefined {
	const text = output.normalize('NFKC').replace(/\s+/gu, ' ');
	let best: { letter: string; end: number } | undefined;
	for (const match of text.matchAll(/\(([A-Z])\)/gu)) {
		const letter = match[1];
		if (letter !== undefined && letters.includes(letter)) {
			best = { letter, end: match.index + match[0].length };
		}
	}
	const lower = text.toLowerCase();
	for (const [key, option] of Object.entries(item.choices ?? {})) {
		const needle = normaliseOption(option);
		const letter = key.toUpperCase();
		if (needle === '' || !letters.includes(letter)) continue;
		const end = lastWholeOccurrenceEnd(lower, needle);
		if (end !== undefined && (best === undefined || end > best.end)) best = { letter, end };
	}
	return best?.letter;
}

function lastWholeOccurrenceEnd(haystack: string, needle: string): number | undefined {
	let at = haystack.lastIndexOf(needle);
	while (at >= 0) {
		const end = at + needle.length;
		if (boundaryBefore(haystack, at) && boundaryAfter(haystack, end)) return end;
		at = at === 0 ? -1 : haystack.lastIndexOf(needle, at - 1);
	}
	return undefined;
}
