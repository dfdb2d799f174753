import { describe, expect, it } from 'vitest';
import { lastLetters } from '../../../../src/core/packs/families/last-letters.ts';
import { lastLettersLessons } from '../../../../workers/engines/scripted/lessons/last-letters.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(lastLetters, lastLettersLessons);

describe('last-letters specifics', () => {
	const items = sampleItems(lastLetters);
	const phrase = (input: string | undefined) =>
		/"([^"]+)"/.exec(input ?? '')?.[1]?.split(' ') ?? [];

	it('records the word count and whether names appear, as read from the phrase', () => {
		for (const item of items) {
			const words = phrase(item.input);
			const f = item.meta?.features ?? {};
			expect(f.words).toBe(words.length);
			expect(f.hasNames).toBe(words.some((w) => /^[A-Z]/.test(w)));
			expect(String(item.answer)).toHaveLength(words.length);
		}
	});

	it('grows the phrase with difficulty and mixes in common words after level 1', () => {
		const lengths = (level: number) =>
			items.filter((i) => i.meta?.difficulty === level).map((i) => phrase(i.input).length);
		expect(Math.max(...lengths(1))).toBeLessThanOrEqual(3);
		expect(Math.min(...lengths(3))).toBeGreaterThanOrEqual(5);
		const level1 = items.filter((i) => i.meta?.difficulty === 1);
		expect(level1.every((i) => i.meta?.features?.hasCommonWords === false)).toBe(true);
		const level3 = items.filter((i) => i.meta?.difficulty === 3);
		expect(level3.some((i) => i.meta?.features?.hasCommonWords === true)).toBe(true);
	});

	it('lowercases capital final letters and refuses phrases with digits', () => {
		expect(
			lastLetters.solve('Take the last letters of each word in "ANA BO" and concatenate them.')
		).toBe('ao');
		expect(() =>
			lastLetters.solve('Take the last letters of each word in "Ana 42" and concatenate them.')
		).toThrow(/other than words/);
	});

	it('offers initials and dropped letters as wrong answers', () => {
		const item = {
			id: 'x',
			input: 'Take the last letters of each word in "Mei Viggo Zelda" and concatenate them.',
			answer: 'ioa'
		};
		expect(lastLettersLessons.wrongAnswer(item, 0)).toBe('mvz');
		expect(lastLettersLessons.wrongAnswer(item, 1)).toBe('ia');
	});
});
