/**
 * A training step's own stages: the rollout of a train batch with the current skill, the
 * human edit source's proposal (when a person is the optimiser), and validation — apply the
 * ranked edits, score the candidate on val, let the gate decide, and write the buffer entry and
 * the step record.
 */
import { applyEdits, type EditReport } from '../edits/index.ts';
import { checkAborted, isAbortError, errorMessage } from '../errors.ts';
import { splitScore } from '../gate/index.ts';
import type { ProposedEdit } from '../optimiser-io.ts';
import { createRandom, shuffled } from '../random.ts';
import { peekBudget, takeBudget } from '../schedule.ts';
import { lineView, skillHash } from '../skill/index.ts';
import { bufferEntry, renderBuffer } from './buffer.ts';
import { stepsPerEpoch, totalSteps, trainIds, type LoopConfig } from './config.ts';
import type { RunContext } from './context.ts';
import type { EditEvidence, EditRequest, EditSource } from './edit-source.ts';
import { splitTrajectories } from './reflect.ts';
import { rollItems } from './rollout.ts';
import { logStep } from './record-log.ts';
import {
	emptyWork,
	type SkillText,
	type StepAction,
	type StepDetail,
	type StepRecord,
	type ValEvaluation
} from './state.ts';
import { adopt, evaluateOnVal, verdict } from './validate.ts';
import type { Trajectory } from './prompts.ts';

/** The train item ids of step `step` (1-based) of epoch `epoch` (1-based). */
export function epochBatch(config: LoopConfig, epoch: number, step: number): string[] {
	const order = shuffled(trainIds(config), createRandom(config.seed).fork(`epoch-${epoch}`));
	return order.slice((step - 1) * config.batchSize, step * config.batchSize);
}

/** The 1-based index of a step over the whole run. */
export function globalStep(config: LoopConfig, epoch: number, step: number): number {
	return (epoch - 1) * stepsPerEpoch(config) + step;
}

/** Rolls the step's batch out with the current skill. At an epoch's first step, resets the buffer. */
export async function rolloutStage(ctx: RunContext, epoch: number, step: number): Promise<void> {
	const { state, config } = ctx;
	if (step === 1) {
		// Epoch-local memory starts empty; last epoch's meta skill takes effect now.
		state.buffer = [];
		state.metaSkill = state.nextMetaSkill;
	}
	state.work = emptyWork(epochBatch(config, epoch, step));
	const { runs, cached, spent } = await rollItems(ctx, state.current, state.work.batch, 'train');
	state.work.rollouts = runs;
	state.work.rolloutCached = cached;
	state.work.rolloutsTrain = spent;
}

function evidence(t: Trajectory): EditEvidence {
	const answer = t.item.answer;
	return {
		itemId: t.item.id,
		question: t.item.input ?? Object.values(t.item.vars ?? {}).join('\n'),
		answer: t.run.output,
		expected:
			answer === undefined ? '' : typeof answer === 'string' ? answer : JSON.stringify(answer),
		grader: t.run.explanation,
		hard: t.run.hard,
		soft: t.run.soft
	};
}

function sanitiseEdits(edits: unknown): { edits: ProposedEdit[]; dropped: number } {
	if (!Array.isArray(edits)) return { edits: [], dropped: 0 };
	const ok = edits.filter(
		(e): e is ProposedEdit =>
			typeof e === 'object' && e !== null && typeof (e as { op?: unknown }).op === 'string'
	);
	return { edits: ok, dropped: edits.length - ok.length };
}

/** Asks the edit source (a person) for the step's edits. */
export async function proposeStage(
	ctx: RunContext,
	source: EditSource,
	epoch: number,
	step: number
): Promise<void> {
	const { state, config } = ctx;
	const work = state.work;
	const schedule = { ...config.schedule, totalSteps: totalSteps(config) };
	const { failed, passed } = splitTrajectories(ctx);
	const request: EditRequest = {
		step: globalStep(config, epoch, step),
		epoch,
		skill: state.current.text,
		lineView: lineView(state.current.text),
		budget: peekBudget(schedule, state.schedule),
		failures: failed.map(evidence),
		successes: passed.map(evidence),
		buffer: renderBuffer(state.buffer, config)
	};
	ctx.emit({ type: 'edits:requested', request });
	let edits: ProposedEdit[] = [];
	try {
		const proposal = await source.proposeEdits(request, ctx.signal);
		const clean = sanitiseEdits(proposal?.edits);
		edits = clean.edits;
		if (clean.dropped > 0)
			work.warnings.push(`${clean.dropped} edit(s) without an op were ignored`);
		if (typeof proposal?.note === 'string' && proposal.note !== '') {
			work.warnings.push(`note: ${proposal.note.slice(0, 300)}`);
		}
	} catch (err) {
		if (isAbortError(err)) throw err;
		checkAborted(ctx.signal);
		work.failures.push({
			stage: 'propose',
			kind: 'source',
			name: err instanceof Error ? err.name : 'Error',
			message: errorMessage(err),
			fallback: 'no edits this step'
		});
	}
	work.pool = edits.map((edit) => ({ edit, source: 'human' as const }));
	work.merged = [...work.pool];
	if (edits.length > 0) {
		const taken = takeBudget(schedule, state.schedule);
		state.schedule = taken.state;
		work.budget = taken.budget;
	}
	work.ranked = [...work.pool];
}

