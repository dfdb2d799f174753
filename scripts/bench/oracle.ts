/**
 * The exact minimum cost of a gate verdict, for `npm run bench`: given a candidate's recorded
 * results on every val item (known with hindsight), the fewest val rollouts that could still have
 * proved the verdict the gate reached. No gate can do better, whatever order it evaluates in, so
 * ours / oracle measures what our evaluation order wastes, apart from what any exact gate must pay.
 *
 * - Accepted: the candidate's score must be exact, so every item not already known for its text.
 * - Rejected, hard metric: the candidate passes iff it has at least `C + max(1, m)` passing items,
 *   so a reject is proved by `F* = N − C − max(1, m) + 1` of its failures (known ones are free).
 * - Rejected, soft or mixed: take its lowest-scoring unknown items first until even full marks on
 *   the rest cannot beat the current score by the margin (each item evaluated lowers the reachable
 *   bound by `1 − value`, so lowest first is optimal).
 *
 * Deliberately independent of our gate's ordering and bookkeeping (`evaluationOrder`, item
 * history, `EarlyDecision`): it reads only the results and the gate's pass rule.
 */
import {
	ExactSum,
	itemGateValue,
	passesGate,
	type GateConfig,
	type ItemResult
} from '../../src/core/gate/index.ts';

export interface OracleCase {
	config: Pick<GateConfig, 'enabled' | 'metric' | 'mixedWeight' | 'minDeltaItems'>;
	/** Gate score of the skill the candidate was judged against. */
	current: number;
	/** The candidate's result on every val item (the whole split, N = its length). */
	results: readonly ItemResult[];
	/** Item ids whose result for this exact skill text was known before it was judged. */
	known: ReadonlySet<string>;
	/** The verdict to prove. */
	accepted: boolean;
}

/** The verdict cannot be proved from these results (they say the opposite). */
export class OracleError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'OracleError';
	}
}

/**
 * Passing items needed to beat the current skill on the hard metric, and the failures that prove
 * a reject: `F* = N − C − max(1, m) + 1` (≤ 0: every candidate is rejected unseen).
 *
 * @example hardRejectFailures(40, 30, 0) // 10: 31 passes are needed, 10 failures rule them out
 */
export function hardRejectFailures(
	n: number,
	currentPasses: number,
	minDeltaItems: number
): number {
	return n - currentPasses - Math.max(1, minDeltaItems) + 1;
}

/**
 * The fewest val rollouts that prove `accepted` for this candidate.
 *
 * @throws OracleError when the results contradict the verdict.
 * @example oracleRollouts({ config, current: 0.75, results, known: new Set(), accepted: false })
 */
export function oracleRollouts(c: OracleCase): number {
	const n = c.results.length;
	const known = c.results.filter((r) => c.known.has(r.id));
	const unknown = c.results.filter((r) => !c.known.has(r.id));
	if (c.accepted || !c.config.enabled) return unknown.length;
	const values = (rs: readonly ItemResult[]) => rs.map((r) => itemGateValue(c.config, r));
	if (c.config.metric === 'hard') {
		const needed = hardRejectFailures(n, Math.round(c.current * n), c.config.minDeltaItems);
		const knownFailures = values(known).filter((v) => v < 1).length;
		const failures = values(unknown).filter((v) => v < 1).length;
		if (knownFailures + failures < needed) {
			throw new OracleError(
				`a reject needs ${needed} failures, the results have ${knownFailures + failures}`
			);
		}
		return Math.max(0, needed - knownFailures);
	}
	// Soft or mixed: the reachable total is what is known plus full marks on everything else.
	const sum = new ExactSum();
	for (const v of values(known)) sum.add(v);
	const rest = values(unknown).sort((a, b) => a - b);
	const reachable = (spent: number) => sum.value(unknown.length - spent) / n;
	let spent = 0;
	while (passesGate(reachable(spent), c.current, n, c.config.minDeltaItems)) {
		const next = rest[spent];
		if (next === undefined) {
			throw new OracleError('the results pass the gate: no reject can be proved');
		}
		sum.add(next);
		spent++;
	}
	return spent;
}
