// The benchmark's exact-minimum oracle, on cases worked out by hand and against a brute force.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_GATE_CONFIG, passesGate, type ItemResult } from '../../../src/core/gate/index.ts';
import { hardRejectFailures, OracleError, oracleRollouts } from '../../../scripts/bench/oracle.ts';

const hard = { ...DEFAULT_GATE_CONFIG, metric: 'hard' as const };
const soft = { ...DEFAULT_GATE_CONFIG, metric: 'soft' as const };
const mixed = { ...DEFAULT_GATE_CONFIG, metric: 'mixed' as const, mixedWeight: 0.5 };

/** Items `i0…` with the given hard outcomes (soft = hard). */
function passFail(outcomes: readonly number[]): ItemResult[] {
	return outcomes.map((v, i) => ({ id: `i${i}`, hard: v, soft: v }));
}

function softItems(values: readonly number[]): ItemResult[] {
	return values.map((v, i) => ({ id: `i${i}`, hard: v === 1 ? 1 : 0, soft: v }));
}

describe('hardRejectFailures', () => {
	it('is N − C − max(1, m) + 1', () => {
		expect(hardRejectFailures(10, 6, 0)).toBe(4); // 7 passes needed, 4 failures rule them out
		expect(hardRejectFailures(10, 6, 1)).toBe(4);
		expect(hardRejectFailures(10, 6, 2)).toBe(3); // 8 passes needed
		expect(hardRejectFailures(40, 30, 0)).toBe(10);
		expect(hardRejectFailures(10, 10, 0)).toBe(0); // nothing can beat a perfect score
	});
});

