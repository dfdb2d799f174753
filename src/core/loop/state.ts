/**
 * The run's whole state as plain data: what a snapshot holds and what resuming needs.
 *
 * The trainer is a sequence of stages, each a deterministic function of this state (randomness
 * comes from named forks of the run seed, never from a generator's position), so a run resumed
 * from the snapshot taken after any stage reaches exactly the result an uninterrupted run
 * reaches. Everything here is structured-clone safe: no classes, maps, functions or undefined
 * holes the caller has to care about.
 */
import type { EditReport } from '../edits/index.ts';
import type { GateAction, ItemHistory, ScoreCacheData, SplitScore } from '../gate/index.ts';
import type { ProposedEdit } from '../optimiser-io.ts';
import type { ScheduleState } from '../schedule.ts';
import type { LoopConfig } from './config.ts';
import type { ReviewRecord } from './review.ts';

// NOTE: persisted; bump with a migration (`migrate.ts`) and a fixture when the shape changes.
export const RUN_SNAPSHOT_FORMAT = 'skillopt-playground.run.v2' as const;
/** The first format: every step record inside every snapshot, step records without detail. */
export const RUN_SNAPSHOT_FORMAT_V1 = 'skillopt-playground.run.v1' as const;

/** One executor answer, graded: cached by (skill hash, item id). */
export interface ItemRun {
	id: string;
	hard: number;
	soft: number;
	/** The model's answer, clipped (its tail) for prompts and display. */
	output: string;
	/** The grader's one-line reason. */
	explanation: string;
}

/** A train rollout as recorded for the step's detail: the graded answer and whether it was paid. */
export interface RolloutDetail extends ItemRun {
	/** True when the answer came from the per-item cache (no executor call). */
	cached: boolean;
}

/** One val item of a candidate's evaluation, next to the result of the skill it was judged against. */
export interface ValItem {
	id: string;
	/** False when the gate stopped before this item (its result is unknown). */
	evaluated: boolean;
	/** The candidate's result, when evaluated (or known from the cache). */
	hard?: number;
	soft?: number;
	/** True when the candidate's result came from the per-item cache. */
	cached: boolean;
	/** The result of the skill judged against, when known. */
	before?: { hard: number; soft: number };
}

/** A skill text a record refers to, with its hash. */
export interface SkillText {
	hash: string;
	text: string;
}

/** What a step record adds for the run view (format v2); absent in records of format v1. */
export interface StepDetail {
	/** Every proposed edit, with where it came from. */
	pool: PoolEdit[];
	/** After the merge (duplicates and conflicts removed). */
	merged: PoolEdit[];
	/** What the edit budget kept, in the order applied (the `ranked` edits, with sources). */
	kept: PoolEdit[];
	analyses: AnalysisRecord[];
	/** The skill the candidate was judged against, with its gate score and origin. */
	against: SkillText & { score: number; origin: string };
	/** The candidate, when one was built. */
	candidate?: SkillText;
	/** The step's train rollouts (slow updates: the comparison items under the new skill). */
	rollouts: RolloutDetail[];
	/** The slow update's new guidance for the protected block. */
	guidance?: string;
	/** The person's review of the kept edits before the gate, when it changed them. */
	review?: ReviewRecord;
}

/** A stage that failed and degraded; recorded, never thrown. */
export interface StageFailure {
	stage: string;
	/** `parse` (unusable answer after the retry), `engine` (the call threw), `context` (too long). */
	kind: 'parse' | 'engine' | 'context' | 'source';
	/** The error's name, e.g. `ContextOverflowError`, `OptimiserOutputError`. */
	name: string;
	message: string;
	/** What the stage did instead ('dropped', 'concatenated', 'first N kept', 'no update'). */
	fallback: string;
}

/** An edit in the step's pool, with where it came from. */
export interface PoolEdit {
	edit: ProposedEdit;
	/** `human`: proposed by the person as optimiser; `person`: changed by them in a review. */
	source: 'failure' | 'success' | 'human' | 'person';
}

/** One analyst call's contribution. */
export interface AnalysisRecord {
	kind: 'failure' | 'success';
	itemIds: string[];
	failures: { type: string; count: number; description: string }[];
	edits: ProposedEdit[];
	ok: boolean;
}

