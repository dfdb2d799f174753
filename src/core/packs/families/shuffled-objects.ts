/**
 * The `shuffled-objects` family: people start with one coloured object each, trade them in pairs
 * a number of times, and the question asks who ends up with what (multiple choice), in the style
 * of BIG-Bench-Hard's "tracking shuffled objects".
 *
 * Small models lose track after a few swaps, update only one side of a trade, or are thrown by
 * sentences that mention an object without moving it; the item features record those facts
 * (objects, swaps, distractors, how often the asked person traded). The solver replays the
 * trades from the text alone.
 */
import { createRandom, shuffled } from '../../random.ts';
import type { Random } from '../../ports.ts';
import type { FeatureValue, JsonValue, PackItem, TaskFamily } from '../types.ts';
import { COLOURS, FIRST_NAMES } from './vocab.ts';
import { UnsolvableInputError, checkDifficulty } from './family-kit.ts';

const FAMILY_ID = 'shuffled-objects';
const DIFFICULTIES: readonly number[] = [1, 2, 3];
const LETTERS = 'ABCDEFG';

interface Scene {
	noun: string;
	opening: string;
	holding: string;
	trade: string;
}

const SCENES: readonly Scene[] = [
	{
		noun: 'ball',
		opening: 'are playing a game',
		holding: 'At the start of the game, they are each holding a ball',
		trade: 'As the game goes on, pairs of players trade balls'
	},
	{
		noun: 'present',
		opening: 'are at a birthday party',
		holding: 'At the start of the party, they each bring a wrapped present',
		trade: 'During the party, pairs of guests swap presents'
	},
	{
		noun: 'kite',
		opening: 'are at the beach',
		holding: 'At the start of the afternoon, they each fly a kite',
		trade: 'Every so often, two of them swap kites'
	},
	{
		noun: 'scarf',
		opening: 'are walking home in the cold',
		holding: 'At the start of the walk, they each wear a scarf',
		trade: 'Along the way, pairs of friends trade scarves'
	}
];

const PLURAL: Record<string, string> = {
	ball: 'balls',
	present: 'presents',
	kite: 'kites',
	scarf: 'scarves'
};

function pick<T>(items: readonly T[], random: Random): T {
	const item = items[random.int(items.length)];
	if (item === undefined) throw new RangeError('pick from an empty list');
	return item;
}

function withArticle(colour: string, noun: string): string {
	return `${/^[aeiou]/.test(colour) ? 'an' : 'a'} ${colour} ${noun}`;
}

function listNames(names: readonly string[]): string {
	return `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1] ?? ''}`;
}

function sizes(difficulty: number, random: Random): { objects: number; swaps: number } {
	if (difficulty <= 1) return { objects: 3, swaps: 2 + random.int(2) };
	if (difficulty === 2) return { objects: 4 + random.int(2), swaps: 4 + random.int(2) };
	return { objects: 5 + random.int(3), swaps: 6 + random.int(3) };
}

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(FAMILY_ID, difficulty, DIFFICULTIES);
	const random = createRandom(`${FAMILY_ID}/${seed}/${index}/${difficulty}`);
	const scene = pick(SCENES, random);
	const { objects: n, swaps: swapCount } = sizes(difficulty, random);
	const names = shuffled(FIRST_NAMES, random).slice(0, n);
	const colours = shuffled(COLOURS, random).slice(0, n);
	const objects = colours.map((colour) => `${colour} ${scene.noun}`);
	const holder = [...objects];

	const swaps: [number, number][] = [];
	for (let s = 0; s < swapCount; s++) {
		const a = random.int(n);
		const b = (a + 1 + random.int(n - 1)) % n;
		// Never the same pair twice in a row: that would just undo the trade.
		const last = swaps[swaps.length - 1];
		if (last && ((last[0] === a && last[1] === b) || (last[0] === b && last[1] === a))) {
			s--;
			continue;
		}
		swaps.push([a, b]);
	}
	const history: string[][] = [[...holder]];
	for (const [a, b] of swaps) {
		const tmp = holder[a] ?? '';
		holder[a] = holder[b] ?? '';
		holder[b] = tmp;
		history.push([...holder]);
	}
	const asked = random.int(n);
	const askedName = names[asked] ?? '';
	const gold = holder[asked] ?? '';

	const verb = scene.noun === 'ball' || scene.noun === 'scarf' ? 'trade' : 'swap';
	const plural = PLURAL[scene.noun] ?? `${scene.noun}s`;
	const sentences = swaps.map(([a, b], i) => {
		const lead = i === 0 ? 'First' : i === swaps.length - 1 ? 'Finally' : 'Then';
		return `${lead}, ${names[a] ?? ''} and ${names[b] ?? ''} ${verb} ${plural}.`;
	});
	const distractor = difficulty >= 3 && random.next() < 0.5;
	if (distractor) {
		const who = pick(names, random);
		const whose = pick(
			names.filter((name) => name !== who),
			random
		);
		sentences.splice(
			1 + random.int(sentences.length - 1),
			0,
			`Meanwhile, ${who} admires ${whose}'s ${scene.noun}.`
		);
	}
	const initial = names.map(
		(name, i) => `${name} has ${withArticle(colours[i] ?? '', scene.noun)}`
	);
	const input =
		`${listNames(names)} ${scene.opening}. ${scene.holding}: ${listNames(initial)}. ` +
		`${scene.trade}. ${sentences.join(' ')} At the end, ${askedName} has the\n` +
		`Options:\n${objects.map((text, i) => `(${LETTERS.charAt(i)}) ${text}`).join('\n')}`;

	const letterOf = (text: string): string => `(${LETTERS.charAt(objects.indexOf(text))})`;
	const choices: Record<string, string> = {};
	objects.forEach((text, i) => (choices[LETTERS.charAt(i)] = text));
	const plausible = [
		objects[asked] ?? '',
		history[history.length - 2]?.[asked] ?? '',
		...objects
	].filter((text, i, all) => text !== gold && text !== '' && all.indexOf(text) === i);
	const askedSwaps = swaps.filter(([a, b]) => a === asked || b === asked).length;
	const features: Record<string, FeatureValue> = {
		objects: n,
		swaps: swapCount,
		distractor,
		askedSwaps,
		endsWithOwn: gold === objects[asked]
	};
	return {
		id: `${FAMILY_ID}#${seed}-${index}`,
		input,
		answer: letterOf(gold),
		choices,
		meta: {
			difficulty,
			features,
			mistakes: plausible.slice(0, 3).map(letterOf),
			trace: [
				`Start: ${names.map((name, i) => `${name}=${objects[i] ?? ''}`).join(', ')}.`,
				`After ${swapCount} trades: ${names.map((name, i) => `${name}=${holder[i] ?? ''}`).join(', ')}.`,
				`${askedName} has the ${gold}.`
			]
		}
	};
}

