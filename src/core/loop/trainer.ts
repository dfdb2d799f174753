/**
 * The trainer: runs a SkillOpt training run as a sequence of stages over plain state.
 *
 * ```
 * baseline ─▶ for each epoch ─▶ for each step: rollout ─▶ reflect ─▶ merge ─▶ select ─▶ validate
 *                 │                      (or, with a person as optimiser: rollout ─▶ propose ─▶ validate)
 *                 └─▶ epoch end: slow block (after epoch 1) | slow update ─▶ slow gate ─▶ meta skill
 * ─▶ final: promote (if the final skill is not the best) ─▶ test (seed, best, final)
 * ```
 *
 * Each stage is a deterministic function of the state (randomness comes from named forks of the
 * run seed; engines are called greedily with fixed seeds), and the state is handed to
 * `onSnapshot` after every stage, so a run resumed from any snapshot ends exactly as the
 * uninterrupted run would. Optimiser failures degrade their stage and are recorded; only an abort
 * (or an executor that keeps failing) stops the run, and the last snapshot stays valid.
 */
import { checkAborted } from '../errors.ts';
import { gateScore, splitScore } from '../gate/index.ts';
import { createGrader } from '../packs/graders/index.ts';
import type { PackItem, PredicateRunner } from '../packs/types.ts';
import type { ChatEngine, Clock, Hasher, Random, SignalLike } from '../ports.ts';
import { initialScheduleState } from '../schedule.ts';
import { skillHash } from '../skill/index.ts';
import {
	resolveConfig,
	stepsPerEpoch,
	totalSteps,
	type LoopConfig,
	type LoopConfigInput
} from './config.ts';
import type { RunContext } from './context.ts';
import { isEditSource, type EditSource } from './edit-source.ts';
import { metaSkillStage, slowBlockStage, slowGateStage, slowUpdateStage } from './epoch.ts';
import { SnapshotError } from './errors.ts';
import { validateSnapshot } from './snapshot-check.ts';
import type { LoopEvent, LoopEventListener } from './events.ts';
import { emptyTally, isEpochRecord, logEpoch } from './record-log.ts';
import { pruneCaches } from './prune.ts';
import { merge, reflect, select } from './reflect.ts';
import { reviewStage, wantsReview, type ReviewPort } from './review.ts';
import { rollItems } from './rollout.ts';
import {
	emptyWork,
	RUN_SNAPSHOT_FORMAT,
	type Cursor,
	type EpochRecord,
	type HeldSkill,
	type ItemRun,
	type LogRecord,
	type RunSnapshot,
	type StepRecord
} from './state.ts';
import { globalStep, proposeStage, rolloutStage, skipStep, validateStage } from './step.ts';
import { summarise, type RunSummary } from './summary.ts';
import { evaluateOnVal } from './validate.ts';

/** The ports a run needs. */

export { validateSnapshot };
export interface LoopDeps {
	/** The model that reads the skill. */
	executor: ChatEngine;
	/** The optimiser model (its stages), or another source of edits such as a person. */
	optimiser: ChatEngine | EditSource;
	hasher: Hasher;
	/** Not used by the algorithm (all timing is the caller's); accepted for symmetry with the app. */
	clock?: Clock;
	/** Unused: randomness is derived from `config.seed` so that resumes are exact. */
	random?: Random;
	/** Token counter for optimiser prompts (default: the optimiser engine's `countTokens`). */
	countTokens?: (text: string) => Promise<number>;
	/** Runs `js` grader predicates (the browser's sandbox); needed only for packs that use them. */
	predicates?: PredicateRunner;
	/** A person's review of the kept edits before each gate (see `review.ts`). */
	review?: ReviewPort;
}

/** Where a run stands between two stages, for `LoopOptions.hold`. */
export interface StageBoundary {
	/** The stage that just finished, and the one that runs next. */
	after: Cursor;
	next: Cursor;
	/** The state after `after` (a copy). */
	snapshot: RunSnapshot;
}