/** How a candidate fared on val. */
export interface ValEvaluation {
	/** `cached`: the score cache knew the skill; `complete`: all items; `early_reject`: stopped. */
	status: 'cached' | 'complete' | 'early_reject';
	/** Exact split score when known. */
	split?: SplitScore;
	/** Exact gate score when known. */
	score?: number;
	/** The best gate score still reachable (equals `score` when known). */
	upperBound: number;
	evaluated: number;
	total: number;
	saved: number;
	/** Executor calls actually made (cached item results cost none). */
	rollouts: number;
	/** Per val item, in evaluation order (format v2; absent in v1 records and cached scores). */
	items?: ValItem[];
	/** "rejected after k of N items: at most X reachable, current Y", or the full score line. */
	record: string;
}

export type StepAction = GateAction | 'skip_no_patches';

/** The record of one step (or of a slow update) for the step table and the history. */
export interface StepRecord {
	/** 1-based over the run; slow updates carry the index of the step they follow. */
	index: number;
	epoch: number;
	/** 1-based within the epoch; 0 for an epoch-boundary record. */
	stepInEpoch: number;
	kind: 'step' | 'slow-update';
	batch: string[];
	/** Mean hard/soft of the step's train rollouts. */
	rollout: { hard: number; soft: number; n: number; failed: number };
	analyses: { calls: number; ok: number; edits: number };
	proposed: number;
	merged: number;
	budget: number;
	ranked: ProposedEdit[];
	reports: EditReport[];
	applied: number;
	candidateHash?: string;
	evaluation?: ValEvaluation;
	action: StepAction;
	reason: string;
	/** Gate scores after the step. */
	currentScore: number;
	bestScore: number;
	failures: StageFailure[];
	warnings: string[];
	rollouts: { train: number; val: number };
	optimiserCalls: number;
	/** What the run view shows (format v2). */
	detail?: StepDetail;
}

/** One buffer entry: what a step tried and how it went, for later analysts in the epoch. */
export interface BufferEntry {
	step: number;
	action: StepAction;
	failed: number;
	total: number;
	patterns: { label: string; count: number }[];
	/** Applied edits of a rejected candidate, with the val score drop (or its bound). */
	rejected: { edit: ProposedEdit; scoreDrop: number }[];
	/** Edits that did not apply, with the reason (so the optimiser learns to address lines). */
	unapplied: { edit: ProposedEdit; reason: string }[];
	/** The gate's record line. */
	record: string;
}

/** A skill the run holds as current or best, with its gate score on val. */
export interface HeldSkill {
	text: string;
	hash: string;
	score: number;
	split: SplitScore;
	/** Where it came from: 'seed', 'step 7', 'slow update after epoch 2', ... */
	origin: string;
	/** False when the score was carried over (the empty slow block, a forced slow update). */
	measured: boolean;
	/** The skill whose per-item val results stand for this one's (for evaluation order). */
	resultsHash: string;
}

/** Work of the step or epoch boundary in progress, kept between its stages. */
export interface StepWork {
	batch: string[];
	rollouts: ItemRun[];
	/** Per rollout: whether it came from the cache. */
	rolloutCached: boolean[];
	analyses: AnalysisRecord[];
	pool: PoolEdit[];
	merged: PoolEdit[];
	budget: number;
	ranked: PoolEdit[];
	failures: StageFailure[];
	warnings: string[];
	optimiserCalls: number;
	rolloutsTrain: number;
	/** The slow update's candidate guidance, between its call and its gate. */
	guidance?: string;
	/** Comparison items of the slow update (ids), reused by the meta skill. */
	comparison?: string[];
	/** The skill those items were compared under (the epoch's last, before the slow update). */
	comparedSkill?: string;
	/** The empty protected block's insertion (epoch 1), for the epoch record. */
	slowBlock?: { before: SkillText; after: SkillText };
	/** The person's review before the gate (`ranked` is already the reviewed list). */
	review?: ReviewRecord;
}

export type StepStage = 'rollout' | 'reflect' | 'merge' | 'select' | 'propose' | 'validate';
export type EpochStage = 'slow-block' | 'slow-update' | 'slow-gate' | 'meta-skill';

/** Where the run stands: the next stage to run. */
export type Cursor =
	| { at: 'baseline' }
	| { at: 'step'; epoch: number; step: number; stage: StepStage }
	| { at: 'epoch-end'; epoch: number; stage: EpochStage }
	| { at: 'final'; stage: 'promote' | 'test' }
	| { at: 'done' };

