/**
 * The order in which a candidate's validation items are evaluated.
 *
 * The order decides how early a doomed candidate is rejected (never the verdict). Candidates
 * mostly keep the incumbent's failures, so those come first: each one the candidate also fails
 * lowers its reachable bound. Then items whose outcome flipped under earlier candidates (they
 * tell candidates apart), then items without history, and last the items that never changed
 * under any earlier candidate, which carry no information (method doc, section P). Within a
 * group the split's own order is kept, so the order is deterministic.
 */
import { itemGateValue, type GateConfig, type ItemResult } from './score.ts';

/** How often an item was compared between a candidate and the incumbent, and how often it flipped. */
export interface ItemHistoryEntry {
	compared: number;
	flips: number;
}

/** Per item id; plain data, saved with the run. */
export type ItemHistory = Record<string, ItemHistoryEntry>;

const FULL_MARKS = 1 - 1e-9;
const SAME = 1e-9;

type MetricConfig = Pick<GateConfig, 'metric' | 'mixedWeight'>;

/**
 * Item ids in evaluation order: incumbent failures, items that flipped before, items without
 * history, items that never changed.
 *
 * @example
 * evaluationOrder(['a', 'b', 'c'], incumbentById, { b: { compared: 3, flips: 1 }, c: { compared: 3, flips: 0 } }, config)
 * // failures of the incumbent first, then 'b', then 'c'
 */
export function evaluationOrder(
	itemIds: readonly string[],
	incumbent: ReadonlyMap<string, ItemResult>,
	history: Readonly<ItemHistory>,
	config: MetricConfig
): string[] {
	const group = (id: string): number => {
		const result = incumbent.get(id);
		if (result !== undefined && itemGateValue(config, result) < FULL_MARKS) return 0;
		const seen = history[id];
		if (result === undefined || (seen !== undefined && seen.flips > 0)) return 1;
		if (seen === undefined || seen.compared === 0) return 2;
		return 3;
	};
	return itemIds
		.map((id, index) => ({ id, index, group: group(id) }))
		.sort((a, b) => a.group - b.group || a.index - b.index)
		.map((x) => x.id);
}

/**
 * History updated with one candidate's results against the incumbent's (items missing on either
 * side are skipped). Returns a new object.
 *
 * @example history = recordComparisons(history, incumbentById, outcome.results, config)
 */
export function recordComparisons(
	history: Readonly<ItemHistory>,
	incumbent: ReadonlyMap<string, ItemResult>,
	candidate: readonly ItemResult[],
	config: MetricConfig
): ItemHistory {
	const next: ItemHistory = { ...history };
	for (const result of candidate) {
		const before = incumbent.get(result.id);
		if (before === undefined) continue;
		const flipped = Math.abs(itemGateValue(config, result) - itemGateValue(config, before)) > SAME;
		const entry = next[result.id] ?? { compared: 0, flips: 0 };
		next[result.id] = { compared: entry.compared + 1, flips: entry.flips + (flipped ? 1 : 0) };
	}
	return next;
}
