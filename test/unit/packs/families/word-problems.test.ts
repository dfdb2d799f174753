import { describe, expect, it } from 'vitest';
import { wordProblems } from '../../../../src/core/packs/families/word-problems.ts';
import { wordProblemsLessons } from '../../../../workers/engines/scripted/lessons/word-problems.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(wordProblems, wordProblemsLessons);

describe('word-problems specifics', () => {
	const items = sampleItems(wordProblems);
	const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);
	const feature = (item: (typeof items)[number], key: string) => item.meta?.features?.[key];

	it('uses every template, with unit conversions and rates in the mix', () => {
		const templates = new Set(items.map((item) => feature(item, 'template')));
		expect([...templates].sort()).toEqual(
			['recipe', 'savings', 'shopping', 'speed', 'stock', 'tank', 'wage'].sort()
		);
		const converting = items.filter((item) => feature(item, 'unitConversion') === true).length;
		expect(converting / items.length).toBeGreaterThan(0.2);
		expect(items.some((item) => feature(item, 'rate') === false)).toBe(true);
	});

	it('needs more steps at higher difficulty', () => {
		const meanSteps = (level: number) =>
			at(level).reduce((sum, item) => sum + Number(feature(item, 'steps')), 0) / at(level).length;
		expect(meanSteps(1)).toBeLessThan(meanSteps(2));
		expect(meanSteps(2)).toBeLessThan(meanSteps(3));
		expect(at(1).every((item) => feature(item, 'unitConversion') === false)).toBe(true);
	});

	it('keeps every gold a non-negative number with at most two decimals', () => {
		for (const item of items) {
			const gold = Number(item.answer);
			expect(gold, item.input).toBeGreaterThanOrEqual(0);
			expect(Math.abs(gold * 100 - Math.round(gold * 100)), item.input).toBeLessThan(1e-6);
		}
	});

	it('converts minutes, grams and days the way the wording says', () => {
		expect(
			wordProblems.solve(
				'A ferry travels at 30 kilometres per hour. How many kilometres does it travel in 1 hour and 12 minutes?'
			)
		).toBe(36);
		expect(
			wordProblems.solve(
				'A recipe uses 150 grams of flour for one loaf. Mei bakes 3 loaves. How many grams of flour does Mei use?'
			)
		).toBe(450);
		expect(
			wordProblems.solve(
				'Hana has $5 and saves $20 more every week. How many dollars will Hana have after 14 days?'
			)
		).toBe(45);
	});
});
