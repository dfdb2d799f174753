/**
 * The epoch boundary: slow state that step edits cannot touch.
 *
 * - After the first epoch an empty protected block is added at the end of the skill, without a
 *   gate; the new text is cached with the current score (method doc, section 3.10).
 * - After later epochs the slow update compares last epoch's skill with the current one on the
 *   same sampled train items and rewrites only the protected block. By default the rewritten
 *   skill goes through the gate like a step's candidate; with `gated: false` it is forced in and
 *   carries the old score (the reference's default), and the final promotion check measures it.
 * - The meta skill is the optimiser's own memory: notes about which edits helped, loaded at the
 *   start of the next epoch and shown only in optimiser prompts, never to the executor.
 */
import { MalformedSkillError, errorMessage } from '../errors.ts';
import { createRandom, shuffled } from '../random.ts';
import { setSlowBlock, skillHash, slowBlockContent } from '../skill/index.ts';
import { rejectedHints } from './buffer.ts';
import { stepsPerEpoch, trainIds } from './config.ts';
import { itemById, type RunContext } from './context.ts';
import { callStage } from './optimiser-call.ts';
import { metaSkillPrompt, slowUpdatePrompt, type Comparison } from './prompts.ts';
import { rollItems } from './rollout.ts';
import { logStep } from './record-log.ts';
import { emptyWork, type StageFailure, type StepRecord } from './state.ts';
import { adopt, evaluateOnVal, verdict } from './validate.ts';

const FAILED = 1e-9;

function failure(stage: string, err: unknown, fallback: string): StageFailure {
	return {
		stage,
		kind: 'source',
		name: err instanceof Error ? err.name : 'Error',
		message: errorMessage(err),
		fallback
	};
}

/** Adds the empty protected block after the first epoch (no gate, score carried over). */
export async function slowBlockStage(ctx: RunContext): Promise<void> {
	const { state } = ctx;
	state.work = emptyWork();
	if (slowBlockContent(state.current.text) !== undefined) return;
	let text: string;
	try {
		text = setSlowBlock(state.current.text, '');
	} catch (err) {
		// A skill with broken markers gets no block; the problem is shown, the run goes on.
		if (!(err instanceof MalformedSkillError)) throw err;
		state.work.failures.push(failure('slow-block', err, 'no protected block added'));
		return;
	}
	const hash = await skillHash(text, ctx.hasher);
	state.scoreCache[hash] = { ...state.current.split };
	state.work.slowBlock = {
		before: { hash: state.current.hash, text: state.current.text },
		after: { hash, text }
	};
	state.current = {
		...state.current,
		text,
		hash,
		origin: `${state.current.origin} + empty slow block`,
		measured: false
	};
}

/** Sampled train items of the slow update after `epoch`. */
function sample(ctx: RunContext, epoch: number): string[] {
	const random = createRandom(ctx.config.seed).fork(`slow-${epoch}`);
	return shuffled(trainIds(ctx.config), random).slice(0, ctx.config.slowUpdate.samples);
}

async function comparisons(ctx: RunContext, epoch: number): Promise<Comparison[]> {
	const { state } = ctx;
	const ids = state.work.comparison ?? sample(ctx, epoch);
	// Compared: last epoch's skill and this epoch's as it stood before the slow update.
	const afterText = state.work.comparedSkill ?? state.current.text;
	state.work.comparison = ids;
	state.work.comparedSkill = afterText;
	const previous = {
		text: state.previousEpochSkill,
		hash: await skillHash(state.previousEpochSkill, ctx.hasher)
	};
	const after = { text: afterText, hash: await skillHash(afterText, ctx.hasher) };
	const before = await rollItems(ctx, previous, ids, 'slow-update');
	const now = await rollItems(ctx, after, ids, 'slow-update');
	return ids.map((id, i) => {
		const b = before.runs[i];
		const a = now.runs[i];
		if (b === undefined || a === undefined) throw new RangeError(`missing comparison for ${id}`);
		const was = b.hard >= FAILED;
		const is = a.hard >= FAILED;
		const category: Comparison['category'] =
			was && !is
				? 'regressed'
				: !was && is
					? 'improved'
					: is
						? 'stable_success'
						: 'persistent_fail';
		return { item: itemById(ctx, id), before: b, after: a, category };
	});
}

/** Asks the optimiser for new guidance for the protected block. */
export async function slowUpdateStage(ctx: RunContext, epoch: number): Promise<void> {
	const { state, config, optimiser } = ctx;
	state.work = emptyWork();
	if (optimiser === undefined) return;
	const list = await comparisons(ctx, epoch);
	const result = await callStage(ctx, optimiser, {
		stage: 'slow-update',
		build: slowUpdatePrompt({
			config,
			previousSkill: state.previousEpochSkill,
			skill: state.current.text,
			previousGuidance: slowBlockContent(state.current.text) ?? '',
			comparisons: list,
			rejected: rejectedHints(state.buffer, config)
		}),
		entries: list.length,
		minEntries: 0,
		parse: {},
		fallback: 'no slow update this epoch'
	});
	if (!result.ok) {
		state.work.failures.push(result.failure);
		return;
	}
	state.work.warnings.push(...result.warnings.map((w) => `slow update: ${w}`));
	state.work.guidance = result.value.guidance;
}

