import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_GATE_CONFIG,
	EarlyDecision,
	evaluateCandidate,
	gateScore,
	passesGate,
	splitScore,
	type GateConfig,
	type ItemResult
} from '../../../src/core/gate/index.ts';

const cfg = (over: Partial<GateConfig> = {}): GateConfig => ({ ...DEFAULT_GATE_CONFIG, ...over });
const item = (id: string, hard: number, soft = hard): ItemResult => ({ id, hard, soft });

describe('EarlyDecision', () => {
	it('rejects as soon as a perfect finish could only tie, and records the bound', () => {
		const ev = new EarlyDecision({ config: cfg(), current: 0.5, total: 4 });
		expect(ev.add(item('a', 0))).toBe('continue');
		expect(ev.add(item('b', 0))).toBe('reject');
		const outcome = ev.outcome();
		expect(outcome).toMatchObject({
			status: 'early_reject',
			evaluated: 2,
			saved: 2,
			passes: false
		});
		expect(outcome.record).toBe(
			'rejected after 2 of 4 items: at most 50.0% reachable, current 50.0%'
		);
	});

	it('includes minDeltaItems in the bound', () => {
		const ev = new EarlyDecision({ config: cfg({ minDeltaItems: 2 }), current: 0.5, total: 4 });
		expect(ev.add(item('a', 0))).toBe('reject');
		expect(ev.outcome().record).toContain('at most 75.0% reachable');
	});

	it('uses full marks per remaining item for soft and mixed bounds', () => {
		const soft = new EarlyDecision({ config: cfg({ metric: 'soft' }), current: 0.8, total: 5 });
		expect(soft.add(item('a', 0, 0.5))).toBe('continue');
		expect(soft.upperBound).toBe(0.9);
		expect(soft.add(item('b', 0, 0.4))).toBe('reject');
		const mixed = new EarlyDecision({ config: cfg({ metric: 'mixed' }), current: 0.7, total: 2 });
		expect(mixed.add(item('a', 0, 0.5))).toBe('reject');
		expect(mixed.upperBound).toBe(0.625);
	});

	it('always evaluates accepted candidates fully and reports the exact score', () => {
		const ev = new EarlyDecision({ config: cfg(), current: 0.25, total: 4 });
		for (const r of [item('a', 1), item('b', 0), item('c', 1)]) expect(ev.add(r)).toBe('continue');
		expect(() => ev.outcome()).toThrow(RangeError);
		expect(ev.add(item('d', 0))).toBe('complete');
		expect(ev.outcome()).toMatchObject({
			status: 'complete',
			score: 0.5,
			passes: true,
			saved: 0,
			record: 'evaluated all 4 items: 50.0%, current 25.0%'
		});
	});

	it('never stops early with the gate off', () => {
		const ev = new EarlyDecision({ config: cfg({ enabled: false }), current: 1, total: 3 });
		expect([item('a', 0), item('b', 0)].map((r) => ev.add(r))).toEqual(['continue', 'continue']);
		expect(ev.add(item('c', 0))).toBe('complete');
		expect(ev.outcome().passes).toBe(false);
	});

	it('refuses duplicate items, surplus results and empty splits', () => {
		const ev = new EarlyDecision({ config: cfg(), current: 0, total: 1 });
		ev.add(item('a', 1));
		expect(() => ev.add(item('b', 1))).toThrow(RangeError);
		const dup = new EarlyDecision({ config: cfg(), current: 0, total: 3 });
		dup.add(item('a', 1));
		expect(() => dup.add(item('a', 1))).toThrow(/already scored/);
		expect(() => new EarlyDecision({ config: cfg(), current: 0, total: 0 })).toThrow(RangeError);
	});
});

