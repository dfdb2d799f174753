/**
 * Scoring a candidate on val and applying the gate's verdict.
 *
 * A candidate the score cache knows costs nothing. Otherwise its val items are evaluated one at a
 * time in the order of `evaluationOrder` (the incumbent's failures first, then items that flipped
 * before, ...), through a lazy generator that `evaluateCandidate` stops as soon as the candidate
 * can no longer strictly beat the score it is judged against: the verdict is the full
 * evaluation's, and the rollouts not spent are recorded. Accepted candidates are always scored in
 * full, so every stored score is exact.
 */
import {
	decideGate,
	evaluateCandidate,
	evaluationOrder,
	gateScore,
	recordComparisons,
	type GateDecision,
	type ItemResult
} from '../gate/index.ts';
import { knownRun, type RunContext } from './context.ts';
import type { RolloutPurpose } from './events.ts';
import { rollItem, type SkillRef } from './rollout.ts';
import { itemKey, type HeldSkill, type ValEvaluation, type ValItem } from './state.ts';

/** The val results standing for `skill` (its own, or those of the skill it was carried from). */
export function incumbentResults(ctx: RunContext, skill: HeldSkill): Map<string, ItemResult> {
	const out = new Map<string, ItemResult>();
	for (const item of ctx.config.pack.splits.val) {
		const run = knownRun(ctx, itemKey(skill.resultsHash, item.id));
		if (run !== undefined) out.set(item.id, { id: run.id, hard: run.hard, soft: run.soft });
	}
	return out;
}

/**
 * Scores `candidate` on val against `against` (the current skill, or the best one for the final
 * promotion check), with the exact early decision. Updates the score cache, the evaluation
 * history and the counters.
 */
export async function evaluateOnVal(
	ctx: RunContext,
	candidate: SkillRef,
	against: HeldSkill,
	purpose: RolloutPurpose
): Promise<ValEvaluation> {
	const { config, state } = ctx;
	const gate = config.gate;
	const ids = config.pack.splits.val.map((item) => item.id);
	const total = ids.length;
	const incumbent = incumbentResults(ctx, against);
	const before = (id: string): Pick<ValItem, 'before'> => {
		const r = incumbent.get(id);
		return r === undefined ? {} : { before: { hard: r.hard, soft: r.soft } };
	};
	const cached = state.scoreCache[candidate.hash];
	if (cached !== undefined) {
		const score = gateScore(gate, cached);
		// Per-item results, where the item cache still holds them.
		const items: ValItem[] = ids.map((id) => {
			const run = knownRun(ctx, itemKey(candidate.hash, id));
			return run === undefined
				? { id, evaluated: false, cached: true, ...before(id) }
				: { id, evaluated: true, hard: run.hard, soft: run.soft, cached: true, ...before(id) };
		});
		return {
			status: 'cached',
			split: { ...cached },
			score,
			upperBound: score,
			evaluated: 0,
			total,
			saved: total,
			rollouts: 0,
			items,
			record: `already scored: ${(score * 100).toFixed(1)}% (no rollouts)`
		};
	}
	const order = evaluationOrder(ids, incumbent, state.history, gate);
	let rollouts = 0;
	const seen = new Map<string, ValItem>();
	async function* results(): AsyncGenerator<ItemResult> {
		for (const id of order) {
			const { run, cached: hit } = await rollItem(ctx, candidate, id, purpose);
			if (!hit) rollouts++;
			seen.set(id, {
				id,
				evaluated: true,
				hard: run.hard,
				soft: run.soft,
				cached: hit,
				...before(id)
			});
			yield { id: run.id, hard: run.hard, soft: run.soft };
		}
	}
	const outcome = await evaluateCandidate(results(), {
		config: gate,
		current: against.score,
		total
	});
	state.history = recordComparisons(state.history, incumbent, outcome.results, gate);
	// Items the gate never reached (stopped early) stay in the list, marked not evaluated.
	const items = order.map(
		(id) => seen.get(id) ?? { id, evaluated: false, cached: false, ...before(id) }
	);
	state.counters.valSaved += outcome.saved;
	if (outcome.status === 'complete') {
		state.scoreCache[candidate.hash] = { ...outcome.split };
		return {
			status: 'complete',
			split: outcome.split,
			score: outcome.score,
			upperBound: outcome.score,
			evaluated: outcome.evaluated,
			total,
			saved: outcome.saved,
			rollouts,
			items,
			record: outcome.record
		};
	}
	return {
		status: 'early_reject',
		upperBound: outcome.upperBound,
		evaluated: outcome.evaluated,
		total,
		saved: outcome.saved,
		rollouts,
		items,
		record: outcome.record
	};
}

/** The gate's verdict on an evaluation against the current and best skills. */
export function verdict(ctx: RunContext, evaluation: ValEvaluation): GateDecision {
	const { state, config } = ctx;
	if (evaluation.status === 'early_reject' || evaluation.score === undefined) {
		return { action: 'reject', newBest: false, reason: evaluation.record };
	}
	return decideGate(config.gate, {
		candidate: evaluation.score,
		current: state.current.score,
		best: state.best.score,
		n: evaluation.total
	});
}

/** Makes the candidate current (and best, when it is a new best) after an accepting verdict. */
export function adopt(
	ctx: RunContext,
	candidate: SkillRef,
	evaluation: ValEvaluation,
	decision: GateDecision,
	origin: string,
	step: number
): void {
	const { state } = ctx;
	if (
		decision.action === 'reject' ||
		evaluation.split === undefined ||
		evaluation.score === undefined
	)
		return;
	state.current = {
		text: candidate.text,
		hash: candidate.hash,
		score: evaluation.score,
		split: { ...evaluation.split },
		origin,
		measured: true,
		resultsHash: candidate.hash
	};
	if (decision.newBest) state.best = { ...state.current, split: { ...evaluation.split }, step };
}
