import { describe, expect, it } from 'vitest';
import { objectCounting } from '../../../../src/core/packs/families/object-counting.ts';
import { objectCountingLessons } from '../../../../workers/engines/scripted/lessons/object-counting.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(objectCounting, objectCountingLessons);

describe('object-counting specifics', () => {
	const items = sampleItems(objectCounting);

	it('keeps the counts consistent: asked ≤ all items, matching entries ≤ entries', () => {
		for (const item of items) {
			const f = item.meta?.features ?? {};
			expect(Number(item.answer)).toBeGreaterThanOrEqual(Number(f.targetEntries));
			expect(Number(item.answer)).toBeLessThanOrEqual(Number(f.allItems));
			expect(Number(f.targetEntries)).toBeLessThanOrEqual(Number(f.entries));
			expect(f.distractors).toBe(Number(f.targetEntries) < Number(f.entries));
		}
	});

	it('uses more entries and distractor categories as difficulty rises', () => {
		const max = (level: number, key: string) =>
			Math.max(
				...items
					.filter((i) => i.meta?.difficulty === level)
					.map((i) => Number(i.meta?.features?.[key]))
			);
		expect(max(1, 'entries')).toBeLessThanOrEqual(4);
		expect(max(1, 'distractorCategories')).toBeLessThanOrEqual(1);
		expect(max(3, 'entries')).toBe(9);
		expect(max(3, 'distractorCategories')).toBe(3);
		expect(items.some((i) => i.meta?.features?.irregularPlural === true)).toBe(true);
	});

	it('reads lists with or without the serial comma, digits and number words', () => {
		const ask = (list: string) =>
			objectCounting.solve(`I have ${list}. How many fruits do I have?`);
		expect(ask('a plum, two pears, and a dog')).toBe(3);
		expect(ask('a plum, two pears and a dog')).toBe(3);
		expect(ask('a plum and 11 pears')).toBe(12);
		expect(ask('a dog')).toBe(0);
	});

	it('refuses nouns it does not know rather than guessing', () => {
		expect(() =>
			objectCounting.solve('I have a plum and a spaceship. How many fruits do I have?')
		).toThrow(/spaceship/);
	});

	it('offers "counted the distractors too" as a wrong answer', () => {
		const item = objectCounting.generate(3, 1, 3);
		const all = String(item.meta?.features?.allItems);
		const wrong = [0, 1, 2].map((v) => objectCountingLessons.wrongAnswer(item, v));
		expect(wrong).toContain(all);
	});
});
