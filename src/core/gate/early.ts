/**
 * Exact early decision: score a candidate item by item and stop as soon as it cannot pass.
 *
 * After k of N items, the best the candidate can still reach is its results so far plus full
 * marks (1) on every remaining item. If even that would not pass the gate against the current
 * score (ties rejected, `minDeltaItems` included), the full evaluation could not pass either:
 * scores are exact sums (order-independent) and the gate is monotone in the candidate's score.
 * So the verdict is identical to evaluating the whole split, and the remaining rollouts are saved.
 * A candidate that passes is always evaluated to the end, so its stored score is exact.
 *
 * Drive it yourself (`add` one result at a time) or hand `evaluateCandidate` an (async) iterable
 * that runs the executor lazily: it stops pulling, and so stops the rollouts, on a reject.
 */
import { passesGate } from './decide.ts';
import {
	ExactSum,
	formatScore,
	gateScore,
	splitScore,
	unitValue,
	type GateConfig,
	type ItemResult,
	type SplitScore
} from './score.ts';

export interface EarlyDecisionOptions {
	config: GateConfig;
	/** Gate score of the current skill. */
	current: number;
	/** Number of items in the validation split (N). */
	total: number;
}

interface OutcomeBase {
	evaluated: number;
	total: number;
	/** Rollouts not spent: `total − evaluated`. */
	saved: number;
	current: number;
	/** The best gate score still reachable (the exact score once complete). */
	upperBound: number;
	/** Results in the order they were added. */
	results: ItemResult[];
	/** One line for the step buffer and the run panel. */
	record: string;
}

export type EvaluationOutcome =
	| (OutcomeBase & {
			status: 'complete';
			/** Exact split score. */
			split: SplitScore;
			/** Exact gate score. */
			score: number;
			/** Whether it passes the gate against `current` (always known when complete). */
			passes: boolean;
	  })
	| (OutcomeBase & { status: 'early_reject'; passes: false });

export type EarlyStep = 'continue' | 'reject' | 'complete';

/**
 * Incremental evaluator of one candidate.
 *
 * @example
 * const ev = new EarlyDecision({ config: DEFAULT_GATE_CONFIG, current: 0.5, total: 4 })
 * ev.add({ id: 'a', hard: 0, soft: 0 }) // 'continue': 75% still reachable
 * ev.add({ id: 'b', hard: 0, soft: 0 }) // 'reject': at most 50%, a tie at best
 * ev.outcome().record // 'rejected after 2 of 4 items: at most 50.0% reachable, current 50.0%'
 */
export class EarlyDecision {
	readonly config: GateConfig;
	readonly current: number;
	readonly total: number;
	#results: ItemResult[] = [];
	#ids = new Set<string>();
	#rejected = false;
	#hard = new ExactSum();
	#soft = new ExactSum();

	constructor(options: EarlyDecisionOptions) {
		if (!Number.isInteger(options.total) || options.total < 1) {
			throw new RangeError(`the split needs at least one item (got ${options.total})`);
		}
		this.config = options.config;
		this.current = options.current;
		this.total = options.total;
	}

	get evaluated(): number {
		return this.#results.length;
	}

	get complete(): boolean {
		return this.#results.length === this.total;
	}

	/** Whether an early reject has been decided (it stays decided if more results arrive). */
	get rejected(): boolean {
		return this.#rejected;
	}

	/** The best gate score still reachable with full marks on every remaining item. */
	get upperBound(): number {
		const remaining = this.total - this.#results.length;
		const hard = this.#hard.value(remaining) / this.total;
		const soft = this.#soft.value(remaining) / this.total;
		return gateScore(this.config, { hard, soft });
	}

	/**
	 * Records one item's result and says whether to go on.
	 *
	 * @throws RangeError on a duplicate item id or more results than the split has.
	 */
	add(result: ItemResult): EarlyStep {
		if (this.#results.length >= this.total) {
			throw new RangeError(`all ${this.total} items are already scored`);
		}
		if (this.#ids.has(result.id)) throw new RangeError(`item ${result.id} was already scored`);
		this.#ids.add(result.id);
		this.#results.push({ id: result.id, hard: result.hard, soft: result.soft });
		this.#hard.add(unitValue(result.hard));
		this.#soft.add(unitValue(result.soft));
		if (this.complete) return 'complete';
		if (this.#rejected) return 'reject';
		// With the gate off every candidate is accepted, so it must be scored in full.
		if (this.config.enabled && !this.#canStillPass()) this.#rejected = true;
		return this.#rejected ? 'reject' : 'continue';
	}

	#canStillPass(): boolean {
		return passesGate(this.upperBound, this.current, this.total, this.config.minDeltaItems);
	}

	/**
	 * The outcome so far: complete, or an early reject.
	 *
	 * @throws RangeError when neither (more results are needed).
	 */
	outcome(): EvaluationOutcome {
		const base = {
			evaluated: this.evaluated,
			total: this.total,
			saved: this.total - this.evaluated,
			current: this.current,
			results: [...this.#results]
		};
		if (this.complete) {
			const split = splitScore(this.#results, this.total);
			const score = gateScore(this.config, split);
			const passes = passesGate(score, this.current, this.total, this.config.minDeltaItems);
			return {
				...base,
				status: 'complete',
				split,
				score,
				passes,
				upperBound: score,
				record: `evaluated all ${this.total} items: ${formatScore(score)}, current ${formatScore(this.current)}`
			};
		}
		if (this.#rejected) {
			const upperBound = this.upperBound;
			return {
				...base,
				status: 'early_reject',
				passes: false,
				upperBound,
				record: `rejected after ${this.evaluated} of ${this.total} items: at most ${formatScore(upperBound)} reachable, current ${formatScore(this.current)}`
			};
		}
		throw new RangeError(`undecided after ${this.evaluated} of ${this.total} items`);
	}
}

/**
 * Scores a candidate from a lazy stream of results, stopping the stream (its `return()`, which
 * runs a generator's `finally`) as soon as the candidate cannot pass.
 *
 * @throws RangeError if the stream ends before a decision (fewer results than the split has).
 * @example
 * async function* rollouts() { for (const id of order) yield await runItem(candidate, id) }
 * const outcome = await evaluateCandidate(rollouts(), { config, current, total: order.length })
 * outcome.status // 'early_reject' | 'complete'
 */
export async function evaluateCandidate(
	results: AsyncIterable<ItemResult> | Iterable<ItemResult>,
	options: EarlyDecisionOptions
): Promise<EvaluationOutcome> {
	const decision = new EarlyDecision(options);
	for await (const result of results) {
		const step = decision.add(result);
		if (step !== 'continue') break;
	}
	return decision.outcome();
}
