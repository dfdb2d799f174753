/**
 * The `word_list` grader (word sorting and similar): the exact word sequence on the contract
 * line. Soft credit is the longest common subsequence with the gold divided by the longer list,
 * so a dropped, duplicated or misplaced word costs a little instead of everything.
 */

import type { GraderSpec, JsonValue } from '../types.ts';
import { GraderError } from './errors.ts';
import { contractFinder, contractProblem } from './extract.ts';
import { lastNonEmptyLine, quote, result } from './text.ts';
import type { GradeFn } from './types.ts';

type WordListSpec = Extract<GraderSpec, { type: 'word_list' }>;

// A list longer than this cannot match a gold list anyway; the cap keeps LCS cheap.
const MAX_WORDS = 5000;

/** Splits a list written with spaces and/or commas into lower-cased words. */
export function splitWords(text: string): string[] {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.split(/[\s,;]+/u)
		.map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
		.filter((word) => word !== '');
}

/** Length of the longest common subsequence of two word lists (two-row dynamic programme). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
	let previous = new Array<number>(b.length + 1).fill(0);
	for (const word of a) {
		const current = new Array<number>(b.length + 1).fill(0);
		for (let j = 1; j <= b.length; j++) {
			current[j] =
				b[j - 1] === word
					? (previous[j - 1] ?? 0) + 1
					: Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}

function goldWords(answer: JsonValue | undefined): string[] {
	if (typeof answer === 'string') return splitWords(answer);
	if (Array.isArray(answer)) {
		return answer.flatMap((word) =>
			typeof word === 'string' || typeof word === 'number' ? splitWords(String(word)) : []
		);
	}
	return [];
}

/** Builds the word_list grader; throws GraderError for a bad marker. */
export function buildWordList(spec: WordListSpec): GradeFn {
	const problem = contractProblem(spec);
	if (problem !== undefined) throw new GraderError(`word_list grader: ${problem}`);
	const finder = contractFinder(spec);

	return (output, item) => {
		const gold = goldWords(item.answer);
		if (gold.length === 0) return result(0, 0, 'item has no gold word list');
		const line = finder.find(output);
		// Without a contract line, the final line is the most likely list (soft only).
		const words = splitWords(line ?? lastNonEmptyLine(output) ?? '').slice(0, MAX_WORDS);
		const soft =
			words.length === 0 ? 0 : lcsLength(gold, words) / Math.max(gold.length, words.length);
		const same = words.length === gold.length && words.every((w, i) => w === gold[i]);
		if (line === undefined) {
			const note = words.length === 0 ? 'no words' : `final line scores ${soft.toFixed(2)} (soft)`;
			return result(0, soft, `no ${finder.label}; ${note}`);
		}
		if (same) return result(1, 1, `all ${gold.length} words in order on the ${finder.label}`);
		return result(0, soft, `${describeDifference(gold, words)}; LCS ratio ${soft.toFixed(2)}`);
	};
}

function describeDifference(gold: string[], words: string[]): string {
	if (words.length === 0) return `expected ${gold.length} words, the answer line has none`;
	const at = gold.findIndex((word, i) => words[i] !== word);
	const index = at < 0 ? gold.length : at;
	const expected = gold[index];
	const found = words[index];
	const counts = words.length === gold.length ? '' : `${words.length} words for ${gold.length}; `;
	if (expected === undefined) {
		return `${counts}extra word ${quote(found ?? '', 20)} at position ${index + 1}`;
	}
	if (found === undefined)
		return `${counts}missing ${quote(expected, 20)} at position ${index + 1}`;
	return `${counts}position ${index + 1}: expected ${quote(expected, 20)}, found ${quote(found, 20)}`;
}
