/**
 * Word sorting: put a list of lowercase words in alphabetical order.
 *
 * Easy lists have distinct first letters; harder ones share first letters and whole prefixes
 * (`car card care cargo`), where a model that looks only at the first letter, or drops a word,
 * goes wrong. `meta.features` records the list length and which of those traps occur.
 */
import type { JsonValue, PackItem, TaskFamily } from '../types.ts';
import { COMMON_WORDS } from './vocab.ts';
import {
	UnsolvableInputError,
	checkDifficulty,
	intBetween,
	itemId,
	itemRandom,
	pick,
	pickDistinct
} from './family-kit.ts';

const ID = 'word-sorting';
const DIFFICULTIES = [1, 2, 3] as const;
const LEAD = 'Sort the following words alphabetically: List:';

/** Words grouped by their first three letters, keeping groups of three or more. */
const PREFIX_GROUPS: readonly (readonly string[])[] = [
	...new Set(COMMON_WORDS.map((w) => w.slice(0, 3)))
]
	.map((prefix) => COMMON_WORDS.filter((w) => w.startsWith(prefix)))
	.filter((group) => group.length >= 3);

interface Level {
	words: [number, number];
	distinctFirstLetters: boolean;
	/** How many words come from one shared-prefix group. */
	prefixGroup: [number, number];
}

const LEVELS: Readonly<Record<number, Level>> = {
	1: { words: [4, 5], distinctFirstLetters: true, prefixGroup: [0, 0] },
	2: { words: [6, 9], distinctFirstLetters: false, prefixGroup: [0, 2] },
	3: { words: [10, 14], distinctFirstLetters: false, prefixGroup: [3, 4] }
};

const commonPrefix = (a: string, b: string): number => {
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	return i;
};

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(ID, difficulty, DIFFICULTIES);
	const level = LEVELS[difficulty] as Level;
	const random = itemRandom(ID, seed, index, difficulty);
	const size = intBetween(random, level.words[0], level.words[1]);
	const fromGroup = intBetween(random, level.prefixGroup[0], level.prefixGroup[1]);
	const group = pick(random, PREFIX_GROUPS);
	const words = pickDistinct(random, group, Math.min(fromGroup, group.length));
	while (words.length < size) {
		const word = pick(random, COMMON_WORDS);
		if (words.includes(word)) continue;
		if (level.distinctFirstLetters && words.some((w) => w[0] === word[0])) continue;
		words.push(word);
	}
	const listed = pickDistinct(random, words, words.length);
	// The gold uses locale collation; the solver compares code points. For lowercase a–z words
	// both give the same order, so two independent routes must agree.
	const sorted = [...listed].sort((a, b) => a.localeCompare(b, 'en'));
	const pairs = listed.flatMap((a, i) => listed.slice(i + 1).map((b) => [a, b] as const));
	return {
		id: itemId(ID, seed, index),
		input: `${LEAD} ${listed.join(' ')}`,
		answer: sorted.join(' '),
		meta: {
			difficulty,
			features: {
				words: size,
				sharedFirstLetter: pairs.some(([a, b]) => a[0] === b[0]),
				sharedPrefix: pairs.some(([a, b]) => commonPrefix(a, b) >= 3),
				prefixWord: pairs.some(([a, b]) => a.startsWith(b) || b.startsWith(a)),
				longList: size >= 10
			}
		}
	};
}

/** Reads the words after "List:" and orders them by code point. */
function solve(input: string): JsonValue {
	const match = /List:\s*([\s\S]+)$/.exec(input);
	const words = match?.[1]?.trim().split(/\s+/) ?? [];
	if (words.length === 0 || words.some((w) => !/^[a-z]+$/.test(w)))
		throw new UnsolvableInputError(ID, 'expected lowercase words after "List:"');
	return [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(' ');
}

export const wordSorting: TaskFamily = {
	id: ID,
	title: 'Word sorting',
	description:
		'Sort a list of lowercase words alphabetically, including words that share prefixes.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: <the sorted words, separated by spaces>'
	},
	generation: { maxTokens: 320, temperature: 0, stop: [] },
	grader: { type: 'word_list', marker: 'Answer:' },
	initialSkill: '# Sorting\n\nPut the words in the order the question asks for.\n',
	defaultSizes: { train: 40, val: 30, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