export interface LoopOptions {
	signal?: SignalLike;
	onEvent?: LoopEventListener;
	/** Continue this run from the stage its cursor names. */
	resumeFrom?: RunSnapshot;
	/**
	 * With `resumeFrom`: the run's item log so far (every stored snapshot's `newItems`, gathered
	 * by `knownItemsFrom`), so results pruned from the snapshot are not paid for again.
	 */
	knownItems?: Readonly<Record<string, ItemRun>>;
	/** Called with a copy of the state after every stage; the caller stores it. */
	onSnapshot?: (snapshot: RunSnapshot) => void | Promise<void>;
	/**
	 * Awaited between two stages, after the snapshot: a run pauses by not resolving (step mode,
	 * Pause). It should reject with an AbortError when the run is stopped. Not called before a
	 * review, which is the pause before the gate, nor after the last stage.
	 */
	hold?: (boundary: StageBoundary) => Promise<void>;
}

export interface RunResult {
	snapshot: RunSnapshot;
	summary: RunSummary;
	/** The records logged by this call (a resumed run's earlier ones are the caller's). */
	records: LogRecord[];
	/** Its step and slow-update records, and its epoch records. */
	steps: StepRecord[];
	epochs: EpochRecord[];
	/** Convenience copies of the snapshot's skills. */
	seedSkill: string;
	bestSkill: string;
	finalSkill: string;
}

/** A deep copy through JSON: snapshots hold only JSON-safe data. */
export function copySnapshot(snapshot: RunSnapshot): RunSnapshot {
	return JSON.parse(JSON.stringify(snapshot)) as RunSnapshot;
}

async function initialState(
	config: LoopConfig,
	hasher: Hasher,
	editSourceKind: string
): Promise<RunSnapshot> {
	const text = config.initialSkill;
	const hash = await skillHash(text, hasher);
	const held: HeldSkill = {
		text,
		hash,
		score: 0,
		split: { hard: 0, soft: 0, n: 0 },
		origin: 'seed',
		measured: true,
		resultsHash: hash
	};
	return {
		format: RUN_SNAPSHOT_FORMAT,
		config,
		editSourceKind,
		cursor: { at: 'baseline' },
		seed: { ...held },
		current: { ...held },
		best: { ...held, step: 0 },
		schedule: initialScheduleState(),
		scoreCache: {},
		items: {},
		history: {},
		buffer: [],
		metaSkill: '',
		nextMetaSkill: '',
		previousEpochSkill: text,
		work: emptyWork(),
		newRecords: [],
		recorded: 0,
		newItems: {},
		tally: emptyTally(),
		final: { promoted: false },
		counters: {
			rollouts: { train: 0, val: 0, test: 0, slow: 0, cached: 0 },
			valSaved: 0,
			optimiserCalls: 0,
			promptTokens: 0,
			completionTokens: 0
		}
	};
}

function firstEpochStage(config: LoopConfig, epoch: number, hasOptimiser: boolean): Cursor {
	if (config.slowUpdate.enabled && epoch === 1 && epoch < config.epochs) {
		return { at: 'epoch-end', epoch, stage: 'slow-block' };
	}
	if (config.slowUpdate.enabled && epoch >= 2 && hasOptimiser) {
		return { at: 'epoch-end', epoch, stage: 'slow-update' };
	}
	return metaOrNext(config, epoch, hasOptimiser);
}

function metaOrNext(config: LoopConfig, epoch: number, hasOptimiser: boolean): Cursor {
	if (config.metaSkill.enabled && hasOptimiser && epoch >= 2 && epoch < config.epochs) {
		return { at: 'epoch-end', epoch, stage: 'meta-skill' };
	}
	return nextEpoch(config, epoch);
}

function nextEpoch(config: LoopConfig, epoch: number): Cursor {
	return epoch < config.epochs
		? { at: 'step', epoch: epoch + 1, step: 1, stage: 'rollout' }
		: { at: 'final', stage: 'promote' };
}