describe('evaluateCandidate', () => {
	it('stops pulling from a lazy stream on reject, so the remaining rollouts never run', async () => {
		const ran: string[] = [];
		let closed = false;
		async function* rollouts(): AsyncGenerator<ItemResult> {
			try {
				for (const id of ['a', 'b', 'c', 'd', 'e']) {
					ran.push(id);
					yield item(id, 0);
				}
			} finally {
				closed = true;
			}
		}
		const outcome = await evaluateCandidate(rollouts(), { config: cfg(), current: 0.6, total: 5 });
		expect(outcome.status).toBe('early_reject');
		expect(ran).toEqual(['a', 'b']);
		expect(closed).toBe(true);
		expect(outcome.saved).toBe(3);
	});

	it('throws when the stream ends before a decision', async () => {
		await expect(
			evaluateCandidate([item('a', 1)], { config: cfg(), current: 0, total: 3 })
		).rejects.toThrow(RangeError);
	});
});

// Values that make ties likely: mostly 0/1 and halves, sometimes arbitrary.
const value = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(0, 1) },
	{ weight: 1, arbitrary: fc.constantFrom(0.5, 0.25, 0.1, 0.3) },
	{ weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }
);
const scores = (n: number) => fc.array(fc.tuple(value, value), { minLength: n, maxLength: n });

const scenario = fc.integer({ min: 1, max: 40 }).chain((n) =>
	fc.record({
		n: fc.constant(n),
		metric: fc.constantFrom('hard', 'soft', 'mixed') as fc.Arbitrary<GateConfig['metric']>,
		mixedWeight: fc.oneof(fc.constant(0.5), fc.double({ min: 0, max: 1, noNaN: true })),
		minDeltaItems: fc.integer({ min: 0, max: 3 }),
		candidate: scores(n),
		incumbent: scores(n),
		currentShift: fc.integer({ min: -3, max: 3 }),
		tieWithSelf: fc.boolean(),
		order: fc.array(fc.nat(), { minLength: n, maxLength: n })
	})
);

describe('early decision equals full evaluation', () => {
	it(
		'gives the same verdict as scoring the whole split, for every metric and margin',
		{
			timeout: 30_000
		},
		async () => {
			const seen = { early: 0, accepted: 0, fullRejects: 0 };
			await fc.assert(
				fc.asyncProperty(scenario, async (s) => {
					const config = cfg({
						metric: s.metric,
						mixedWeight: s.mixedWeight,
						minDeltaItems: s.minDeltaItems
					});
					const results = s.candidate.map(([hard, soft], i) => item(`i${i}`, hard, soft));
					const full = gateScore(config, splitScore(results));
					// Current: the incumbent's own score, or the candidate's shifted by whole items (ties).
					const current = s.tieWithSelf
						? gateScore(config, splitScore(results)) + s.currentShift / s.n
						: gateScore(config, splitScore(s.incumbent.map(([h, so], i) => item(`i${i}`, h, so))));
					const expected = passesGate(full, current, s.n, s.minDeltaItems);
					// A random evaluation order (the early decision's order must not matter).
					const order = results
						.map((r, i) => ({ r, k: s.order[i] ?? 0 }))
						.sort((a, b) => a.k - b.k)
						.map((x) => x.r);
					const outcome = await evaluateCandidate(order, { config, current, total: s.n });
					expect(outcome.passes).toBe(expected);
					if (expected) {
						expect(outcome.status).toBe('complete');
						expect(outcome.status === 'complete' && outcome.score).toBe(full);
					}
					expect(outcome.upperBound).toBeGreaterThanOrEqual(full);
					expect(outcome.evaluated + outcome.saved).toBe(s.n);
					if (outcome.status === 'early_reject') seen.early++;
					else if (outcome.passes) seen.accepted++;
					else seen.fullRejects++;
				}),
				{ numRuns: 1000 }
			);
			// The property is only meaningful if all three kinds of outcome occurred.
			expect(seen.early).toBeGreaterThan(100);
			expect(seen.accepted).toBeGreaterThan(100);
			expect(seen.fullRejects).toBeGreaterThan(10);
		}
	);
});
