/**
 * Object counting: "I have an apple, three plums and a stove. How many fruits do I have?"
 *
 * The item rewards a procedure: classify each entry, turn number words into digits, ignore
 * entries of other categories and keep a running total. Difficulty adds entries, larger counts,
 * more distractor categories and irregular plurals; `meta.features` records each of those.
 */
import type { JsonValue, PackItem, TaskFamily } from '../types.ts';
import { shuffled } from '../../random.ts';
import {
	CATEGORY_PLURALS,
	NOUNS_BY_CATEGORY,
	NUMBER_WORDS,
	withArticle,
	type Noun,
	type NounCategory
} from './vocab.ts';
import {
	UnsolvableInputError,
	chance,
	checkDifficulty,
	intBetween,
	itemId,
	itemRandom,
	pick,
	pickDistinct
} from './family-kit.ts';

const ID = 'object-counting';
const DIFFICULTIES = [1, 2, 3] as const;
const CATEGORIES = Object.keys(NOUNS_BY_CATEGORY) as NounCategory[];

interface Level {
	entries: [number, number];
	maxCount: number;
	/** Probability that an entry beyond the first belongs to the asked category. */
	target: number;
	distractorCategories: [number, number];
}

const LEVELS: Readonly<Record<number, Level>> = {
	1: { entries: [3, 4], maxCount: 2, target: 0.75, distractorCategories: [1, 1] },
	2: { entries: [4, 6], maxCount: 4, target: 0.55, distractorCategories: [1, 2] },
	3: { entries: [6, 9], maxCount: 6, target: 0.5, distractorCategories: [2, 3] }
};

interface Entry {
	noun: Noun;
	category: NounCategory;
	count: number;
}

const renderEntry = (e: Entry): string =>
	e.count === 1
		? withArticle(e.noun.singular)
		: `${NUMBER_WORDS[e.count] ?? e.count} ${e.noun.plural}`;

/** "a, b, and c" (or "a and b"); the serial comma is dropped at random so both forms occur. */
function joinList(parts: readonly string[], serialComma: boolean): string {
	if (parts.length <= 2) return parts.join(' and ');
	const head = parts.slice(0, -1).join(', ');
	return `${head}${serialComma ? ',' : ''} and ${parts.at(-1) ?? ''}`;
}

const isIrregular = (noun: Noun): boolean => noun.plural !== `${noun.singular}s`;

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(ID, difficulty, DIFFICULTIES);
	const level = LEVELS[difficulty] as Level;
	const random = itemRandom(ID, seed, index, difficulty);
	const target = pick(random, CATEGORIES);
	const others = pickDistinct(
		random,
		CATEGORIES.filter((c) => c !== target),
		intBetween(random, level.distractorCategories[0], level.distractorCategories[1])
	);
	const size = intBetween(random, level.entries[0], level.entries[1]);
	const used = new Set<string>();
	const entries: Entry[] = [];
	while (entries.length < size) {
		const category =
			entries.length === 0 || chance(random, level.target) ? target : pick(random, others);
		const noun = pick(random, NOUNS_BY_CATEGORY[category]);
		if (used.has(noun.singular)) continue;
		used.add(noun.singular);
		const count = chance(random, 0.45) ? 1 : intBetween(random, 1, level.maxCount);
		entries.push({ noun, category, count });
	}
	// The first draw is always a target entry; shuffling hides that from the reader.
	const listed = shuffled(entries, random);
	const input = `I have ${joinList(listed.map(renderEntry), chance(random, 0.6))}. How many ${CATEGORY_PLURALS[target]} do I have?`;
	const matching = listed.filter((e) => e.category === target);
	const answer = matching.reduce((sum, e) => sum + e.count, 0);
	const distractorCats = new Set(
		listed.filter((e) => e.category !== target).map((e) => e.category)
	);
	return {
		id: itemId(ID, seed, index),
		input,
		answer,
		meta: {
			difficulty,
			features: {
				targetCategory: target,
				entries: listed.length,
				targetEntries: matching.length,
				numberWords: listed.some((e) => e.count > 1),
				maxCount: Math.max(...listed.map((e) => e.count)),
				distractors: distractorCats.size > 0,
				distractorCategories: distractorCats.size,
				irregularPlural: listed.some((e) => e.count > 1 && isIrregular(e.noun)),
				allItems: listed.reduce((sum, e) => sum + e.count, 0),
				bigTotal: answer >= 10
			}
		}
	};
}

/** Every noun form (singular and plural) the solver understands, with its category. */
const NOUN_FORMS: ReadonlyMap<string, NounCategory> = new Map(
	CATEGORIES.flatMap((category) =>
		NOUNS_BY_CATEGORY[category].flatMap((noun): [string, NounCategory][] => [
			[noun.singular, category],
			[noun.plural, category]
		])
	)
);

function parseCount(word: string): number | undefined {
	if (word === 'a' || word === 'an') return 1;
	if (/^\d+$/.test(word)) return Number(word);
	const spelled = NUMBER_WORDS.indexOf(word);
	return spelled >= 0 ? spelled : undefined;
}

/** Splits the list, classifies each entry by its noun and adds the counts of the asked category. */
function solve(input: string): JsonValue {
	const match = /^I have (.+)\.\s+How many (.+) do I have\?$/.exec(input.trim());
	if (!match?.[1] || !match[2])
		throw new UnsolvableInputError(ID, 'expected "I have … How many … do I have?"');
	const asked = match[2];
	const target = CATEGORIES.find((c) => CATEGORY_PLURALS[c] === asked);
	if (target === undefined) throw new UnsolvableInputError(ID, `unknown category "${asked}"`);
	let total = 0;
	for (const part of match[1].split(/,\s*(?:and\s+)?|\s+and\s+/)) {
		const entry = /^(\S+)\s+(.+)$/.exec(part.trim());
		const count = entry?.[1] === undefined ? undefined : parseCount(entry[1]);
		const category = entry?.[2] === undefined ? undefined : NOUN_FORMS.get(entry[2]);
		if (count === undefined || category === undefined)
			throw new UnsolvableInputError(ID, `cannot read the entry "${part}"`);
		if (category === target) total += count;
	}
	return total;
}

export const objectCounting: TaskFamily = {
	id: ID,
	title: 'Object counting',
	description: 'Count the items of one category in a list that mixes categories and number words.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: <integer>'
	},
	generation: { maxTokens: 256, temperature: 0, stop: [] },
	grader: { type: 'numeric', marker: 'Answer:', absTol: 0 },
	initialSkill: '# Counting\n\nRead the list and give the number the question asks for.\n',
	defaultSizes: { train: 40, val: 40, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
