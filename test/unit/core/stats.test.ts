import { describe, expect, it } from 'vitest';
import {
	comparePaired,
	mcnemarExact,
	pairedCounts,
	wilsonInterval
} from '../../../src/core/stats/paired.ts';

describe('Wilson score interval (95%)', () => {
	// Hand-computed: z = 1.959964, z² = 3.841459; centre = (k + z²/2) / (n + z²),
	// half = z / (n + z²) · sqrt(k(n − k)/n + z²/4).
	it('5 of 10: centre 0.5, half-width 0.263407', () => {
		const { low, high } = wilsonInterval(5, 10);
		expect(low).toBeCloseTo(0.236593, 5);
		expect(high).toBeCloseTo(0.763407, 5);
	});

	it('0 successes: the low bound is exactly 0 and the high one 2·centre = 0.277533', () => {
		const { low, high } = wilsonInterval(0, 10);
		expect(low).toBe(0);
		expect(high).toBeCloseTo(0.277533, 5);
	});

	it('n of n mirrors 0 of n', () => {
		const { low, high } = wilsonInterval(10, 10);
		expect(low).toBeCloseTo(1 - 0.277533, 5);
		expect(high).toBe(1);
	});

	it('1 of 4: 0.045587 to 0.699358', () => {
		const { low, high } = wilsonInterval(1, 4);
		expect(low).toBeCloseTo(0.045587, 5);
		expect(high).toBeCloseTo(0.699358, 5);
	});

	it('n = 0 says nothing: [0, 1]', () => {
		expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
	});

	it('refuses counts that are not counts', () => {
		expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
		expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
		expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
	});
});

describe('paired counts', () => {
	it('counts both, only A, only B and neither', () => {
		expect(
			pairedCounts([true, true, false, false, true], [true, false, true, false, false])
		).toEqual({ both: 1, onlyA: 2, onlyB: 1, neither: 1 });
	});

	it('refuses lists of different lengths', () => {
		expect(() => pairedCounts([true], [])).toThrow(RangeError);
	});
});

describe('exact McNemar test (two-sided)', () => {
	it('no discordant pairs: p = 1', () => {
		expect(mcnemarExact(0, 0)).toBe(1);
	});

	it('all discordant pairs in one direction: 2 · ½ⁿ', () => {
		expect(mcnemarExact(5, 0)).toBeCloseTo(0.0625, 12);
		expect(mcnemarExact(0, 6)).toBeCloseTo(0.03125, 12);
		expect(mcnemarExact(1, 0)).toBe(1);
	});

	it('1 vs 9: 2 · (1 + 10) / 1024 = 0.021484375', () => {
		expect(mcnemarExact(1, 9)).toBeCloseTo(0.021484375, 12);
		expect(mcnemarExact(9, 1)).toBeCloseTo(0.021484375, 12);
	});

	it('an even split is capped at 1: 3 vs 3 gives 2 · 42/64 > 1', () => {
		expect(mcnemarExact(3, 3)).toBe(1);
	});

	it('2 vs 8: 2 · (1 + 10 + 45) / 1024 = 0.109375', () => {
		expect(mcnemarExact(2, 8)).toBeCloseTo(0.109375, 12);
	});

	it('stays finite for large n (0 vs 2000 underflows to 0, not NaN)', () => {
		expect(mcnemarExact(0, 2000)).toBe(0);
		expect(mcnemarExact(1000, 1000)).toBe(1);
	});
});

describe('paired comparison', () => {
	it('puts scores, delta, intervals, counts and p together', () => {
		const a = [true, true, true, true, true, false];
		const b = [false, false, false, false, false, false];
		const c = comparePaired(a, b);
		expect(c).toMatchObject({ n: 6, passesA: 5, passesB: 0 });
		expect(c.delta).toBeCloseTo(5 / 6, 12);
		expect(c.counts).toEqual({ both: 0, onlyA: 5, onlyB: 0, neither: 1 });
		expect(c.p).toBeCloseTo(0.0625, 12);
		expect(c.intervalB.low).toBe(0);
	});

	it('with no items: scores 0, intervals [0, 1], p = 1', () => {
		const c = comparePaired([], []);
		expect(c).toMatchObject({ n: 0, scoreA: 0, scoreB: 0, delta: 0, p: 1 });
		expect(c.intervalA).toEqual({ low: 0, high: 1 });
	});
});
