/**
 * How many model calls a run's settings imply, before it starts (teachers must timebox a
 * session): an upper estimate, since early rejection, the caches and skipped steps only ever
 * make a run cheaper. Optimiser retries are not counted (they are rare).
 */
import { totalSteps, type LoopConfig } from './config.ts';

export interface CallEstimate {
	/** Executor calls: rollouts on train, val and test, and the slow update's comparisons. */
	executor: number;
	/** Optimiser calls: analysts, merges, rankings, slow updates and meta skills. */
	optimiser: number;
	total: number;
}

/** The calls of a whole run with `config`, at most (see the module comment). */
export function estimateCalls(config: LoopConfig): CallEstimate {
	const val = config.pack.splits.val.length;
	const test = config.pack.splits.test.length;
	const steps = totalSteps(config);
	const batch = Math.min(config.batchSize, config.pack.splits.train.length);
	// Failed and passed trajectories are split into minibatches; success ones are capped.
	const failureCalls = Math.ceil(batch / config.minibatchSize);
	const successCalls = config.failureOnly ? 0 : Math.min(config.maxSuccessMinibatches, 1);
	const analysts = failureCalls + successCalls;
	// A hierarchical merge of k patches takes about k−1 calls when k > 1; ranking at most one.
	const merges = Math.max(0, analysts - 1);
	const perStep = { executor: batch + val, optimiser: analysts + merges + 1 };
	let executor = val + steps * perStep.executor;
	let optimiser = steps * perStep.optimiser;
	for (let epoch = 2; epoch <= config.epochs; epoch++) {
		if (config.slowUpdate.enabled) {
			executor += 2 * Math.min(config.slowUpdate.samples, config.pack.splits.train.length);
			executor += config.slowUpdate.gated ? val : 0;
			optimiser += 1;
		}
		if (config.metaSkill.enabled && epoch < config.epochs) optimiser += 1;
	}
	executor += val; // the final promotion check, when the final skill is not the best
	if (config.evalTest) executor += 3 * test;
	return { executor, optimiser, total: executor + optimiser };
}
