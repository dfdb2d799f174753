import { describe, expect, it } from 'vitest';
import {
	readTradeStory,
	shuffledObjects
} from '../../../../src/core/packs/families/shuffled-objects.ts';
import { shuffledObjectsLessons } from '../../../../workers/engines/scripted/lessons/shuffled-objects.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(shuffledObjects, shuffledObjectsLessons);

describe('shuffled-objects specifics', () => {
	const items = sampleItems(shuffledObjects);
	const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);
	const feature = (item: (typeof items)[number], key: string) => item.meta?.features?.[key];

	it('grows the number of people and trades with difficulty', () => {
		expect(at(1).every((item) => feature(item, 'objects') === 3)).toBe(true);
		expect(at(2).every((item) => [4, 5].includes(Number(feature(item, 'objects'))))).toBe(true);
		expect(at(3).every((item) => Number(feature(item, 'objects')) >= 5)).toBe(true);
		expect(at(3).every((item) => Number(feature(item, 'swaps')) >= 6)).toBe(true);
	});

	it('lists one option per person and counts every trade sentence', () => {
		for (const item of items.slice(0, 300)) {
			const story = readTradeStory(item.input ?? '');
			expect(story.options).toHaveLength(Number(feature(item, 'objects')));
			expect(story.after).toHaveLength(Number(feature(item, 'swaps')));
			expect(Object.keys(item.choices ?? {})).toHaveLength(story.options.length);
		}
	});

	it('adds non-trade distractor sentences only at difficulty 3, and they move nothing', () => {
		expect(at(1).some((item) => feature(item, 'distractor') === true)).toBe(false);
		const distracted = at(3).filter((item) => feature(item, 'distractor') === true);
		expect(distracted.length).toBeGreaterThan(100);
		for (const item of distracted.slice(0, 50)) {
			const plain = (item.input ?? '').replace(/ Meanwhile, [^.]+\./, '');
			expect(plain).not.toBe(item.input);
			expect(shuffledObjects.solve(plain)).toBe(item.answer);
		}
	});

	it('sometimes returns the asked person their own object, as a trap for guessing', () => {
		const own = items.filter((item) => feature(item, 'endsWithOwn') === true).length;
		expect(own / items.length).toBeGreaterThan(0.05);
		expect(own / items.length).toBeLessThan(0.4);
	});

	it('answers with the starting object when a trade is immediately undone', () => {
		const text =
			'Ana, Bo, and Cy are playing a game. At the start of the game, they are each holding a ball: ' +
			'Ana has a red ball, Bo has a blue ball, and Cy has a green ball. First, Ana and Bo swap balls. ' +
			'Finally, Bo and Ana swap balls. At the end of the game, Ana has the\n' +
			'Options:\n(A) red ball\n(B) blue ball\n(C) green ball';
		expect(shuffledObjects.solve(text)).toBe('(A)');
	});
});
