/**
 * The gate's decision: keep a candidate only if it strictly beats the current skill.
 *
 * Ties are rejected; with `minDeltaItems` the margin must be at least that many items' worth.
 * The comparison is monotone in the candidate's score, which is what lets the early decision
 * stop as soon as even a perfect finish could not pass it (see `early.ts`).
 */
import { formatScore, type GateConfig } from './score.ts';

export type GateAction = 'accept_new_best' | 'accept' | 'reject' | 'force_accept';

export interface GateDecision {
	action: GateAction;
	/** Whether the candidate becomes the best skill (also tracked with the gate off). */
	newBest: boolean;
	/** One line for the step record. */
	reason: string;
}

// Scores are means of exact sums; this only absorbs the rounding of `k / n` itself.
const MARGIN_SLACK = 1e-9;

/**
 * Whether `candidate` passes the gate against `current` on a split of `n` items.
 *
 * @example passesGate(0.55, 0.5, 20, 1) // true: one more item of 20 is enough
 * @example passesGate(0.55, 0.5, 20, 2) // false: two more items are required
 */
export function passesGate(
	candidate: number,
	current: number,
	n: number,
	minDeltaItems = 0
): boolean {
	if (!(candidate > current)) return false;
	if (minDeltaItems <= 0 || n <= 0) return true;
	return (candidate - current) * n >= minDeltaItems - MARGIN_SLACK;
}

/**
 * The gate's verdict for a fully scored candidate.
 *
 * @example
 * decideGate(DEFAULT_GATE_CONFIG, { candidate: 0.6, current: 0.55, best: 0.55, n: 20 })
 * // { action: 'accept_new_best', newBest: true, reason: 'candidate 60.0% > current 55.0%' }
 */
export function decideGate(
	config: Pick<GateConfig, 'enabled' | 'minDeltaItems'>,
	scores: { candidate: number; current: number; best: number; n: number }
): GateDecision {
	const { candidate, current, best, n } = scores;
	const newBest = candidate > best;
	const cmp = `candidate ${formatScore(candidate)}`;
	if (!config.enabled) {
		return {
			action: 'force_accept',
			newBest,
			reason: `gate off: ${cmp} accepted (current ${formatScore(current)})`
		};
	}
	if (passesGate(candidate, current, n, config.minDeltaItems)) {
		const margin = config.minDeltaItems > 0 ? ` by at least ${config.minDeltaItems} item(s)` : '';
		return {
			action: newBest ? 'accept_new_best' : 'accept',
			newBest,
			reason: `${cmp} > current ${formatScore(current)}${margin}`
		};
	}
	const why =
		candidate === current
			? 'tie'
			: candidate < current
				? 'lower'
				: `gain below ${config.minDeltaItems} item(s)`;
	return {
		action: 'reject',
		newBest: false,
		reason: `${cmp} vs current ${formatScore(current)}: ${why}`
	};
}
