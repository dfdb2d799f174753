/**
 * What the simulation knows about arithmetic word problems: list the quantities, convert units,
 * multiply rates by times, one operation per line, reread what is asked — and the slips a model
 * makes without them (an unconverted unit, a step dropped, an arithmetic slip).
 */
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, featuresOf, flag, num } from './lesson-kit.ts';

function cents(x: number): number {
	return Math.round(x * 100) / 100;
}

/** Conversion factors a model forgets, by template: the answer comes out this many times off. */
const CONVERSION_SLIPS: Readonly<Record<string, readonly number[]>> = {
	wage: [60, 100 / 60],
	speed: [60, 100 / 60],
	recipe: [1000, 10],
	savings: [7],
	tank: [60]
};

export const wordProblemsLessons: FamilyLessons = {
	familyId: 'word-problems',
	lessons: [
		{
			id: 'list-quantities',
			kind: 'procedure',
			phrasings: [
				'First list every quantity in the problem with its unit, one per line.',
				'Start by writing each number with its unit before doing any arithmetic.',
				'Make a short list of the given quantities (number and unit) first.'
			],
			triggers: [
				'list every quantity',
				'writing each number with its unit',
				'list of the given quantities'
			],
			needs: (f) => num(f, 'steps') >= 2
		},
		{
			id: 'convert-units',
			kind: 'procedure',
			phrasings: [
				'Convert to the unit the question asks for before computing: 60 minutes = 1 hour, 1000 grams = 1 kilogram, 7 days = 1 week.',
				'Put every quantity in the same unit first (60 minutes = 1 hour, 1000 grams = 1 kilogram).',
				'Check the units: convert minutes to hours, grams to kilograms and days to weeks when the question mixes them.'
			],
			triggers: [
				'convert to the unit the question asks for',
				'60 minutes = 1 hour',
				'convert minutes to hours'
			],
			needs: (f) => flag(f, 'unitConversion')
		},
		{
			id: 'rate-times-time',
			kind: 'procedure',
			phrasings: [
				'A rate times a time gives a total (dollars per hour × hours); a total divided by the rate gives the time.',
				'For "per hour", "per minute" or "every week", multiply the rate by how many hours, minutes or weeks pass.',
				'Amount = rate × time, and time = amount ÷ rate.'
			],
			triggers: ['a rate times a time', 'multiply the rate by how many', 'amount = rate × time'],
			needs: (f) => flag(f, 'rate')
		},
		{
			id: 'one-operation-per-line',
			kind: 'procedure',
			phrasings: [
				'Do one operation per line and carry each result into the next line.',
				'Write the calculation as a chain: one operation per line, each using the previous result.',
				'Never combine two operations in one step; carry each result forward.'
			],
			triggers: [
				'one operation per line',
				'never combine two operations in one step',
				'carry each result'
			],
			needs: (f) => num(f, 'steps') >= 3
		},
		{
			id: 'reread-the-question',
			kind: 'procedure',
			phrasings: [
				'Before answering, reread the question: "change" is the bill minus the total, "left" is what you started with minus what was used or sold.',
				'Reread the last sentence to see what is asked; a total is often not the final answer.',
				'Check the final question again: it may ask for what is left or for the change, not the total.'
			],
			triggers: [
				'reread the question',
				'reread the last sentence',
				'check the final question again'
			],
			needs: (f) =>
				num(f, 'steps') >= 3 &&
				(f['template'] === 'shopping' || f['template'] === 'stock' || f['template'] === 'recipe')
		},
		answerLineLesson(['<number>']),
		{
			id: 'first-number-wins',
			kind: 'harmful',
			phrasings: [
				'Answer with the first number you see in the problem.',
				'The first number in the problem is usually the answer.'
			],
			triggers: ['the first number you see', 'the first number in the problem'],
			hurts: (f) => num(f, 'steps') >= 2
		},
		{
			id: 'ignore-units',
			kind: 'harmful',
			phrasings: [
				'Ignore the units and keep the numbers exactly as they are written.',
				'Units do not matter; ignore the units and just combine the numbers.'
			],
			triggers: ['ignore the units'],
			hurts: (f) => flag(f, 'unitConversion')
		}
	],
	wrongAnswer(item, variant) {
		const gold = typeof item.answer === 'number' ? item.answer : Number(item.answer);
		if (!Number.isFinite(gold)) return '0';
		const f = featuresOf(item);
		const template = typeof f['template'] === 'string' ? f['template'] : '';
		const candidates: number[] = [];
		if (flag(f, 'unitConversion')) {
			for (const factor of CONVERSION_SLIPS[template] ?? [60])
				candidates.push(cents(gold * factor));
		}
		candidates.push(cents(gold + 1), cents(gold * 2), cents(Math.max(0, gold - 1)));
		const wrong = candidates.filter((x, i) => x !== gold && candidates.indexOf(x) === i);
		return String(wrong[variant % wrong.length] ?? gold + 1);
	},
	renderAnswer: (gold) => String(gold ?? ''),
	reasoning(item, correct) {
		const f = featuresOf(item);
		const numbers = [...(item.input ?? '').matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
		const lines = [
			numbers.length > 0 ? `The numbers given are ${numbers.join(', ')}.` : 'I read the numbers.'
		];
		if (flag(f, 'unitConversion'))
			lines.push(correct ? 'First I convert to one unit.' : 'The units look the same, so I go on.');
		lines.push(
			correct
				? `I work through ${num(f, 'steps')} step(s), one at a time.`
				: 'I combine them in one go.'
		);
		return lines;
	}
};
