/**
 * The optimiser stages of a step (the "backward pass"): analysts read minibatches of failed and
 * successful trajectories and propose edits; a hierarchical merge removes duplicates; ranking
 * clips the pool to the step's edit budget. Each stage degrades as the reference does when the
 * optimiser's answer is unusable — a failed analyst is dropped, a failed merge becomes plain
 * concatenation (failure edits first), a failed ranking keeps the first N — and every failure is
 * recorded in the step's work.
 */
import { takeBudget } from '../schedule.ts';
import { createRandom, shuffled } from '../random.ts';
import type { ProposedEdit } from '../optimiser-io.ts';
import type { ChatEngine } from '../ports.ts';
import { failurePatterns, rejectedHints, renderBuffer } from './buffer.ts';
import { totalSteps } from './config.ts';
import { itemById, type RunContext } from './context.ts';
import { callStage } from './optimiser-call.ts';
import { analystPrompt, mergePrompt, rankPrompt, type Trajectory } from './prompts.ts';
import type { AnalysisRecord, PoolEdit } from './state.ts';

const FAILED = 1e-9;

function chunks<T>(list: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** The step's failed and successful trajectories. */
export function splitTrajectories(ctx: RunContext): { failed: Trajectory[]; passed: Trajectory[] } {
	const all = ctx.state.work.rollouts.map((run) => ({ item: itemById(ctx, run.id), run }));
	return {
		failed: all.filter((t) => t.run.hard < FAILED),
		passed: all.filter((t) => t.run.hard >= FAILED)
	};
}

/** Runs the failure and success analysts on shuffled minibatches; fills `work.pool`. */
export async function reflect(ctx: RunContext, engine: ChatEngine, label: string): Promise<void> {
	const { config, state } = ctx;
	const work = state.work;
	const { failed, passed } = splitTrajectories(ctx);
	const random = createRandom(config.seed);
	const groups: { kind: 'failure' | 'success'; batch: Trajectory[] }[] = [
		...chunks(shuffled(failed, random.fork(`${label}/failures`)), config.minibatchSize).map(
			(batch) => ({ kind: 'failure' as const, batch })
		),
		...(config.failureOnly
			? []
			: chunks(shuffled(passed, random.fork(`${label}/successes`)), config.minibatchSize)
					.slice(0, config.maxSuccessMinibatches)
					.map((batch) => ({ kind: 'success' as const, batch })))
	];
	const budget = config.schedule.max;
	const buffer = renderBuffer(state.buffer, config);
	const rejected = rejectedHints(state.buffer, config);
	work.analyses = [];
	for (const { kind, batch } of groups) {
		const result = await callStage(ctx, engine, {
			stage: kind === 'failure' ? 'failure-analyst' : 'success-analyst',
			build: analystPrompt({
				config,
				kind,
				skill: state.current.text,
				trajectories: batch,
				buffer,
				rejected,
				metaSkill: state.metaSkill,
				budget
			}),
			entries: batch.length,
			minEntries: 1,
			parse: { editBudget: budget },
			fallback: 'analysis dropped'
		});
		const record: AnalysisRecord = {
			kind,
			itemIds: batch.slice(0, result.shown).map((t) => t.item.id),
			failures: [],
			edits: [],
			ok: result.ok
		};
		if (result.ok) {
			record.failures = result.value.failures;
			record.edits = result.value.edits;
			work.warnings.push(...result.warnings.map((w) => `${kind} analyst: ${w}`));
		} else {
			work.failures.push(result.failure);
		}
		work.analyses.push(record);
	}
	work.pool = [
		...work.analyses.filter((a) => a.kind === 'failure'),
		...work.analyses.filter((a) => a.kind === 'success')
	].flatMap((a) => a.edits.map((edit) => ({ edit, source: a.kind })));
}

function sameEdit(a: ProposedEdit, b: ProposedEdit): boolean {
	return a.op === b.op && a.target === b.target && a.line === b.line && a.content === b.content;
}

/** The list without exact repeats (no optimiser call needed for those). */
function withoutRepeats(list: readonly PoolEdit[]): PoolEdit[] {
	const out: PoolEdit[] = [];
	for (const p of list) if (!out.some((q) => sameEdit(p.edit, q.edit))) out.push(p);
	return out;
}

/** One merge call over `list`; concatenation when it fails. */
async function mergeOnce(
	ctx: RunContext,
	engine: ChatEngine,
	list: PoolEdit[]
): Promise<PoolEdit[]> {
	const unique = withoutRepeats(list);
	if (unique.length <= 1) return unique;
	const result = await callStage(ctx, engine, {
		stage: 'merge',
		build: mergePrompt({
			config: ctx.config,
			skill: ctx.state.current.text,
			list: unique,
			metaSkill: ctx.state.metaSkill
		}),
		entries: unique.length,
		minEntries: unique.length,
		parse: { listSize: unique.length },
		fallback: 'concatenated'
	});
	if (!result.ok) {
		ctx.state.work.failures.push(result.failure);
		return unique;
	}
	ctx.state.work.warnings.push(...result.warnings.map((w) => `merge: ${w}`));
	return [...result.value.keep]
		.sort((a, b) => a - b)
		.flatMap((i) => {
			const p = unique[i];
			return p === undefined ? [] : [p];
		});
}

/** Merges the patches of one kind, `mergeBatchSize` patches per call, until one is left. */
async function mergeGroup(
	ctx: RunContext,
	engine: ChatEngine,
	patches: PoolEdit[][]
): Promise<PoolEdit[]> {
	let level = patches.filter((p) => p.length > 0);
	if (level.length === 0) return [];
	while (level.length > 1) {
		const next: PoolEdit[][] = [];
		for (const group of chunks(level, ctx.config.mergeBatchSize)) {
			next.push(group.length === 1 ? (group[0] ?? []) : await mergeOnce(ctx, engine, group.flat()));
		}
		level = next;
	}
	return level[0] ?? [];
}

/**
 * Hierarchical merge: failure patches and success patches separately, then one final merge of
 * both (failure edits listed first, so they win ties and survive a fallback).
 */
export async function merge(ctx: RunContext, engine: ChatEngine): Promise<void> {
	const work = ctx.state.work;
	const patches = (kind: 'failure' | 'success'): PoolEdit[][] =>
		work.analyses
			.filter((a) => a.kind === kind)
			.map((a) => a.edits.map((edit) => ({ edit, source: kind })));
	const failure = await mergeGroup(ctx, engine, patches('failure'));
	const success = await mergeGroup(ctx, engine, patches('success'));
	work.merged =
		failure.length > 0 && success.length > 0
			? await mergeOnce(ctx, engine, [...failure, ...success])
			: withoutRepeats([...failure, ...success]);
}

/**
 * Takes the step's budget (the schedule advances only here, for steps that have edits) and
 * clips the merged pool to it, asking the optimiser to rank when there are more edits than the
 * budget allows.
 */
export async function select(ctx: RunContext, engine: ChatEngine): Promise<void> {
	const { config, state } = ctx;
	const work = state.work;
	if (work.merged.length === 0) {
		work.ranked = [];
		return;
	}
	const taken = takeBudget({ ...config.schedule, totalSteps: totalSteps(config) }, state.schedule);
	state.schedule = taken.state;
	work.budget = taken.budget;
	if (work.merged.length <= work.budget) {
		work.ranked = [...work.merged];
		return;
	}
	const { failed } = splitTrajectories(ctx);
	const result = await callStage(ctx, engine, {
		stage: 'rank',
		build: rankPrompt({
			config,
			skill: state.current.text,
			list: work.merged,
			budget: work.budget,
			patterns: failurePatterns(work.analyses, work.rollouts),
			failed,
			metaSkill: state.metaSkill
		}),
		entries: work.merged.length,
		minEntries: work.merged.length,
		parse: { listSize: work.merged.length, editBudget: work.budget },
		fallback: `first ${work.budget} kept (failure edits first)`
	});
	if (!result.ok) {
		work.failures.push(result.failure);
		work.ranked = work.merged.slice(0, work.budget);
		return;
	}
	work.warnings.push(...result.warnings.map((w) => `rank: ${w}`));
	work.ranked = result.value.selected.flatMap((i) => {
		const p = work.merged[i];
		return p === undefined ? [] : [p];
	});
}
