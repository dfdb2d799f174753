import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_GATE_CONFIG,
	ScoreCache,
	decideGate,
	evaluationOrder,
	exactSum,
	formatScore,
	gateScore,
	itemGateValue,
	passesGate,
	recordComparisons,
	splitScore,
	type GateConfig,
	type ItemResult
} from '../../../src/core/gate/index.ts';

const cfg = (over: Partial<GateConfig> = {}): GateConfig => ({ ...DEFAULT_GATE_CONFIG, ...over });
const item = (id: string, hard: number, soft = hard): ItemResult => ({ id, hard, soft });

describe('scores', () => {
	it('sums exactly, whatever the order', () => {
		expect(exactSum([0.1, 0.2, 0.3])).toBe(0.6);
		expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
		expect(exactSum([1e16, 1, -1e16])).toBe(1);
		expect(exactSum([])).toBe(0);
		fc.assert(
			fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 50 }), (xs) => {
				expect(exactSum([...xs].reverse())).toBe(exactSum(xs));
				expect(exactSum([...xs].sort())).toBe(exactSum(xs));
			})
		);
	});

	it('projects hard, soft and mixed scores onto the gate metric', () => {
		const split = splitScore([item('a', 1, 1), item('b', 0, 0.5)]);
		expect(split).toEqual({ hard: 0.5, soft: 0.75, n: 2 });
		expect(gateScore(cfg(), split)).toBe(0.5);
		expect(gateScore(cfg({ metric: 'soft' }), split)).toBe(0.75);
		expect(gateScore(cfg({ metric: 'mixed' }), split)).toBe(0.625);
		expect(gateScore(cfg({ metric: 'mixed', mixedWeight: 2 }), split)).toBe(0.75);
		expect(itemGateValue(cfg({ metric: 'mixed', mixedWeight: 0.25 }), item('x', 0, 1))).toBe(0.25);
	});

	it('clamps out-of-range item values into [0, 1] and counts missing items against the split', () => {
		expect(splitScore([item('a', 2, -1), item('b', Number.NaN, 1)])).toEqual({
			hard: 0.5,
			soft: 0.5,
			n: 2
		});
		expect(splitScore([item('a', 1)], 4).hard).toBe(0.25);
		expect(formatScore(2 / 3)).toBe('66.7%');
	});
});

describe('decideGate', () => {
	const base = { current: 0.5, best: 0.6, n: 10 };

	it('accepts strict improvements only and rejects ties', () => {
		expect(decideGate(cfg(), { ...base, candidate: 0.7 }).action).toBe('accept_new_best');
		expect(decideGate(cfg(), { ...base, candidate: 0.6 }).action).toBe('accept');
		const tie = decideGate(cfg(), { ...base, candidate: 0.5 });
		expect(tie).toEqual({
			action: 'reject',
			newBest: false,
			reason: 'candidate 50.0% vs current 50.0%: tie'
		});
		expect(decideGate(cfg(), { ...base, candidate: 0.4 }).reason).toContain('lower');
	});

	it('requires a margin of minDeltaItems items when set', () => {
		expect(passesGate(0.6, 0.5, 10, 1)).toBe(true);
		expect(passesGate(0.6, 0.5, 10, 2)).toBe(false);
		expect(passesGate(0.7, 0.5, 10, 2)).toBe(true);
		// 2/3 − 1/3 is not exactly 1/3 in floating point; one item's worth must still count.
		expect(passesGate(2 / 3, 1 / 3, 3, 1)).toBe(true);
		expect(passesGate(0.5, 0.5, 10, 0)).toBe(false);
		const slim = decideGate(cfg({ minDeltaItems: 2 }), { ...base, candidate: 0.6 });
		expect(slim.action).toBe('reject');
		expect(slim.reason).toContain('gain below 2 item(s)');
	});

	it('force-accepts with the gate off and still tracks the best', () => {
		expect(decideGate(cfg({ enabled: false }), { ...base, candidate: 0.1 })).toMatchObject({
			action: 'force_accept',
			newBest: false
		});
		expect(decideGate(cfg({ enabled: false }), { ...base, candidate: 0.9 }).newBest).toBe(true);
	});
});

describe('ScoreCache', () => {
	it('stores exact scores by hash and round-trips through plain data', () => {
		const cache = new ScoreCache();
		cache.set('h1', { hard: 0.5, soft: 0.75, n: 4 });
		expect(cache.has('h1')).toBe(true);
		expect(cache.gateScore('h1', cfg({ metric: 'mixed' }))).toBe(0.625);
		expect(cache.gateScore('h2', cfg())).toBeUndefined();
		const data = structuredClone(cache.toData());
		const restored = new ScoreCache(data);
		expect(restored.get('h1')).toEqual({ hard: 0.5, soft: 0.75, n: 4 });
		expect(restored.size).toBe(1);
		expect(() => cache.set('', { hard: 0, soft: 0, n: 1 })).toThrow(RangeError);
	});
});

describe('evaluationOrder', () => {
	it('puts incumbent failures first, then flipped items, then unknown, then never-changed ones', () => {
		const incumbent = new Map(
			[item('p1', 1), item('f1', 0), item('p2', 1), item('p3', 1), item('f2', 0.5, 1)].map((r) => [
				r.id,
				r
			])
		);
		const history = { p1: { compared: 4, flips: 0 }, p2: { compared: 4, flips: 2 } };
		expect(
			evaluationOrder(['p1', 'f1', 'p2', 'p3', 'f2', 'new'], incumbent, history, cfg())
		).toEqual(['f1', 'f2', 'p2', 'new', 'p3', 'p1']);
	});

	it('counts flips per item against the incumbent', () => {
		const incumbent = new Map([item('a', 1), item('b', 0)].map((r) => [r.id, r]));
		let history = recordComparisons(
			{},
			incumbent,
			[item('a', 0), item('b', 0), item('c', 1)],
			cfg()
		);
		history = recordComparisons(history, incumbent, [item('a', 1)], cfg());
		expect(history).toEqual({ a: { compared: 2, flips: 1 }, b: { compared: 1, flips: 0 } });
	});
});