/** Closes an epoch: its record, its event, and last epoch's skill for the next comparison. */
function closeEpoch(ctx: RunContext, epoch: number): void {
	const { state } = ctx;
	const counts = { ...state.tally.epoch };
	const slow = counts.slow;
	const record: EpochRecord = {
		kind: 'epoch',
		epoch,
		currentScore: state.current.score,
		bestScore: state.best.score,
		slowBlockAdded: epoch === 1 && state.current.origin.endsWith('empty slow block'),
		slowUpdate:
			slow === undefined
				? state.work.failures.some((f) => f.stage === 'slow-update')
					? 'failed'
					: 'none'
				: slow === 'reject'
					? 'rejected'
					: slow === 'force_accept' && !ctx.config.slowUpdate.gated
						? 'forced'
						: 'accepted',
		metaSkill: state.nextMetaSkill,
		previousMetaSkill: state.metaSkill,
		failures: [...state.work.failures],
		warnings: [...state.work.warnings]
	};
	if (state.work.slowBlock !== undefined) record.slowBlock = state.work.slowBlock;
	logEpoch(ctx, record);
	state.previousEpochSkill = state.current.text;
	ctx.emit({
		type: 'epoch:finished',
		epoch,
		accepted: counts.accepted,
		rejected: counts.rejected,
		skipped: counts.skipped,
		currentScore: state.current.score,
		bestScore: state.best.score,
		record
	});
}

/** Runs the stage at the cursor and moves the cursor on. */
async function runStage(ctx: RunContext): Promise<void> {
	const { state, config } = ctx;
	const cursor = state.cursor;
	const hasOptimiser = ctx.optimiser !== undefined;
	const perEpoch = stepsPerEpoch(config);
	switch (cursor.at) {
		case 'baseline': {
			const ids = config.pack.splits.val.map((item) => item.id);
			const { runs } = await rollItems(ctx, state.seed, ids, 'baseline');
			const split = splitScore(runs, ids.length);
			const score = gateScore(config.gate, split);
			state.scoreCache[state.seed.hash] = { ...split };
			state.seed = { ...state.seed, split, score };
			state.current = { ...state.seed, split: { ...split } };
			state.best = { ...state.seed, split: { ...split }, step: 0 };
			state.cursor = { at: 'step', epoch: 1, step: 1, stage: 'rollout' };
			return;
		}
		case 'step': {
			const { epoch, step } = cursor;
			const next = (stage: 'reflect' | 'merge' | 'select' | 'propose' | 'validate'): Cursor => ({
				at: 'step',
				epoch,
				step,
				stage
			});
			const stepDone = (): Cursor =>
				step < perEpoch
					? { at: 'step', epoch, step: step + 1, stage: 'rollout' }
					: firstEpochStage(config, epoch, hasOptimiser);
			switch (cursor.stage) {
				case 'rollout':
					await rolloutStage(ctx, epoch, step);
					state.cursor = next(hasOptimiser ? 'reflect' : 'propose');
					return;
				case 'reflect':
					if (ctx.optimiser === undefined) throw new SnapshotError('no optimiser engine');
					await reflect(ctx, ctx.optimiser, `epoch-${epoch}/step-${step}`);
					state.cursor = next('merge');
					return;
				case 'merge':
					if (ctx.optimiser === undefined) throw new SnapshotError('no optimiser engine');
					await merge(ctx, ctx.optimiser);
					state.cursor = next('select');
					return;
				case 'select':
					if (ctx.optimiser === undefined) throw new SnapshotError('no optimiser engine');
					await select(ctx, ctx.optimiser);
					break;
				case 'propose':
					if (ctx.source === undefined) throw new SnapshotError('no edit source');
					await proposeStage(ctx, ctx.source, epoch, step);
					break;
				case 'validate':
					// A review may have dropped every kept edit: nothing is left to gate.
					if (state.work.ranked.length === 0) skipStep(ctx, epoch, step);
					else await validateStage(ctx, epoch, step);
					state.cursor = stepDone();
					if (state.cursor.at !== 'step') state.work = emptyWork();
					if (
						state.cursor.at === 'final' ||
						(state.cursor.at === 'step' && state.cursor.epoch !== epoch)
					) {
						closeEpoch(ctx, epoch);
					}
					return;
			}
			// After select/propose: validate, or skip when nothing is left to try.
			if (state.work.ranked.length > 0) {
				state.cursor = next('validate');
				return;
			}
			skipStep(ctx, epoch, step);
			state.cursor = stepDone();
			if (
				state.cursor.at === 'final' ||
				(state.cursor.at === 'step' && state.cursor.epoch !== epoch)
			) {
				closeEpoch(ctx, epoch);
			}
			return;
		}
		case 'epoch-end': {
			const { epoch } = cursor;
			let next: Cursor;
			switch (cursor.stage) {
				case 'slow-block':
					await slowBlockStage(ctx);
					next = metaOrNext(config, epoch, hasOptimiser);
					break;
				case 'slow-update':
					await slowUpdateStage(ctx, epoch);
					next =
						state.work.guidance !== undefined
							? { at: 'epoch-end', epoch, stage: 'slow-gate' }
							: metaOrNext(config, epoch, hasOptimiser);
					break;
				case 'slow-gate':
					await slowGateStage(ctx, epoch);
					next = metaOrNext(config, epoch, hasOptimiser);
					break;
				case 'meta-skill':
					await metaSkillStage(ctx, epoch);
					next = nextEpoch(config, epoch);
					break;
			}
			state.cursor = next;
			if (state.cursor.at !== 'epoch-end') {
				closeEpoch(ctx, epoch);
				state.work = emptyWork();
			}
			return;
		}
		case 'final': {
			if (cursor.stage === 'promote') {
				await promoteStage(ctx);
				state.cursor = { at: 'final', stage: 'test' };
			} else {
				await testStage(ctx);
				state.cursor = { at: 'done' };
			}
			return;
		}
		case 'done':
			return;
	}
}