/** Gates (or forces in) the skill with the new guidance; records it like a step. */
export async function slowGateStage(ctx: RunContext, epoch: number): Promise<void> {
	const { state, config } = ctx;
	const work = state.work;
	const index = epoch * stepsPerEpoch(config);
	let text: string;
	try {
		text = setSlowBlock(state.current.text, work.guidance ?? '');
	} catch (err) {
		if (!(err instanceof MalformedSkillError) && !(err instanceof RangeError)) throw err;
		work.failures.push(failure('slow-update', err, 'guidance not applied'));
		return;
	}
	const candidate = { text, hash: await skillHash(text, ctx.hasher) };
	const before = state.current.score;
	const against = {
		hash: state.current.hash,
		text: state.current.text,
		score: state.current.score,
		origin: state.current.origin
	};
	ctx.emit({
		type: 'proposal',
		step: index,
		kind: 'slow-update',
		edits: [],
		reports: [],
		candidate: candidate.text,
		candidateHash: candidate.hash,
		current: state.current.score,
		best: state.best.score
	});
	const base: Omit<StepRecord, 'action' | 'reason' | 'currentScore' | 'bestScore' | 'rollouts'> = {
		index,
		epoch,
		stepInEpoch: 0,
		kind: 'slow-update',
		batch: [...(work.comparison ?? [])],
		rollout: { hard: 0, soft: 0, n: 0, failed: 0 },
		analyses: { calls: 0, ok: 0, edits: 0 },
		proposed: 0,
		merged: 0,
		budget: 0,
		ranked: [],
		reports: [],
		applied: candidate.text === state.current.text ? 0 : 1,
		candidateHash: candidate.hash,
		// The slow update's own failures end in the epoch record; none can precede a candidate.
		failures: [],
		warnings: [...work.warnings],
		optimiserCalls: work.optimiserCalls,
		detail: {
			pool: [],
			merged: [],
			kept: [],
			analyses: [],
			against,
			candidate: { ...candidate },
			rollouts: [],
			guidance: work.guidance ?? ''
		}
	};
	let record: StepRecord;
	if (config.slowUpdate.gated) {
		const evaluation = await evaluateOnVal(ctx, candidate, state.current, 'val');
		const decision = verdict(ctx, evaluation);
		ctx.emit({
			type: 'gate',
			step: index,
			kind: 'slow-update',
			action: decision.action,
			reason: decision.reason,
			candidateHash: candidate.hash,
			evaluation
		});
		adopt(ctx, candidate, evaluation, decision, `slow update after epoch ${epoch}`, index);
		record = {
			...base,
			evaluation,
			action: decision.action,
			reason: decision.reason,
			currentScore: state.current.score,
			bestScore: state.best.score,
			rollouts: { train: 0, val: evaluation.rollouts }
		};
		if (decision.action === 'reject') {
			state.buffer.push({
				step: index,
				action: 'reject',
				failed: 0,
				total: 0,
				patterns: [],
				rejected: [
					{
						edit: { op: 'replace', content: work.guidance ?? '' },
						scoreDrop: before - (evaluation.score ?? evaluation.upperBound)
					}
				],
				unapplied: [],
				record: evaluation.record
			});
		}
	} else {
		// Forced in: the new text carries the current score until the final check measures it.
		state.scoreCache[candidate.hash] ??= { ...state.current.split };
		state.current = {
			...state.current,
			text: candidate.text,
			hash: candidate.hash,
			origin: `slow update after epoch ${epoch} (forced)`,
			measured: false
		};
		record = {
			...base,
			action: 'force_accept',
			reason: 'slow update forced in (not gated); measured by the final check',
			currentScore: state.current.score,
			bestScore: state.best.score,
			rollouts: { train: 0, val: 0 }
		};
	}
	logStep(ctx, record);
}

/** Writes the meta skill for the next epoch. */
export async function metaSkillStage(ctx: RunContext, epoch: number): Promise<void> {
	const { state, config, optimiser } = ctx;
	if (optimiser === undefined) return;
	const list = await comparisons(ctx, epoch);
	const result = await callStage(ctx, optimiser, {
		stage: 'meta-skill',
		build: metaSkillPrompt({
			config,
			previousSkill: state.previousEpochSkill,
			skill: state.current.text,
			previousMeta: state.metaSkill,
			comparisons: list,
			rejected: state.buffer.flatMap((e) =>
				e.rejected.map(({ edit, scoreDrop }) => ({ ...edit, scoreDrop }))
			)
		}),
		entries: list.length,
		minEntries: 0,
		parse: {},
		fallback: 'meta skill unchanged'
	});
	if (!result.ok) {
		state.work.failures.push(result.failure);
		return;
	}
	state.work.warnings.push(...result.warnings.map((w) => `meta skill: ${w}`));
	state.nextMetaSkill = result.value.metaSkill;
}
