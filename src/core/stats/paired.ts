/**
 * The statistics of a paired comparison of two skills on the same items: a 95% Wilson score
 * interval per arm (it stays inside [0, 1] and behaves at 0 and n successes, unlike the normal
 * approximation), the four paired outcome counts, and an exact two-sided McNemar test on the
 * discordant pairs (a binomial test with p = ½: only items where the arms disagree carry
 * evidence about which skill is better).
 */

/** z for a two-sided 95% interval (the 97.5th percentile of the standard normal). */
export const Z_95 = 1.959963984540054;

export interface Interval {
	low: number;
	high: number;
}

/**
 * The Wilson score interval of `successes` out of `n`.
 *
 * @returns [0, 1] when n is 0 (no evidence either way).
 * @throws RangeError unless 0 ≤ successes ≤ n are integers.
 * @example wilsonInterval(5, 10) // { low: 0.2366…, high: 0.7634… }
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval {
	if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n)
		throw new RangeError(`expected integers 0 ≤ successes ≤ n, got ${successes} of ${n}`);
	if (n === 0) return { low: 0, high: 1 };
	const p = successes / n;
	const z2 = z * z;
	const denominator = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denominator;
	const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	// Clamp rounding noise: at 0 (or n) successes the bound is exactly 0 (or 1).
	return {
		low: successes === 0 ? 0 : Math.max(0, centre - half),
		high: successes === n ? 1 : Math.min(1, centre + half)
	};
}

/** Outcomes of the same items under two arms, A (say, with the skill) and B (without). */
export interface PairedCounts {
	/** Both arms pass. */
	both: number;
	/** Only A passes. */
	onlyA: number;
	/** Only B passes. */
	onlyB: number;
	/** Neither passes. */
	neither: number;
}

/**
 * Counts the four outcomes of paired pass/fail results.
 *
 * @throws RangeError when the two lists differ in length (the pairs would not be pairs).
 */
export function pairedCounts(a: readonly boolean[], b: readonly boolean[]): PairedCounts {
	if (a.length !== b.length)
		throw new RangeError(`paired results differ in length: ${a.length} and ${b.length}`);
	const counts: PairedCounts = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
	a.forEach((passA, i) => {
		const passB = b[i] === true;
		if (passA && passB) counts.both++;
		else if (passA) counts.onlyA++;
		else if (passB) counts.onlyB++;
		else counts.neither++;
	});
	return counts;
}

/**
 * The exact two-sided McNemar p-value for `onlyA` and `onlyB` discordant pairs: twice the
 * binomial(n = onlyA + onlyB, ½) probability of a split at least as uneven, at most 1.
 *
 * @returns 1 when there are no discordant pairs (nothing tells the arms apart).
 * @example mcnemarExact(0, 5) // 0.0625
 */
export function mcnemarExact(onlyA: number, onlyB: number): number {
	if (!Number.isInteger(onlyA) || !Number.isInteger(onlyB) || onlyA < 0 || onlyB < 0)
		throw new RangeError(`expected counts ≥ 0, got ${onlyA} and ${onlyB}`);
	const n = onlyA + onlyB;
	if (n === 0) return 1;
	const k = Math.min(onlyA, onlyB);
	// Sum C(n, i) / 2^n for i ≤ k in log space, so large n neither overflows nor underflows.
	const log2 = Math.log(2);
	let logTerm = -n * log2; // log(C(n, 0) / 2^n)
	let sum = Math.exp(logTerm);
	for (let i = 1; i <= k; i++) {
		logTerm += Math.log((n - i + 1) / i);
		sum += Math.exp(logTerm);
	}
	return Math.min(1, 2 * sum);
}

/** The comparison of arm A with arm B on the items both have. */
export interface PairedComparison {
	n: number;
	/** Passes and hard score (mean of passes) per arm. */
	passesA: number;
	passesB: number;
	scoreA: number;
	scoreB: number;
	/** A's score minus B's, in [-1, 1]. */
	delta: number;
	intervalA: Interval;
	intervalB: Interval;
	counts: PairedCounts;
	p: number;
}

/**
 * Everything a table row shows for "A vs B" from paired pass/fail lists.
 *
 * @example comparePaired([true, true, false], [false, true, false]).counts // { both: 1, onlyA: 1, onlyB: 0, neither: 1 }
 */
export function comparePaired(a: readonly boolean[], b: readonly boolean[]): PairedComparison {
	const counts = pairedCounts(a, b);
	const n = a.length;
	const passesA = counts.both + counts.onlyA;
	const passesB = counts.both + counts.onlyB;
	const scoreA = n === 0 ? 0 : passesA / n;
	const scoreB = n === 0 ? 0 : passesB / n;
	return {
		n,
		passesA,
		passesB,
		scoreA,
		scoreB,
		delta: scoreA - scoreB,
		intervalA: wilsonInterval(passesA, n),
		intervalB: wilsonInterval(passesB, n),
		counts,
		p: mcnemarExact(counts.onlyA, counts.onlyB)
	};
}
