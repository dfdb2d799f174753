/**
 * Scores on the validation split and their projection onto the gate metric.
 *
 * Sums are exact (correctly rounded, as Python's `math.fsum`), so a split's score does not depend
 * on the order its items were evaluated in. That matters because the early decision evaluates
 * items in a chosen order and must reach the very verdict a full evaluation would, down to ties.
 */

/** One item's outcome: `hard` (exact correctness) and `soft` (partial credit), both in [0, 1]. */
export interface ItemResult {
	id: string;
	hard: number;
	soft: number;
}

/** Mean hard and soft scores over `n` items. */
export interface SplitScore {
	hard: number;
	soft: number;
	n: number;
}

export type GateMetric = 'hard' | 'soft' | 'mixed';
export const GATE_METRICS: readonly GateMetric[] = ['hard', 'soft', 'mixed'];

export interface GateConfig {
	/** Off: candidates are still scored but always accepted (`force_accept`). */
	enabled: boolean;
	metric: GateMetric;
	/** Weight of `soft` in `mixed`: (1 − w)·hard + w·soft, clamped to [0, 1]. */
	mixedWeight: number;
	/**
	 * Extra margin, in items: the candidate must beat the current score by at least
	 * `minDeltaItems / n` score units (0 = any strict improvement).
	 */
	minDeltaItems: number;
}

/** Defaults: hard metric, strict improvement, mixed weight 0.5 (method doc, section P). */
export const DEFAULT_GATE_CONFIG: Readonly<GateConfig> = {
	enabled: true,
	metric: 'hard',
	mixedWeight: 0.5,
	minDeltaItems: 0
};

/**
 * A value in [0, 1]: graders should produce that already, and the early decision's bound relies
 * on it (NaN counts as 0).
 */
export function unitValue(x: number): number {
	if (Number.isNaN(x) || x < 0) return 0;
	return x > 1 ? 1 : x;
}

/**
 * A running exact sum: Shewchuk's non-overlapping partials, rounded once at the end the way
 * Python's `math.fsum` does. The result is the correctly rounded true sum, so it does not depend
 * on the order values were added in.
 *
 * @example
 * const acc = new ExactSum()
 * acc.add(0.1); acc.add(0.2); acc.add(0.3)
 * acc.value() // 0.6 (plain addition gives 0.6000000000000001)
 */
export class ExactSum {
	#partials: number[] = [];

	add(value: number): void {
		const partials = this.#partials;
		let x = value;
		let i = 0;
		for (const p of partials) {
			let y = p;
			if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
			const hi = x + y;
			const lo = y - (hi - x);
			if (lo !== 0) partials[i++] = lo;
			x = hi;
		}
		partials.length = i;
		partials.push(x);
	}

	/** The correctly rounded sum, plus `extra` when given (without adding it). */
	value(extra?: number): number {
		let partials = this.#partials;
		if (extra !== undefined) {
			const copy = new ExactSum();
			copy.#partials = [...partials];
			copy.add(extra);
			partials = copy.#partials;
		}
		let n = partials.length;
		if (n === 0) return 0;
		let hi = partials[--n] ?? 0;
		let lo = 0;
		while (n > 0) {
			const x = hi;
			const y = partials[--n] ?? 0;
			hi = x + y;
			lo = y - (hi - x);
			if (lo !== 0) break;
		}
		// Round half-even correctly when the discarded partials push a tie one way.
		const next = partials[n - 1];
		if (n > 0 && next !== undefined && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
			const y = lo * 2;
			const x = hi + y;
			if (y === x - hi) hi = x;
		}
		return hi;
	}
}

/**
 * The correctly rounded sum of `values`, independent of their order.
 *
 * @example exactSum([0.1, 0.2, 0.3]) === exactSum([0.3, 0.2, 0.1]) // true (0.6)
 */
export function exactSum(values: Iterable<number>): number {
	const acc = new ExactSum();
	for (const v of values) acc.add(v);
	return acc.value();
}

/**
 * Mean hard and soft scores of `results` over a split of `n` items (default: as many as given).
 *
 * @example splitScore([{ id: 'a', hard: 1, soft: 1 }, { id: 'b', hard: 0, soft: 0.5 }]) // { hard: 0.5, soft: 0.75, n: 2 }
 */
export function splitScore(results: readonly ItemResult[], n = results.length): SplitScore {
	if (n <= 0) return { hard: 0, soft: 0, n: 0 };
	return {
		hard: exactSum(results.map((r) => unitValue(r.hard))) / n,
		soft: exactSum(results.map((r) => unitValue(r.soft))) / n,
		n
	};
}

function weight(config: Pick<GateConfig, 'mixedWeight'>): number {
	return unitValue(config.mixedWeight);
}

/**
 * A split score projected onto the gate metric.
 *
 * @example gateScore({ ...DEFAULT_GATE_CONFIG, metric: 'mixed' }, { hard: 0.5, soft: 0.75, n: 2 }) // 0.625
 */
export function gateScore(
	config: Pick<GateConfig, 'metric' | 'mixedWeight'>,
	score: Pick<SplitScore, 'hard' | 'soft'>
): number {
	if (config.metric === 'hard') return score.hard;
	if (config.metric === 'soft') return score.soft;
	const w = weight(config);
	return (1 - w) * score.hard + w * score.soft;
}

/**
 * One item's value under the gate metric (1 = full marks), for ordering and flip detection.
 *
 * @example itemGateValue(DEFAULT_GATE_CONFIG, { id: 'a', hard: 0, soft: 0.9 }) // 0
 */
export function itemGateValue(
	config: Pick<GateConfig, 'metric' | 'mixedWeight'>,
	result: Pick<ItemResult, 'hard' | 'soft'>
): number {
	return gateScore(config, { hard: unitValue(result.hard), soft: unitValue(result.soft) });
}

/**
 * A score as a percentage for records and the run panel.
 *
 * @example formatScore(0.625) // '62.5%'
 */
export function formatScore(score: number): string {
	return `${(Math.round(score * 1000) / 10).toFixed(1)}%`;
}