describe('oracleRollouts, hard metric', () => {
	// N = 10, current 60% (C = 6): a candidate needs 7 passes.
	const fiveFailures = passFail([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
	const base = { config: hard, current: 0.6, known: new Set<string>(), accepted: false };

	it('needs F* failures of a rejected candidate, nothing else', () => {
		expect(oracleRollouts({ ...base, results: fiveFailures })).toBe(4);
	});

	it('needs every failure of a tie (ties are rejected)', () => {
		const tie = passFail([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
		expect(oracleRollouts({ ...base, results: tie })).toBe(4);
	});

	it('needs fewer failures with a margin of items', () => {
		const config = { ...hard, minDeltaItems: 2 };
		expect(oracleRollouts({ ...base, config, results: fiveFailures })).toBe(3);
		// 7 passes are not enough with a margin of 2 items: three failures prove it.
		const seven = passFail([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
		expect(oracleRollouts({ ...base, config, results: seven })).toBe(3);
	});

	it('takes known failures for free, known passes do not help', () => {
		expect(oracleRollouts({ ...base, results: fiveFailures, known: new Set(['i0', 'i2']) })).toBe(
			2
		);
		expect(oracleRollouts({ ...base, results: fiveFailures, known: new Set(['i1', 'i3']) })).toBe(
			4
		);
		const allFailuresKnown = new Set(['i0', 'i2', 'i4', 'i6', 'i8']);
		expect(oracleRollouts({ ...base, results: fiveFailures, known: allFailuresKnown })).toBe(0);
	});

	it('costs nothing when no candidate could beat the current score', () => {
		const perfect = passFail([1, 1, 1, 0]);
		expect(oracleRollouts({ ...base, current: 1, results: perfect })).toBe(0);
	});

	it('scores an accepted candidate on every item not known', () => {
		const good = passFail([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
		expect(oracleRollouts({ ...base, results: good, accepted: true })).toBe(10);
		expect(
			oracleRollouts({ ...base, results: good, accepted: true, known: new Set(['i0', 'i9', 'x']) })
		).toBe(8);
	});

	it('refuses a reject the results contradict', () => {
		const seven = passFail([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
		expect(() => oracleRollouts({ ...base, results: seven })).toThrow(OracleError);
	});
});

describe('oracleRollouts, soft and mixed metrics', () => {
	it('takes the lowest-scoring items first until full marks on the rest cannot pass', () => {
		// N = 4, current 50% (total 2): 0.1, 0.5, 0.6 and 0.7 are all needed to get below it.
		const results = softItems([0.7, 0.1, 0.6, 0.5]);
		const c = { config: soft, current: 0.5, known: new Set<string>(), accepted: false };
		expect(oracleRollouts({ ...c, results })).toBe(4);
		// 0 and 0 leave at most 2 of 4: a tie, rejected.
		expect(oracleRollouts({ ...c, results: softItems([1, 0, 1, 0]) })).toBe(2);
	});

	it('counts the margin in items', () => {
		// Total 2.5 vs 2: passes with m = 0, rejected with m = 1 after 0 and 0.5 (at most 2.5).
		const results = softItems([1, 0.5, 1, 0]);
		const c = { current: 0.5, known: new Set<string>(), results };
		expect(oracleRollouts({ ...c, config: { ...soft, minDeltaItems: 1 }, accepted: false })).toBe(
			2
		);
		expect(() => oracleRollouts({ ...c, config: soft, accepted: false })).toThrow(OracleError);
		expect(oracleRollouts({ ...c, config: soft, accepted: true })).toBe(4);
	});

	it('uses the mixed value and takes known items for free', () => {
		// Values (hard + soft) / 2: a 0.2, b 0, c 1, d 1; total 2.2 vs current 2.4.
		const results: ItemResult[] = [
			{ id: 'a', hard: 0, soft: 0.4 },
			{ id: 'b', hard: 0, soft: 0 },
			{ id: 'c', hard: 1, soft: 1 },
			{ id: 'd', hard: 1, soft: 1 }
		];
		const c = { config: mixed, current: 0.6, results, accepted: false };
		expect(oracleRollouts({ ...c, known: new Set<string>() })).toBe(2); // b, then a
		expect(oracleRollouts({ ...c, known: new Set(['a']) })).toBe(1); // b alone
	});
});

/** The fewest unknown items whose results, with full marks elsewhere, fail the gate. */
function bruteForce(
	values: readonly number[],
	known: ReadonlySet<number>,
	current: number,
	m: number
): number {
	const n = values.length;
	const unknown = values.map((_, i) => i).filter((i) => !known.has(i));
	let best = Infinity;
	for (let mask = 0; mask < 1 << unknown.length; mask++) {
		const chosen = unknown.filter((_, j) => (mask >> j) & 1);
		const seen = new Set([...known, ...chosen]);
		const total = values.reduce((a, v, i) => a + (seen.has(i) ? v : 1), 0);
		if (!passesGate(total / n, current, n, m)) best = Math.min(best, chosen.length);
	}
	return best;
}

describe('oracleRollouts against a brute force over subsets', () => {
	// Quarter values keep every sum exact in binary, so the brute force's plain sums are exact.
	const caseArb = fc
		.record({
			values: fc.array(fc.constantFrom<number>(0, 0.25, 0.5, 0.75, 1), {
				minLength: 1,
				maxLength: 8
			}),
			knownMask: fc.nat(255),
			currentQuarters: fc.nat(32),
			m: fc.constantFrom(0, 1, 2)
		})
		.map(({ values, knownMask, currentQuarters, m }) => ({
			values,
			known: new Set(values.map((_, i) => i).filter((i) => (knownMask >> i) & 1)),
			current: Math.min(currentQuarters, 4 * values.length) / (4 * values.length),
			m
		}));

	it('finds the minimum for soft-metric rejects', () => {
		let rejects = 0;
		fc.assert(
			fc.property(caseArb, ({ values, known, current, m }) => {
				const total = values.reduce((a, v) => a + v, 0);
				if (passesGate(total / values.length, current, values.length, m)) return;
				rejects++;
				const got = oracleRollouts({
					config: { ...soft, minDeltaItems: m },
					current,
					results: softItems(values),
					known: new Set([...known].map((i) => `i${i}`)),
					accepted: false
				});
				expect(got).toBe(bruteForce(values, known, current, m));
			}),
			{ numRuns: 400 }
		);
		expect(rejects).toBeGreaterThan(50);
	});

	it('agrees with F* on hard results, and F* is where the gate flips', () => {
		const hardArb = fc
			.record({
				outcomes: fc.array(fc.constantFrom<number>(0, 1), { minLength: 1, maxLength: 8 }),
				knownMask: fc.nat(255),
				c: fc.nat(8),
				m: fc.constantFrom(0, 1, 2, 3)
			})
			.map((x) => ({ ...x, c: Math.min(x.c, x.outcomes.length) }));
		let rejects = 0;
		fc.assert(
			fc.property(hardArb, ({ outcomes, knownMask, c, m }) => {
				const n = outcomes.length;
				const failures = outcomes.filter((v) => v === 0).length;
				const passes = passesGate((n - failures) / n, c / n, n, m);
				expect(passes).toBe(failures < hardRejectFailures(n, c, m));
				if (passes) return;
				rejects++;
				const known = new Set(outcomes.map((_, i) => i).filter((i) => (knownMask >> i) & 1));
				const got = oracleRollouts({
					config: { ...hard, minDeltaItems: m },
					current: c / n,
					results: passFail(outcomes),
					known: new Set([...known].map((i) => `i${i}`)),
					accepted: false
				});
				expect(got).toBe(bruteForce(outcomes, known, c / n, m));
			}),
			{ numRuns: 400 }
		);
		expect(rejects).toBeGreaterThan(50);
	});
});
