/**
 * From stored evaluation results to the statistics a table shows: two arms are paired by item
 * id (only items both have count, so a stopped evaluation compares what it finished), an item
 * passes when its hard score is 1, and the plain average over skills is the mean of their
 * scores and effects — the unit people quote, shown beside the per-skill effects.
 */
import { comparePaired, type PairedComparison } from './paired.ts';

export interface ArmResults {
	arm: string;
	results: readonly { itemId: string; hard: number }[];
}

/** Whether an item's hard score is a pass. */
export function passed(hard: number): boolean {
	return hard >= 1;
}

/**
 * Arm `a` against arm `b` on the items both hold.
 *
 * @returns null when either arm is missing.
 */
export function compareArms(
	arms: readonly ArmResults[],
	a: string,
	b: string
): PairedComparison | null {
	const first = arms.find((x) => x.arm === a);
	const second = arms.find((x) => x.arm === b);
	if (!first || !second) return null;
	const other = new Map(second.results.map((r) => [r.itemId, r.hard]));
	const passA: boolean[] = [];
	const passB: boolean[] = [];
	for (const r of first.results) {
		const hardB = other.get(r.itemId);
		if (hardB === undefined) continue;
		passA.push(passed(r.hard));
		passB.push(passed(hardB));
	}
	return comparePaired(passA, passB);
}

export interface Average {
	/** How many comparisons were averaged. */
	count: number;
	scoreA: number;
	scoreB: number;
	delta: number;
}

/** The plain (unweighted) mean over comparisons; null when there are none. */
export function averageOf(comparisons: readonly (PairedComparison | null)[]): Average | null {
	const present = comparisons.filter((c): c is PairedComparison => c !== null && c.n > 0);
	if (present.length === 0) return null;
	const mean = (pick: (c: PairedComparison) => number) =>
		present.reduce((sum, c) => sum + pick(c), 0) / present.length;
	return {
		count: present.length,
		scoreA: mean((c) => c.scoreA),
		scoreB: mean((c) => c.scoreB),
		delta: mean((c) => c.delta)
	};
}