/** A trading story as read back from its text. */
export interface TradeStory {
	/** Who holds what at the start, in the order the text lists them. */
	start: Map<string, string>;
	/** Who holds what after each trade; `after[after.length - 1]` is the end. */
	after: Map<string, string>[];
	asked: string;
	options: { letter: string; text: string }[];
}

/** Reads the starting objects, replays every trade and finds the question and the options. */
export function readTradeStory(input: string): TradeStory {
	const [story = '', ...optionLines] = input.split('\n');
	const colon = story.indexOf(':');
	if (colon < 0)
		throw new UnsolvableInputError(FAMILY_ID, 'no "...: X has a ..." list of starting objects');
	const start = new Map<string, string>();
	const setup = story.slice(colon + 1).split('.')[0] ?? '';
	for (const m of setup.matchAll(/([A-Z][a-z]+) has an? ([a-z]+ [a-z]+)/g))
		start.set(m[1] ?? '', m[2] ?? '');
	if (start.size < 2) throw new UnsolvableInputError(FAMILY_ID, 'fewer than two starting objects');
	let holding = new Map(start);
	const after: Map<string, string>[] = [];
	for (const m of story.matchAll(
		/([A-Z][a-z]+) and ([A-Z][a-z]+) (?:swap|trade|switch|exchange)\b/g
	)) {
		const [a, b] = [m[1] ?? '', m[2] ?? ''];
		const [x, y] = [holding.get(a), holding.get(b)];
		if (x === undefined || y === undefined)
			throw new UnsolvableInputError(FAMILY_ID, `unknown person in "${m[0]}"`);
		holding = new Map(holding);
		holding.set(a, y);
		holding.set(b, x);
		after.push(holding);
	}
	const asked = /At the end(?: of the \w+)?, ([A-Z][a-z]+) has the\b/.exec(story)?.[1];
	if (asked === undefined || !start.has(asked))
		throw new UnsolvableInputError(FAMILY_ID, 'no question "At the end, X has the"');
	const options: TradeStory['options'] = [];
	for (const line of optionLines) {
		const option = /^\s*\(([A-Z])\)\s*(.+?)\s*$/.exec(line);
		if (option) options.push({ letter: option[1] ?? '', text: option[2] ?? '' });
	}
	return { start, after, asked, options };
}

/** The letter, as "(X)", of the option reading `text`, if any. */
export function optionReading(story: TradeStory, text: string | undefined): string | undefined {
	const option = story.options.find((o) => o.text === text);
	return option ? `(${option.letter})` : undefined;
}

/** Replays the trades in the text and returns the letter of the asked person's object. */
function solve(input: string): JsonValue {
	const story = readTradeStory(input);
	const final = (story.after[story.after.length - 1] ?? story.start).get(story.asked);
	const letter = optionReading(story, final);
	if (letter === undefined)
		throw new UnsolvableInputError(FAMILY_ID, `no option reads "${final ?? ''}"`);
	return letter;
}

export const shuffledObjects: TaskFamily = {
	id: FAMILY_ID,
	title: 'Tracking shuffled objects',
	description:
		'People trade coloured objects in pairs; say who ends with what. More people and trades ' +
		'at higher difficulty, with sentences that mention objects without moving them.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: (<letter>)'
	},
	generation: { maxTokens: 256, temperature: 0, stop: [] },
	grader: { type: 'choice', marker: 'Answer:', letters: LETTERS },
	initialSkill: '# Trades\nFollow the story and choose the option that fits the question.\n',
	defaultSizes: { train: 60, val: 32, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