/**
 * When the final skill is not the best one (the gate was off, or a slow update was forced in),
 * it is measured on val and promoted to best if it strictly beats it (method doc, section 3.12).
 */
async function promoteStage(ctx: RunContext): Promise<void> {
	const { state } = ctx;
	if (state.current.hash === state.best.hash) return;
	const evaluation = await evaluateOnVal(ctx, state.current, state.best, 'promote');
	if (evaluation.split !== undefined && evaluation.score !== undefined && !state.current.measured) {
		state.current = {
			...state.current,
			score: evaluation.score,
			split: { ...evaluation.split },
			measured: true,
			resultsHash: state.current.hash
		};
	}
	const promoted =
		evaluation.status !== 'early_reject' &&
		evaluation.score !== undefined &&
		evaluation.score > state.best.score;
	ctx.emit({
		type: 'gate',
		step: totalSteps(ctx.config),
		kind: 'promote',
		action: promoted ? 'accept_new_best' : 'reject',
		reason: promoted ? 'the final skill beats the best on val' : evaluation.record,
		candidateHash: state.current.hash,
		evaluation
	});
	if (promoted) {
		state.best = {
			...state.current,
			split: { ...state.current.split },
			step: totalSteps(ctx.config)
		};
		state.final.promoted = true;
	}
}

/** Seed, best and final skills on the test split (identical skills cost nothing twice). */
async function testStage(ctx: RunContext): Promise<void> {
	const { state, config } = ctx;
	const ids = config.pack.splits.test.map((item) => item.id);
	if (!config.evalTest || ids.length === 0) return;
	for (const which of ['seed', 'best', 'final'] as const) {
		const skill = which === 'final' ? state.current : state[which];
		const { runs } = await rollItems(ctx, skill, ids, 'test');
		state.final[which] = splitScore(runs, ids.length);
	}
}

/** The cursor now (a call, so that TypeScript does not keep a narrowing from before a stage). */
function cursorOf(ctx: RunContext): Cursor {
	return ctx.state.cursor;
}

/**
 * Runs (or resumes) a SkillOpt training run.
 *
 * @param config the pack and any settings (see `LoopConfig`); ignored when resuming, since the
 *   snapshot carries the config the run started with.
 * @throws AbortError when `options.signal` fires (the last snapshot can be resumed);
 *   ExecutorError when the executor fails twice on an item; SnapshotError for a bad snapshot.
 * @example
 * const result = await runOptimization(
 *   { pack, seed: 1, epochs: 3 },
 *   { executor: engine, optimiser: engine, hasher: createSha256Hasher(crypto.subtle) },
 *   { signal, onEvent: (e) => panel.push(e), onSnapshot: (s) => runs.save(s) }
 * )
 * result.summary.val.best // best gate score on val
 */
