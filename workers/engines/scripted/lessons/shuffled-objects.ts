/**
 * What the simulation knows about tracking shuffled objects: keep a table, update both sides of
 * a trade, skip sentences that move nothing, follow the trades to the end, match the option
 * text — and the options a model lands on when it loses track (the asked person's starting
 * object, or what they held before their last trade), read back from the story.
 */
import {
	optionReading,
	readTradeStory
} from '../../../../src/core/packs/families/shuffled-objects.ts';
import type { TradeStory } from '../../../../src/core/packs/families/shuffled-objects.ts';
import type { PackItem } from '../../../../src/core/packs/types.ts';
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, asChoice, featuresOf, flag, num } from './lesson-kit.ts';

function tryRead(item: PackItem): TradeStory | undefined {
	try {
		return readTradeStory(item.input ?? '');
	} catch {
		return undefined;
	}
}

export const shuffledObjectsLessons: FamilyLessons = {
	familyId: 'shuffled-objects',
	lessons: [
		{
			id: 'keep-a-table',
			kind: 'procedure',
			phrasings: [
				'Keep a table with one row per person and what they hold, and rewrite it after every trade.',
				'Write the starting holdings as a table (person: object) and rewrite the table after every trade.',
				'Track the objects in a small table with one row per person.'
			],
			triggers: ['one row per person', 'rewrite the table after every trade'],
			needs: (f) => num(f, 'objects') >= 4
		},
		{
			id: 'update-both-sides',
			kind: 'procedure',
			phrasings: [
				'A trade changes two rows: each person gets exactly what the other one had.',
				'When two people swap, update both of them, not just the first one named.',
				'Every swap moves two objects at once; update both people.'
			],
			triggers: ['a trade changes two rows', 'update both of them', 'update both people'],
			needs: (f) => num(f, 'swaps') >= 3
		},
		{
			id: 'skip-non-trades',
			kind: 'procedure',
			phrasings: [
				'Sentences where someone only looks at or admires an object move nothing; skip them.',
				'Only "swap" or "trade" sentences move objects; admiring or looking moves nothing.',
				'Skip any sentence that is not a trade between two people.'
			],
			triggers: ['moves nothing', 'move nothing', 'skip any sentence that is not a trade'],
			needs: (f) => flag(f, 'distractor')
		},
		{
			id: 'follow-to-the-end',
			kind: 'procedure',
			phrasings: [
				'Apply the trades strictly in order, up to the very last one, before answering.',
				'Do not stop early: follow the trades strictly in order to the end of the story.',
				'Answer only after the very last trade has been applied.'
			],
			triggers: ['strictly in order', 'after the very last trade'],
			needs: (f) => num(f, 'askedSwaps') >= 2
		},
		{
			id: 'match-option-text',
			kind: 'procedure',
			phrasings: [
				"Match the final object to the option text and answer with that option's letter.",
				'Find the option whose text names the final object exactly, colour included.',
				'Compare the final object with each option text; the matching option gives the letter.'
			],
			triggers: [
				'match the final object to the option text',
				'names the final object exactly',
				'compare the final object with each option'
			],
			needs: (f) => num(f, 'objects') >= 5
		},
		answerLineLesson(['(<letter>)']),
		{
			id: 'last-trade-only',
			kind: 'harmful',
			phrasings: [
				'Only the last trade matters; earlier ones can be skipped.',
				'To save time, look only at the last trade in the story: only the last trade matters.'
			],
			triggers: ['only the last trade matters'],
			hurts: (f) => num(f, 'swaps') >= 2
		},
		{
			id: 'keep-own-object',
			kind: 'harmful',
			phrasings: [
				'People usually end up with the object they started with.',
				'If unsure, assume the person ends up with the object they started with.'
			],
			triggers: [
				'end up with the object they started with',
				'ends up with the object they started with'
			],
			hurts: (f) => !flag(f, 'endsWithOwn')
		}
	],
	wrongAnswer(item, variant) {
		const gold = asChoice(item.answer);
		const story = tryRead(item);
		const wrong: string[] = [];
		if (story) {
			// Held at the start, before the last trade, and after each earlier trade.
			const states = [story.start, ...story.after.slice(0, -1).reverse()];
			for (const state of states) {
				const letter = optionReading(story, state.get(story.asked));
				if (letter !== undefined && letter !== gold && !wrong.includes(letter)) wrong.push(letter);
			}
			for (const option of story.options) {
				const letter = `(${option.letter})`;
				if (letter !== gold && !wrong.includes(letter)) wrong.push(letter);
			}
		}
		if (wrong.length === 0) {
			const code = gold.charCodeAt(1);
			return `(${String.fromCharCode(code === 65 ? 66 : code - 1)})`;
		}
		return wrong[variant % wrong.length] ?? gold;
	},
	renderAnswer: (gold) => asChoice(gold),
	reasoning(item, correct) {
		const f = featuresOf(item);
		const story = tryRead(item);
		if (!story) return ['I follow the trades one by one.', 'Then I find the matching option.'];
		const start = [...story.start].map(([name, object]) => `${name}: ${object}`).join(', ');
		const end = story.after[story.after.length - 1] ?? story.start;
		return [
			`At the start: ${start}.`,
			`There are ${num(f, 'swaps') || story.after.length} trades.`,
			correct
				? `At the end, ${story.asked} has the ${end.get(story.asked) ?? ''}.`
				: `${story.asked} trades a few times and I lose track of the last one.`
		];
	}
};