/** Test scores at the end. */
export interface FinalEvaluation {
	seed?: SplitScore;
	best?: SplitScore;
	final?: SplitScore;
	promoted: boolean;
}

/** Totals for the run panel and the benchmark. */
export interface RunCounters {
	rollouts: { train: number; val: number; test: number; slow: number; cached: number };
	/** Val rollouts not spent thanks to early rejection. */
	valSaved: number;
	optimiserCalls: number;
	promptTokens: number;
	completionTokens: number;
}

/** What happened at an epoch boundary, beyond the slow update's own record. */
export interface EpochRecord {
	/** Format v2: tells epoch records from step records in the run's record log. */
	kind: 'epoch';
	epoch: number;
	/** The skill's origin and gate score when the epoch closed. */
	currentScore: number;
	bestScore: number;
	slowBlockAdded: boolean;
	slowUpdate: 'accepted' | 'rejected' | 'forced' | 'failed' | 'skipped' | 'none';
	metaSkill: string;
	/** The meta skill in use during the epoch (what `metaSkill` replaces for the next one). */
	previousMetaSkill: string;
	/** The skill before and after the empty protected block was added (epoch 1). */
	slowBlock?: { before: SkillText; after: SkillText };
	failures: StageFailure[];
	warnings: string[];
}

/** One entry of a run's record log: a step, a slow update, or an epoch's close. */
export type LogRecord = StepRecord | EpochRecord;

/** Counts over the run's records, so summaries need not keep the records themselves. */
export interface RunTally {
	/** Training steps recorded (slow updates not included). */
	steps: number;
	/** How many step and slow-update records ended with each action. */
	actions: Record<string, number>;
	stageFailures: number;
	/** The epoch in progress. */
	epoch: { accepted: number; rejected: number; skipped: number; slow?: StepAction };
}

/** Everything a run is; handed to `onSnapshot` after every stage. */
export interface RunSnapshot {
	format: typeof RUN_SNAPSHOT_FORMAT;
	config: LoopConfig;
	/** What the optimiser was: a chat model's stages, or another edit source (a person). */
	editSourceKind: string;
	cursor: Cursor;
	seed: HeldSkill;
	current: HeldSkill;
	best: HeldSkill & { step: number };
	schedule: ScheduleState;
	scoreCache: ScoreCacheData;
	/** `${skillHash}|${itemId}` → result. */
	items: Record<string, ItemRun>;
	history: ItemHistory;
	buffer: BufferEntry[];
	/** The meta skill in use this epoch (optimiser-only memory) and the one written for the next. */
	metaSkill: string;
	nextMetaSkill: string;
	/** The skill at the end of the previous epoch, for the slow update's comparison. */
	previousEpochSkill: string;
	work: StepWork;
	/**
	 * Records finished by the stage this snapshot follows (at most a few): the caller stores them
	 * with the snapshot. Earlier records are not repeated, so a snapshot's size does not grow with
	 * the run's length.
	 */
	newRecords: LogRecord[];
	/** Records written so far, `newRecords` included (a step's storage position is its count). */
	recorded: number;
	/**
	 * The run's item log: every executor result computed since records were last handed out, by
	 * `itemKey`. The caller stores these once, with the next `newRecords` (the snapshot after a
	 * stage that finished records holds the results that go with them), and hands them back as
	 * `knownItems` on resume, so a result is never paid for twice although `items` is pruned.
	 * Absent in snapshots written before the item log (format v2 still; it reads as empty).
	 */
	newItems?: Record<string, ItemRun>;
	tally: RunTally;
	final: FinalEvaluation;
	counters: RunCounters;
}

/** Empty step work. */
export function emptyWork(batch: string[] = []): StepWork {
	return {
		batch,
		rollouts: [],
		rolloutCached: [],
		analyses: [],
		pool: [],
		merged: [],
		budget: 0,
		ranked: [],
		failures: [],
		warnings: [],
		optimiserCalls: 0,
		rolloutsTrain: 0
	};
}

/** Key of the per-item result cache. */
export function itemKey(skillHash: string, itemId: string): string {
	return `${skillHash}|${itemId}`;
}
