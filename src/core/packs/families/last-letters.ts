/**
 * Last letters: take the final letter of each word in a quoted phrase and join them.
 *
 * The classic chain-of-thought probe. Small models grab the capital first letter of a name, drop
 * a letter when two words end alike, or lose count in long phrases; difficulty raises the word
 * count and mixes names with common words, and `meta.features` records which traps an item holds.
 */
import type { JsonValue, PackItem, TaskFamily } from '../types.ts';
import { COMMON_WORDS, FIRST_NAMES } from './vocab.ts';
import {
	UnsolvableInputError,
	chance,
	checkDifficulty,
	intBetween,
	itemId,
	itemRandom,
	pick
} from './family-kit.ts';

const ID = 'last-letters';
const DIFFICULTIES = [1, 2, 3] as const;

const TEMPLATES: readonly ((phrase: string) => string)[] = [
	(p) => `Take the last letters of each word in "${p}" and concatenate them.`,
	(p) => `Concatenate the last letter of every word in "${p}".`
];

interface Level {
	words: [number, number];
	/** Probability that a word is a common lowercase word rather than a name. */
	common: number;
}

const LEVELS: Readonly<Record<number, Level>> = {
	1: { words: [2, 3], common: 0 },
	2: { words: [3, 5], common: 0.4 },
	3: { words: [5, 6], common: 0.5 }
};

const joinLastLetters = (words: readonly string[]): string =>
	words.map((w) => w.slice(-1).toLowerCase()).join('');

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(ID, difficulty, DIFFICULTIES);
	const level = LEVELS[difficulty] as Level;
	const random = itemRandom(ID, seed, index, difficulty);
	const count = intBetween(random, level.words[0], level.words[1]);
	const words: string[] = [];
	while (words.length < count) {
		const word = chance(random, level.common)
			? pick(random, COMMON_WORDS)
			: pick(random, FIRST_NAMES);
		if (!words.includes(word)) words.push(word);
	}
	const answer = joinLastLetters(words);
	const phrase = words.join(' ');
	return {
		id: itemId(ID, seed, index),
		input: pick(random, TEMPLATES)(phrase),
		answer,
		meta: {
			difficulty,
			features: {
				words: count,
				hasNames: words.some((w) => /^[A-Z]/.test(w)),
				hasCommonWords: words.some((w) => /^[a-z]/.test(w)),
				repeatedLetters: /(.)\1/.test(answer),
				shortWord: words.some((w) => w.length <= 3),
				longWord: words.some((w) => w.length >= 8)
			}
		}
	};
}

/** Finds the quoted phrase and reads its words' final letters. */
function solve(input: string): JsonValue {
	const match = /last letters? of (?:each|every) word in "([^"]+)"/i.exec(input);
	if (!match?.[1]) throw new UnsolvableInputError(ID, 'no quoted phrase after "last letter(s) of"');
	const words = match[1].trim().split(/\s+/);
	if (words.some((w) => !/^\p{L}+$/u.test(w)))
		throw new UnsolvableInputError(ID, 'the phrase holds something other than words');
	return joinLastLetters(words);
}

export const lastLetters: TaskFamily = {
	id: ID,
	title: 'Last letters',
	description: 'Join the last letter of each word in a short phrase of names and words.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: <the letters, lowercase, no spaces>'
	},
	generation: { maxTokens: 192, temperature: 0, stop: [] },
	grader: { type: 'exact', marker: 'Answer:', caseInsensitive: true, collapseSpace: true },
	initialSkill:
		'# Letter puzzles\n\nLook at the words in the quotes and build the requested string.\n',
	defaultSizes: { train: 40, val: 40, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
