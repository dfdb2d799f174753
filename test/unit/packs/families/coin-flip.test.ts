import { describe, expect, it } from 'vitest';
import { coinFlip } from '../../../../src/core/packs/families/coin-flip.ts';
import { coinFlipLessons } from '../../../../workers/engines/scripted/lessons/coin-flip.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(coinFlip, coinFlipLessons);

describe('coin-flip specifics', () => {
	const items = sampleItems(coinFlip);
	const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);

	it('answers yes exactly when the flip parity and the side asked about agree', () => {
		for (const item of items) {
			const f = item.meta?.features ?? {};
			const even = Number(f.flips) % 2 === 0;
			expect(item.answer === 'yes', item.input).toBe(even !== (f.asksOtherSide === true));
		}
	});

	it('lets only flips and turn-overs change the coin', () => {
		const story = (action: string) =>
			`A coin is heads up. Ana ${action}. Is the coin still heads up?`;
		expect(coinFlip.solve(story('flips the coin'))).toBe('no');
		expect(coinFlip.solve(story('turns the coin over'))).toBe('no');
		expect(coinFlip.solve(story('does not flip the coin'))).toBe('yes');
		expect(coinFlip.solve(story('looks at the coin'))).toBe('yes');
		expect(coinFlip.solve(story('picks up the coin and puts it down without flipping it'))).toBe(
			'yes'
		);
		expect(() => coinFlip.solve(story('spins the coin'))).toThrow(/unknown action/);
	});

	it('adds distractor kinds, turn-overs and tails starts only at higher difficulty', () => {
		const share = (level: number, key: string) =>
			at(level).filter((item) => item.meta?.features?.[key] === true).length / at(level).length;
		expect(share(1, 'looksAt')).toBe(0);
		expect(share(2, 'looksAt')).toBeGreaterThan(0.2);
		expect(share(1, 'turnsOver')).toBe(0);
		expect(share(1, 'startsTails')).toBe(0);
		expect(share(3, 'turnsOver')).toBeGreaterThan(share(2, 'turnsOver'));
		expect(share(3, 'startsTails')).toBeGreaterThan(share(2, 'startsTails'));
		expect(share(2, 'startsTails')).toBeGreaterThan(0);
		expect(
			Math.max(...at(1).map((item) => Number(item.meta?.features?.people)))
		).toBeLessThanOrEqual(3);
		expect(
			Math.min(...at(3).map((item) => Number(item.meta?.features?.people)))
		).toBeGreaterThanOrEqual(5);
	});

	it('keeps yes and no roughly balanced at every difficulty', () => {
		for (const level of coinFlip.difficulties) {
			const yes = at(level).filter((item) => item.answer === 'yes').length / at(level).length;
			expect(yes, `difficulty ${level}`).toBeGreaterThan(0.35);
			expect(yes, `difficulty ${level}`).toBeLessThan(0.65);
		}
	});

	it('makes its wrong answer the opposite of the gold', () => {
		for (const item of items.slice(0, 20)) {
			expect(coinFlipLessons.wrongAnswer(item, 0)).toBe(item.answer === 'yes' ? 'no' : 'yes');
		}
	});
});