export async function runOptimization(
	config: LoopConfigInput | LoopConfig,
	deps: LoopDeps,
	options: LoopOptions = {}
): Promise<RunResult> {
	const source = isEditSource(deps.optimiser) ? deps.optimiser : undefined;
	const optimiser = isEditSource(deps.optimiser) ? undefined : deps.optimiser;
	let state: RunSnapshot;
	if (options.resumeFrom !== undefined) {
		validateSnapshot(options.resumeFrom);
		state = copySnapshot(options.resumeFrom);
	} else {
		const resolved = resolveConfig(config);
		state = await initialState(resolved, deps.hasher, source?.kind ?? 'optimiser');
	}
	const resolved = state.config;
	const items = new Map<string, PackItem>();
	for (const split of ['train', 'val', 'test'] as const) {
		for (const item of resolved.pack.splits[split]) items.set(item.id, item);
	}
	const archive = new Map<string, ItemRun>(Object.entries(options.knownItems ?? {}));
	for (const [key, run] of Object.entries(state.items)) archive.set(key, run);
	for (const [key, run] of Object.entries(state.newItems ?? {})) archive.set(key, run);
	state.newItems ??= {};
	const counter = optimiser ?? deps.executor;
	const listener = options.onEvent;
	const ctx: RunContext = {
		config: resolved,
		state,
		executor: deps.executor,
		optimiser,
		source,
		hasher: deps.hasher,
		grader: createGrader(
			resolved.pack.grader,
			deps.predicates === undefined ? {} : { predicates: deps.predicates }
		),
		items,
		archive,
		countTokens: deps.countTokens ?? ((text) => counter.countTokens(text)),
		signal: options.signal,
		emit(event: LoopEvent) {
			try {
				listener?.(event);
			} catch {
				// A broken listener must not stop the run.
			}
		}
	};
	ctx.emit({
		type: 'run:started',
		resumed: options.resumeFrom !== undefined,
		totalSteps: totalSteps(resolved),
		cursor: state.cursor
	});
	const records: LogRecord[] = [];
	// The step whose review this call has asked for (a review that changed nothing leaves no
	// trace in the state, so the call itself remembers it).
	let reviewed = '';
	while (ctx.state.cursor.at !== 'done') {
		checkAborted(options.signal);
		const at = ctx.state.cursor;
		if (
			at.at === 'step' &&
			reviewed !== `${at.epoch}/${at.step}` &&
			wantsReview(ctx, deps.review)
		) {
			reviewed = `${at.epoch}/${at.step}`;
			const step = globalStep(resolved, at.epoch, at.step);
			ctx.emit({ type: 'review:requested', step });
			// As before a stage: what the last snapshot handed out is not handed out again.
			if (ctx.state.newRecords.length > 0) ctx.state.newItems = {};
			ctx.state.newRecords = [];
			// A change is in a snapshot before the gate runs, so a resume reproduces it.
			if (await reviewStage(ctx, deps.review, { step, epoch: at.epoch }))
				await options.onSnapshot?.(copySnapshot(ctx.state));
			continue;
		}
		ctx.emit({ type: 'stage:started', cursor: at });
		const failuresBefore = ctx.state.work.failures.length;
		// Records reach the caller once, with the snapshot after the stage that finished them;
		// the item results computed up to then go with them (see `newItems`).
		if (ctx.state.newRecords.length > 0) ctx.state.newItems = {};
		ctx.state.newRecords = [];
		await runStage(ctx);
		await pruneCaches(ctx);
		records.push(...ctx.state.newRecords);
		ctx.emit({
			type: 'stage:finished',
			cursor: at,
			failures: ctx.state.work.failures.slice(failuresBefore)
		});
		await options.onSnapshot?.(copySnapshot(ctx.state));
		// The review, when one comes next, is the pause before the gate.
		const next = cursorOf(ctx);
		if (options.hold && next.at !== 'done' && !wantsReview(ctx, deps.review))
			await options.hold({ after: at, next, snapshot: copySnapshot(ctx.state) });
	}
	const snapshot = copySnapshot(ctx.state);
	const summary = summarise(snapshot);
	ctx.emit({ type: 'run:finished', summary });
	return {
		snapshot,
		summary,
		records,
		steps: records.filter((r): r is StepRecord => !isEpochRecord(r)),
		epochs: records.filter(isEpochRecord),
		seedSkill: snapshot.seed.text,
		bestSkill: snapshot.best.text,
		finalSkill: snapshot.current.text
	};
}
