import { describe, expect, it } from 'vitest';
import { dateArithmetic } from '../../../../src/core/packs/families/date-arithmetic.ts';
import {
	addMonths,
	isLeapYear,
	readDateQuestion
} from '../../../../src/core/packs/families/date-arithmetic.ts';
import { dateArithmeticLessons } from '../../../../workers/engines/scripted/lessons/date-arithmetic.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(dateArithmetic, dateArithmeticLessons);

describe('date-arithmetic specifics', () => {
	const items = sampleItems(dateArithmetic);
	const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);
	const share = (list: typeof items, test: (f: Record<string, unknown>) => boolean) =>
		list.filter((item) => test(item.meta?.features ?? {})).length / list.length;

	it('follows the Gregorian leap-year rule and clamps calendar months', () => {
		expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
		expect(addMonths({ y: 2023, m: 1, d: 31 }, 1)).toEqual({ y: 2023, m: 2, d: 28 });
		expect(addMonths({ y: 2024, m: 3, d: 31 }, -1)).toEqual({ y: 2024, m: 2, d: 29 });
		expect(addMonths({ y: 2016, m: 2, d: 29 }, 12)).toEqual({ y: 2017, m: 2, d: 28 });
		expect(addMonths({ y: 2020, m: 1, d: 15 }, -14)).toEqual({ y: 2018, m: 11, d: 15 });
	});

	it('offers six distinct, real MM/DD/YYYY options with the gold among them', () => {
		for (const item of items.slice(0, 300)) {
			const question = readDateQuestion(item.input ?? '');
			expect(question.options.map((o) => o.letter).join('')).toBe('ABCDEF');
			expect(new Set(Object.values(item.choices ?? {})).size).toBe(6);
			expect(Object.keys(item.choices ?? {})).toContain(String(item.answer).replace(/[()]/g, ''));
		}
	});

	it('puts day-first dates, month ends, leap days and yesterday/tomorrow anchors in the mix', () => {
		expect(share(at(1), (f) => f['inputFormat'] === 'DD/MM')).toBe(0);
		expect(share(at(3), (f) => f['inputFormat'] === 'DD/MM')).toBeGreaterThan(0.2);
		expect(share(at(2), (f) => f['crossesMonthEnd'] === true)).toBeGreaterThan(0.3);
		expect(share(at(3), (f) => f['leapDay'] === true)).toBeGreaterThan(0.03);
		expect(share(at(3), (f) => f['anchor'] !== 'today')).toBeGreaterThan(0.3);
		expect(share(at(1), (f) => f['anchor'] !== 'today')).toBe(0);
		expect(share(at(3), (f) => f['operation'] === 'year')).toBeGreaterThan(0.1);
	});

	it('makes the day/month swap a listed option on ambiguous day-first items', () => {
		const ambiguous = items.filter(
			(item) =>
				item.meta?.features?.['inputFormat'] === 'DD/MM' &&
				item.meta.features['dayMonthAmbiguous'] === true
		);
		expect(ambiguous.length).toBeGreaterThan(50);
		const withTrap = ambiguous.filter((item) => {
			const wrong = dateArithmeticLessons.wrongAnswer(item, 0);
			return wrong !== item.answer && /^\([A-F]\)$/.test(wrong);
		});
		expect(withTrap.length).toBe(ambiguous.length);
	});

	it('reads every anchor form and offset wording', () => {
		const options = '\nOptions:\n(A) 03/01/2024\n(B) 02/29/2024\n(C) 02/28/2024\n(D) 02/27/2024';
		expect(dateArithmetic.solve(`Today is 2024-02-28. What is the date tomorrow?${options}`)).toBe(
			'(B)'
		);
		expect(
			dateArithmetic.solve(
				`Yesterday was February 28, 2024. What is the date one day from today?${options}`
			)
		).toBe('(A)');
		expect(
			dateArithmetic.solve(
				`Tomorrow will be 01/03/2024. The date above is written DD/MM/YYYY. What was the date 2 days ago?${options}`
			)
		).toBe('(D)'); // tomorrow is 1 March 2024, so today is the leap day 29 February
	});
});
