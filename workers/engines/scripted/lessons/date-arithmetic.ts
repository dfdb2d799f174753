/**
 * What the simulation knows about date arithmetic: the rules a skill can state (read the stated
 * format, month lengths, leap years, anchor on today, calendar months), which items need them,
 * and which wrong option a model that misses one picks — the generator's own distractors, read
 * back from the item text.
 */
import {
	dateMistakes,
	optionFor,
	readDateQuestion,
	resultOf,
	toIso
} from '../../../../src/core/packs/families/date-arithmetic.ts';
import type { DateQuestion } from '../../../../src/core/packs/families/date-arithmetic.ts';
import type { PackItem } from '../../../../src/core/packs/types.ts';
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, asChoice, featuresOf, flag } from './lesson-kit.ts';

function tryRead(item: PackItem): DateQuestion | undefined {
	try {
		return readDateQuestion(item.input ?? '');
	} catch {
		return undefined;
	}
}

export const dateArithmeticLessons: FamilyLessons = {
	familyId: 'date-arithmetic',
	lessons: [
		{
			id: 'read-input-format',
			kind: 'procedure',
			phrasings: [
				'Before any arithmetic, check the stated input format: in DD/MM/YYYY the first number is the day, not the month.',
				'Read the date in the format the question states; when it says DD/MM/YYYY, the first number is the day.',
				'Never assume month-first: if the text says DD/MM/YYYY, rewrite the date as month/day before computing.'
			],
			triggers: [
				'check the stated input format',
				'the first number is the day',
				'never assume month-first'
			],
			needs: (f) => f['inputFormat'] === 'DD/MM'
		},
		{
			id: 'month-lengths',
			kind: 'procedure',
			phrasings: [
				'When counting days across a month end, use the real month lengths: April, June, September and November have 30 days, the others 31, February 28 or 29.',
				"Count across month boundaries using each month's real length (30 or 31 days, February 28 or 29).",
				'Knuckle rule for month lengths: January 31, February 28/29, March 31, April 30, and so on.'
			],
			triggers: [
				'use the real month lengths',
				"each month's real length",
				'knuckle rule for month lengths'
			],
			needs: (f) => flag(f, 'crossesMonthEnd')
		},
		{
			id: 'leap-years',
			kind: 'procedure',
			phrasings: [
				'February has 29 days in a leap year: years divisible by 4, except centuries not divisible by 400.',
				'Check for a leap year whenever February is involved: 2024 and 2000 are leap years, 1900 is not.',
				'In leap years, remember 29 February exists and count it when you step across the end of February.'
			],
			triggers: ['29 days in a leap year', 'check for a leap year', 'remember 29 february exists'],
			needs: (f) => flag(f, 'leapDay')
		},
		{
			id: 'anchor-on-today',
			kind: 'procedure',
			phrasings: [
				"If the text gives yesterday's or tomorrow's date, first shift it by one day to find today.",
				"Work out today's date first: 'yesterday was X' means today is the day after X.",
				"Turn the given date into today's date before applying the question's offset."
			],
			triggers: [
				'first shift it by one day',
				"work out today's date first",
				"turn the given date into today's date"
			],
			needs: (f) => f['anchor'] === 'yesterday' || f['anchor'] === 'tomorrow'
		},
		{
			id: 'calendar-months',
			kind: 'procedure',
			phrasings: [
				'To add or subtract months or years, change the month or year and keep the day number; if that day does not exist, use the last day of that month.',
				'Months are calendar months, not 30-day blocks: keep the day number and clamp it to the last day of the month.',
				"For 'N months ago', step the month back N times and keep the day number."
			],
			triggers: ['keep the day number', 'calendar months, not 30-day blocks'],
			needs: (f) => f['operation'] === 'month' || f['operation'] === 'year'
		},
		answerLineLesson(['(<letter>)']),
		{
			id: 'slashes-month-first',
			kind: 'harmful',
			phrasings: [
				'Slashed dates are always month first (MM/DD/YYYY), whatever the text says.',
				'Treat every date with slashes as always month first.'
			],
			triggers: ['always month first'],
			hurts: (f) => f['inputFormat'] === 'DD/MM'
		},
		{
			id: 'thirty-day-months',
			kind: 'harmful',
			phrasings: [
				'For simplicity, treat every month as 30 days long.',
				'Assume all months have 30 days when counting days.'
			],
			triggers: ['every month as 30 days', 'all months have 30 days'],
			hurts: (f) =>
				flag(f, 'crossesMonthEnd') && (f['operation'] === 'day' || f['operation'] === 'week')
		}
	],
	wrongAnswer(item, variant) {
		const gold = asChoice(item.answer);
		const question = tryRead(item);
		const wrong: string[] = [];
		if (question) {
			const result = resultOf(question);
			const format = question.inputFormat;
			for (const date of dateMistakes(
				question.today,
				question.anchorDate,
				question.operation,
				format,
				result
			)) {
				const letter = optionFor(question, date);
				if (letter !== undefined && letter !== gold && !wrong.includes(letter)) wrong.push(letter);
			}
		}
		if (wrong.length === 0) {
			// No readable options: the neighbouring letter is the best guess at a slip.
			const code = gold.charCodeAt(1);
			return `(${String.fromCharCode(code === 65 ? 66 : code - 1)})`;
		}
		return wrong[variant % wrong.length] ?? gold;
	},
	renderAnswer: (gold) => asChoice(gold),
	reasoning(item, correct) {
		const f = featuresOf(item);
		const question = tryRead(item);
		if (!question) return ['I need the date the question asks for.', 'I count on the calendar.'];
		const { unit, amount } = question.operation;
		const lines = [
			correct || f['inputFormat'] !== 'DD/MM'
				? `Today is ${toIso(question.today)}.`
				: `The date given is ${toIso(question.anchorDate)} read month first.`,
			`I ${amount > 0 ? 'add' : 'subtract'} ${Math.abs(amount)} ${unit}${Math.abs(amount) === 1 ? '' : 's'}.`
		];
		if (correct) lines.push(`That gives ${toIso(resultOf(question))}.`);
		else lines.push('Counting on the calendar, I land near the end of the month.');
		return lines;
	}
};
