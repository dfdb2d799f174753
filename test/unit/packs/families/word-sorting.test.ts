import { describe, expect, it } from 'vitest';
import { wordSorting } from '../../../../src/core/packs/families/word-sorting.ts';
import { wordSortingLessons } from '../../../../workers/engines/scripted/lessons/word-sorting.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(wordSorting, wordSortingLessons);

describe('word-sorting specifics', () => {
	const items = sampleItems(wordSorting);
	const listed = (input: string | undefined) => (input ?? '').split('List: ')[1]?.split(' ') ?? [];
	const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);

	it('makes the gold a permutation of the listed words, each once', () => {
		for (const item of items) {
			const words = listed(item.input);
			expect(new Set(words).size).toBe(words.length);
			expect(String(item.answer).split(' ').sort()).toEqual([...words].sort());
		}
	});

	it('gives distinct first letters at level 1 and shared prefixes at level 3', () => {
		for (const item of at(1)) {
			const firsts = listed(item.input).map((w) => w[0]);
			expect(new Set(firsts).size).toBe(firsts.length);
		}
		expect(at(3).every((i) => i.meta?.features?.sharedPrefix === true)).toBe(true);
		expect(items.some((i) => i.meta?.features?.prefixWord === true)).toBe(true);
	});

	it('puts a word before the longer words it begins, and reads lists across lines', () => {
		expect(wordSorting.solve('Sort the following words alphabetically: List: card car')).toBe(
			'car card'
		);
		expect(wordSorting.solve('Sort these. List:\nbeta\nalpha')).toBe('alpha beta');
		expect(() => wordSorting.solve('Sort the following words: List: Apple pie')).toThrow(
			/lowercase/
		);
	});

	it('offers a first-letter-only ordering as a wrong answer', () => {
		const item = {
			id: 'x',
			input: 'Sort the following words alphabetically: List: stamp star apple',
			answer: 'apple stamp star'
		};
		expect(wordSortingLessons.wrongAnswer(item, 0)).toBe('apple star stamp');
	});
});
