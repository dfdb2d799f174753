/**
 * Coin flip: follow a coin through a line of people, some of whom flip it and some of whom only
 * seem to. The gold is whether it ends on the side the question asks about.
 *
 * A small model fails these in recognisable ways: it counts every person as a flip, loses track of
 * parity past two flips, or forgets which side the coin started on. Difficulty adds people,
 * distractor actions ("does not flip", "looks at"), a synonym for flipping and a tails-up start,
 * and `meta.features` records exactly which of those an item contains.
 */
import type { JsonValue, PackItem, TaskFamily } from '../types.ts';
import { FIRST_NAMES } from './vocab.ts';
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

const ID = 'coin-flip';
const DIFFICULTIES = [1, 2, 3] as const;

type Side = 'heads' | 'tails';
type ActionKind = 'flip' | 'turn' | 'notFlip' | 'looks' | 'withoutFlipping';

/** The sentence ending for each action; the solver reads these back. */
const ACTION_TEXT: Readonly<Record<ActionKind, string>> = {
	flip: 'flips the coin',
	turn: 'turns the coin over',
	notFlip: 'does not flip the coin',
	looks: 'looks at the coin',
	withoutFlipping: 'picks up the coin and puts it down without flipping it'
};

const TOGGLES: Readonly<Record<ActionKind, boolean>> = {
	flip: true,
	turn: true,
	notFlip: false,
	looks: false,
	withoutFlipping: false
};

const other = (side: Side): Side => (side === 'heads' ? 'tails' : 'heads');

interface Level {
	people: [number, number];
	/** Probability that a person does something other than flip. */
	idle: number;
	idleKinds: readonly ActionKind[];
	/** Probability that a flip is phrased as "turns the coin over". */
	turn: number;
	/** Probability of starting tails up, and of asking about the other side. */
	tails: number;
	askOther: number;
}

const LEVELS: Readonly<Record<number, Level>> = {
	1: { people: [2, 3], idle: 0.3, idleKinds: ['notFlip'], turn: 0, tails: 0, askOther: 0 },
	2: {
		people: [3, 5],
		idle: 0.4,
		idleKinds: ['notFlip', 'looks'],
		turn: 0.1,
		tails: 0.25,
		askOther: 0.2
	},
	3: {
		people: [5, 8],
		idle: 0.4,
		idleKinds: ['notFlip', 'looks', 'withoutFlipping'],
		turn: 0.3,
		tails: 0.5,
		askOther: 0.4
	}
};

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(ID, difficulty, DIFFICULTIES);
	const level = LEVELS[difficulty] as Level;
	const random = itemRandom(ID, seed, index, difficulty);
	const people = intBetween(random, level.people[0], level.people[1]);
	const names = pickDistinct(random, FIRST_NAMES, people);
	const start: Side = chance(random, level.tails) ? 'tails' : 'heads';
	const asked: Side = chance(random, level.askOther) ? other(start) : start;
	const actions = names.map((): ActionKind => {
		if (chance(random, level.idle)) return pick(random, level.idleKinds);
		return chance(random, level.turn) ? 'turn' : 'flip';
	});
	const lines = [
		`A coin is ${start} up.`,
		...names.map((name, i) => `${name} ${ACTION_TEXT[actions[i] ?? 'flip']}.`),
		asked === start ? `Is the coin still ${asked} up?` : `Is the coin ${asked} up?`
	];
	const input = lines.join(' ');
	const flips = actions.filter((a) => TOGGLES[a]).length;
	const end = flips % 2 === 0 ? start : other(start);
	const has = (kind: ActionKind): boolean => actions.includes(kind);
	return {
		id: itemId(ID, seed, index),
		input,
		answer: end === asked ? 'yes' : 'no',
		meta: {
			difficulty,
			features: {
				people,
				flips,
				doesNotFlip: has('notFlip'),
				looksAt: has('looks'),
				withoutFlipping: has('withoutFlipping'),
				distractors: has('notFlip') || has('looks') || has('withoutFlipping'),
				turnsOver: has('turn'),
				startsTails: start === 'tails',
				asksOtherSide: asked !== start
			}
		}
	};
}

/** Reads the story sentence by sentence; any sentence it does not know is an error. */
function solve(input: string): JsonValue {
	const sentences = input.trim().split(/(?<=[.?])\s+/);
	const first = /^A coin is (heads|tails) up\.$/.exec(sentences[0] ?? '');
	const last = /^Is the coin (?:still )?(heads|tails) up\?$/.exec(sentences.at(-1) ?? '');
	if (!first || !last)
		throw new UnsolvableInputError(ID, 'expected "A coin is … up." … "Is the coin … up?"');
	let side = first[1] as Side;
	for (const sentence of sentences.slice(1, -1)) {
		const match = /^\S+ (.+)\.$/.exec(sentence);
		const kind = (Object.keys(ACTION_TEXT) as ActionKind[]).find(
			(k) => ACTION_TEXT[k] === match?.[1]
		);
		if (kind === undefined) throw new UnsolvableInputError(ID, `unknown action in "${sentence}"`);
		if (TOGGLES[kind]) side = other(side);
	}
	return side === last[1] ? 'yes' : 'no';
}

export const coinFlip: TaskFamily = {
	id: ID,
	title: 'Coin flip',
	description:
		'Follow a coin through a line of people who flip it, or only seem to, and say whether it ends on the side asked about.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: yes or Answer: no'
	},
	generation: { maxTokens: 192, temperature: 0, stop: [] },
	grader: { type: 'exact', marker: 'Answer:', caseInsensitive: true, collapseSpace: true },
	initialSkill: '# Coin puzzles\n\nRead the story about the coin and decide the question.\n',
	defaultSizes: { train: 40, val: 40, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
