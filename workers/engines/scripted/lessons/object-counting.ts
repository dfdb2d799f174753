/**
 * What the simulation knows about object counting: the rules a skill can state, which items need
 * them, and how a model that misses one miscounts.
 */
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, featuresOf, flag, num } from './lesson-kit.ts';

export const objectCountingLessons: FamilyLessons = {
	familyId: 'object-counting',
	lessons: [
		{
			id: 'classify-each',
			kind: 'procedure',
			phrasings: [
				'Go through the list one entry at a time and mark whether it belongs to the asked category.',
				'Leave out every entry that is not in the asked category.',
				'Sort each entry into its category before adding anything.'
			],
			triggers: [
				'one entry at a time',
				'not in the asked category',
				'sort each entry into its category'
			],
			needs: (f) => flag(f, 'distractors')
		},
		{
			id: 'number-words',
			kind: 'procedure',
			phrasings: [
				'Turn number words into digits before adding (three → 3).',
				'Read "two", "five" and the like as numbers, not as one item.',
				'Each entry counts as many items as its number word says.'
			],
			triggers: [
				'turn number words into digits',
				'not as one item',
				'as many items as its number word says'
			],
			needs: (f) => flag(f, 'numberWords')
		},
		{
			id: 'running-total',
			kind: 'procedure',
			phrasings: [
				'Keep a running total as you add each matching entry.',
				'Add the matching counts one by one, writing the sum so far.',
				'Write the total after each entry you add.'
			],
			triggers: [
				'keep a running total',
				'writing the sum so far',
				'write the total after each entry'
			],
			needs: (f) => num(f, 'targetEntries') >= 3
		},
		{
			id: 'irregular-plurals',
			kind: 'procedure',
			phrasings: [
				'Recognise irregular plurals: mice is mouse, geese is goose, potatoes is potato.',
				'Plurals like mice, geese and peaches are still the same things: count them.',
				'A plural spelled differently is still the same kind of object.'
			],
			triggers: [
				'recognise irregular plurals',
				'are still the same things',
				'plural spelled differently'
			],
			needs: (f) => flag(f, 'irregularPlural')
		},
		answerLineLesson(['<integer>']),
		{
			id: 'count-entries',
			kind: 'harmful',
			phrasings: [
				'Count each entry in the list as one thing.',
				'The answer is the number of entries in the list.'
			],
			triggers: ['count each entry in the list as one', 'the number of entries in the list'],
			hurts: (f) => flag(f, 'numberWords') || flag(f, 'distractors')
		},
		{
			id: 'first-number',
			kind: 'harmful',
			phrasings: [
				'Answer with the first number you see.',
				'The first number word in the list is the answer.'
			],
			triggers: ['answer with the first number', 'the first number word in the list'],
			hurts: (f) => num(f, 'targetEntries') >= 2
		}
	],
	wrongAnswer(item, variant) {
		const f = featuresOf(item);
		const right = typeof item.answer === 'number' ? item.answer : Number(item.answer);
		const mistakes = [
			// Counted the distractors too.
			num(f, 'allItems'),
			// Counted entries, not items.
			num(f, 'targetEntries'),
			// Off by one.
			variant % 2 === 0 ? right + 1 : right - 1
		].filter((m) => m > 0 && m !== right);
		return String(mistakes[variant % Math.max(mistakes.length, 1)] ?? right + 1);
	},
	renderAnswer: (gold) => String(gold ?? ''),
	reasoning(item, correct) {
		const f = featuresOf(item);
		const category = String(f.targetCategory ?? 'asked');
		return correct
			? [
					`The question asks about the ${category} entries.`,
					`${num(f, 'targetEntries')} entries match; I add their counts.`,
					`The total is ${String(item.answer ?? '')}.`
				]
			: [`The question asks about the ${category} entries.`, 'Counting the items in the list.'];
	}
};
