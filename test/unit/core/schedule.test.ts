import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	budgetAt,
	defaultSchedule,
	initialScheduleState,
	peekBudget,
	roundHalfEven,
	takeBudget,
	type EditBudgetSchedule
} from '../../../src/core/schedule.ts';

const run = (s: EditBudgetSchedule): number[] =>
	Array.from({ length: s.totalSteps }, (_, i) => budgetAt(s, i + 1));

describe('roundHalfEven', () => {
	it('rounds ties to the even integer as Python does', () => {
		expect([0.5, 1.5, 2.5, 3.5, -1.5, -2.5].map(roundHalfEven)).toEqual([0, 2, 2, 4, -2, -2]);
		expect([2.4999, 2.5001, 3, -0.4].map(roundHalfEven)).toEqual([2, 3, 3, 0]);
	});
});

describe('edit budget schedules', () => {
	it('matches the reference cosine 4→2 schedules for the shipped run shapes', () => {
		expect(run({ kind: 'cosine', max: 4, min: 2, totalSteps: 8 })).toEqual([
			4, 4, 3, 3, 3, 2, 2, 2
		]);
		expect(run({ kind: 'cosine', max: 4, min: 2, totalSteps: 12 })).toEqual([
			4, 4, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2
		]);
		expect(run({ kind: 'cosine', max: 4, min: 2, totalSteps: 4 })).toEqual([4, 3, 2, 2]);
		const searchQa = run({ kind: 'cosine', max: 4, min: 2, totalSteps: 40 });
		expect(searchQa.indexOf(3)).toBe(13);
		expect(searchQa.indexOf(2)).toBe(26);
		expect(searchQa.at(-1)).toBe(2);
	});

	it('rounds the linear schedule half-to-even (4→2 over 4 steps is 4,3,2,2)', () => {
		expect(run({ kind: 'linear', max: 4, min: 2, totalSteps: 4 })).toEqual([4, 3, 2, 2]);
	});

	it('keeps a constant schedule at its maximum', () => {
		expect(run({ kind: 'constant', max: 3, min: 1, totalSteps: 5 })).toEqual([3, 3, 3, 3, 3]);
	});

	it('stays within [min, max], never increases, and holds the final value past the end', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('linear', 'cosine'),
				fc.integer({ min: 1, max: 16 }),
				fc.integer({ min: 0, max: 8 }),
				fc.integer({ min: 2, max: 60 }),
				(kind, max, drop, totalSteps) => {
					const s: EditBudgetSchedule = { kind, max, min: Math.max(0, max - drop), totalSteps };
					const values = run(s);
					for (let i = 0; i < values.length; i++) {
						const v = values[i] ?? NaN;
						expect(v).toBeGreaterThanOrEqual(s.min);
						expect(v).toBeLessThanOrEqual(s.max);
						if (i > 0) expect(v).toBeLessThanOrEqual(values[i - 1] ?? NaN);
					}
					expect(values.at(-1)).toBe(s.min);
					expect(budgetAt(s, totalSteps + 5)).toBe(s.min);
				}
			)
		);
	});

	it('gives max to a run of at most one step, as the reference does', () => {
		for (const kind of ['linear', 'cosine', 'constant'] as const) {
			for (const totalSteps of [1, 0, -3]) {
				const s: EditBudgetSchedule = { kind, max: 4, min: 2, totalSteps };
				expect([1, 2, 5].map((k) => budgetAt(s, k))).toEqual([4, 4, 4]);
			}
		}
		expect(defaultSchedule(1)).toMatchObject({ max: 3 });
		expect(budgetAt(defaultSchedule(1), 1)).toBe(3);
	});

	it('rejects unknown schedule kinds instead of running them as cosine', () => {
		const bogus = { kind: 'step', max: 4, min: 2, totalSteps: 8 } as unknown as EditBudgetSchedule;
		expect(() => budgetAt(bogus, 1)).toThrow(
			'unknown schedule kind "step"; use constant, linear, cosine'
		);
		expect(() => takeBudget(bogus, initialScheduleState())).toThrow(RangeError);
	});

	it('advances its plain-data counter only when a budget is taken', () => {
		const s = { kind: 'cosine', max: 4, min: 2, totalSteps: 8 } as const;
		let state = initialScheduleState();
		const taken: number[] = [];
		for (let step = 0; step < 10; step++) {
			// Every third step is skipped (no proposals): it peeks but takes nothing.
			if (step % 3 === 2) {
				expect(peekBudget(s, state)).toBe(budgetAt(s, state.stepsTaken + 1));
				continue;
			}
			const next = takeBudget(s, state);
			taken.push(next.budget);
			state = next.state;
		}
		expect(taken).toEqual([4, 4, 3, 3, 3, 2, 2]);
		expect(JSON.parse(JSON.stringify(state))).toEqual({ stepsTaken: 7 });
		expect(defaultSchedule(6)).toEqual({ kind: 'cosine', max: 3, min: 1, totalSteps: 6 });
	});
});