/** A JSON copy: records must not share arrays with the work that later stages replace. */
function plain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** The step record, from the work and what validation found. */
function stepRecord(
	ctx: RunContext,
	epoch: number,
	step: number,
	outcome: {
		action: StepAction;
		reason: string;
		reports: EditReport[];
		applied: number;
		candidateHash?: string;
		evaluation?: ValEvaluation;
		/** The skill judged against (the current one before the verdict). */
		against: StepDetail['against'];
		candidate?: SkillText;
	}
): StepRecord {
	const { state, config } = ctx;
	const work = state.work;
	const split = splitScore(work.rollouts);
	const record: StepRecord = {
		index: globalStep(config, epoch, step),
		epoch,
		stepInEpoch: step,
		kind: 'step',
		batch: [...work.batch],
		rollout: {
			hard: split.hard,
			soft: split.soft,
			n: split.n,
			failed: work.rollouts.filter((r) => r.hard < 1e-9).length
		},
		analyses: {
			calls: work.analyses.length,
			ok: work.analyses.filter((a) => a.ok).length,
			edits: work.pool.length
		},
		proposed: work.pool.length,
		merged: work.merged.length,
		budget: work.budget,
		ranked: work.ranked.map((p) => p.edit),
		reports: outcome.reports,
		applied: outcome.applied,
		action: outcome.action,
		reason: outcome.reason,
		currentScore: state.current.score,
		bestScore: state.best.score,
		failures: [...work.failures],
		warnings: [...work.warnings],
		rollouts: { train: work.rolloutsTrain, val: outcome.evaluation?.rollouts ?? 0 },
		optimiserCalls: work.optimiserCalls,
		detail: {
			pool: plain(work.pool),
			merged: plain(work.merged),
			kept: plain(work.ranked),
			analyses: plain(work.analyses),
			against: { ...outcome.against },
			rollouts: work.rollouts.map((run, i) => ({
				...run,
				cached: work.rolloutCached[i] ?? false
			})),
			...(outcome.candidate === undefined ? {} : { candidate: { ...outcome.candidate } }),
			...(work.review === undefined ? {} : { review: plain(work.review) })
		}
	};
	if (outcome.candidateHash !== undefined) record.candidateHash = outcome.candidateHash;
	if (outcome.evaluation !== undefined) record.evaluation = outcome.evaluation;
	return record;
}

function finish(ctx: RunContext, record: StepRecord, scoreDrop: number): void {
	const { state } = ctx;
	const work = state.work;
	state.buffer.push(
		bufferEntry({
			step: record.index,
			action: record.action,
			rollouts: work.rollouts,
			analyses: work.analyses,
			ranked: record.ranked,
			reports: record.reports,
			scoreDrop,
			record: record.evaluation?.record ?? record.reason
		})
	);
	logStep(ctx, record);
}

/** The current skill as the record's "judged against". */
function againstCurrent(ctx: RunContext): StepDetail['against'] {
	const { current } = ctx.state;
	return { hash: current.hash, text: current.text, score: current.score, origin: current.origin };
}

/** A step left with no edit to try: no candidate, no val cost. */
export function skipStep(ctx: RunContext, epoch: number, step: number): void {
	const record = stepRecord(ctx, epoch, step, {
		action: 'skip_no_patches',
		reason:
			ctx.state.work.review === undefined
				? 'no usable edit was proposed'
				: 'the person dropped every kept edit before the gate',
		reports: [],
		applied: 0,
		against: againstCurrent(ctx)
	});
	finish(ctx, record, 0);
}

/** Applies the ranked edits, scores the candidate on val and applies the gate's verdict. */
export async function validateStage(ctx: RunContext, epoch: number, step: number): Promise<void> {
	const { state } = ctx;
	const work = state.work;
	const index = globalStep(ctx.config, epoch, step);
	const edits = work.ranked.map((p) => p.edit);
	const applied = applyEdits(state.current.text, edits);
	for (const r of applied.reports) {
		if (r.status !== 'applied') work.warnings.push(`edit ${r.index + 1} ${r.status}: ${r.reason}`);
	}
	const candidate = { text: applied.text, hash: await skillHash(applied.text, ctx.hasher) };
	ctx.emit({
		type: 'proposal',
		step: index,
		kind: 'step',
		edits,
		reports: applied.reports,
		candidate: candidate.text,
		candidateHash: candidate.hash,
		current: state.current.score,
		best: state.best.score
	});
	const before = state.current.score;
	const against = againstCurrent(ctx);
	const evaluation = await evaluateOnVal(ctx, candidate, state.current, 'val');
	const decision = verdict(ctx, evaluation);
	ctx.emit({
		type: 'gate',
		step: index,
		kind: 'step',
		action: decision.action,
		reason: decision.reason,
		candidateHash: candidate.hash,
		evaluation
	});
	adopt(ctx, candidate, evaluation, decision, `step ${index}`, index);
	const reason =
		applied.applied === 0 && candidate.text === state.current.text
			? `no edit applied: ${decision.reason}`
			: decision.reason;
	const record = stepRecord(ctx, epoch, step, {
		action: decision.action,
		reason,
		reports: applied.reports,
		applied: applied.applied,
		candidateHash: candidate.hash,
		evaluation,
		against,
		candidate
	});
	finish(ctx, record, before - (evaluation.score ?? evaluation.upperBound));
}
