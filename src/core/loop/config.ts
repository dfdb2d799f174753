/**
 * The training run's settings, with this project's browser-scaled defaults (method doc, section
 * P): 3 epochs, batches of 8, analyst minibatches of 4, an edit budget decaying 3 → 1 by cosine,
 * slow updates gated on val, greedy executor calls with a fixed seed.
 *
 * A resolved config is plain data and is stored in every run snapshot, so a resumed run uses the
 * settings it started with, whatever the defaults have become since.
 */
import { DEFAULT_GATE_CONFIG, type GateConfig } from '../gate/index.ts';
import type { TaskPack } from '../packs/types.ts';
import { SCHEDULE_KINDS, isScheduleKind, type ScheduleKind } from '../schedule.ts';

/** Everything a run needs to know; `resolveConfig` fills what a caller leaves out. */
export interface LoopConfig {
	/** The task pack, with its splits. Stored in the snapshot so a run is self-contained. */
	pack: TaskPack;
	/** The skill the run starts from (default: the pack's initial skill). */
	initialSkill: string;
	/** Drives every shuffle and sample (through named forks, see `random.ts`). */
	seed: number;
	epochs: number;
	/** Train items rolled out per step. */
	batchSize: number;
	/** Use only the first N train items (0 = all of the train split). */
	trainItems: number;
	/** Trajectories per analyst call (the reference's M). */
	minibatchSize: number;
	/** Analyst patches combined per merge call (at least 2), as the reference's merge_batch_size. */
	mergeBatchSize: number;
	/** Success-analyst calls per step at most (they rarely find a missing rule; they cost calls). */
	maxSuccessMinibatches: number;
	/** Analyse failures only. */
	failureOnly: boolean;
	/** The edit budget ("learning rate"); `totalSteps` is derived. */
	schedule: { kind: ScheduleKind; max: number; min: number };
	gate: GateConfig;
	slowUpdate: {
		enabled: boolean;
		/** Train items rolled out with the previous and the current epoch's skill. */
		samples: number;
		/** Gate the rewritten block on val (default) or force it in (`false`, the reference's default). */
		gated: boolean;
	};
	metaSkill: { enabled: boolean };
	executor: {
		model?: string;
		temperature: number;
		seed: number;
		/** Default: the pack's `generation.maxTokens`. */
		maxTokens: number;
	};
	optimiser: {
		model?: string;
		temperature: number;
		seed: number;
		/** Output tokens per optimiser call. */
		maxTokens: number;
	};
	prompts: {
		/** Characters of an item's question shown to an analyst. */
		questionChars: number;
		/** Characters of the model's answer shown (its tail, where the answer line is). */
		answerChars: number;
		/** Previous steps of the buffer shown to analysts. */
		bufferSteps: number;
		/** Rejected edits listed per buffer step. */
		bufferEditsPerStep: number;
	};
	/** Evaluate seed, best and final skills on the test split at the end. */
	evalTest: boolean;
}

/** What a caller passes: the pack, and any settings to override. */
export type LoopConfigInput = { pack: TaskPack } & {
	[K in Exclude<keyof LoopConfig, 'pack'>]?: LoopConfig[K] extends object
		? Partial<LoopConfig[K]>
		: LoopConfig[K];
};

/** The defaults, apart from the pack-dependent ones. */
export const LOOP_DEFAULTS = {
	seed: 1,
	epochs: 3,
	batchSize: 8,
	trainItems: 40,
	minibatchSize: 4,
	mergeBatchSize: 8,
	maxSuccessMinibatches: 1,
	failureOnly: false,
	schedule: { kind: 'cosine', max: 3, min: 1 },
	slowUpdate: { enabled: true, samples: 8, gated: true },
	metaSkill: { enabled: true },
	executor: { temperature: 0, seed: 0 },
	optimiser: { temperature: 0, seed: 0, maxTokens: 400 },
	prompts: { questionChars: 500, answerChars: 300, bufferSteps: 3, bufferEditsPerStep: 3 },
	evalTest: true
} as const;

function positiveInt(value: unknown, name: string, min = 1): void {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
		throw new RangeError(`${name} must be a whole number ≥ ${min} (got ${String(value)})`);
	}
}

/**
 * A complete config: the pack's gate settings over the gate defaults, then the caller's
 * overrides over everything.
 *
 * @throws RangeError on a setting out of range (epochs < 1, mergeBatchSize < 2, ...).
 * @example resolveConfig({ pack, epochs: 2 }).batchSize // 8
 */
export function resolveConfig(input: LoopConfigInput): LoopConfig {
	const d = LOOP_DEFAULTS;
	const pack = input.pack;
	const config: LoopConfig = {
		pack,
		initialSkill: input.initialSkill ?? pack.initialSkill,
		seed: input.seed ?? d.seed,
		epochs: input.epochs ?? d.epochs,
		batchSize: input.batchSize ?? d.batchSize,
		trainItems: input.trainItems ?? d.trainItems,
		minibatchSize: input.minibatchSize ?? d.minibatchSize,
		mergeBatchSize: input.mergeBatchSize ?? d.mergeBatchSize,
		maxSuccessMinibatches: input.maxSuccessMinibatches ?? d.maxSuccessMinibatches,
		failureOnly: input.failureOnly ?? d.failureOnly,
		schedule: { ...d.schedule, ...input.schedule },
		gate: { ...DEFAULT_GATE_CONFIG, ...pack.gate, ...input.gate },
		slowUpdate: { ...d.slowUpdate, ...input.slowUpdate },
		metaSkill: { ...d.metaSkill, ...input.metaSkill },
		executor: { ...d.executor, maxTokens: pack.generation.maxTokens, ...input.executor },
		optimiser: { ...d.optimiser, ...input.optimiser },
		prompts: { ...d.prompts, ...input.prompts },
		evalTest: input.evalTest ?? d.evalTest
	};
	checkConfig(config);
	return config;
}

type Loose<T> = { [K in keyof T]?: T[K] extends object ? Loose<T[K]> | null : T[K] | null };

/**
 * The checks a run's settings must pass, on start and again on resume (a stored snapshot is
 * data from outside: `mergeBatchSize: 1` there would spin the merge loop forever).
 *
 * @throws RangeError naming the first bad setting.
 * @example checkConfig(snapshot.config) // throws 'mergeBatchSize must be a whole number ≥ 2 (got 1)'
 */
export function checkConfig(value: unknown): asserts value is LoopConfig {
	if (typeof value !== 'object' || value === null) throw new RangeError('the config is missing');
	const config = value as Loose<LoopConfig>;
	positiveInt(config.epochs, 'epochs');
	positiveInt(config.batchSize, 'batchSize');
	positiveInt(config.trainItems, 'trainItems', 0);
	positiveInt(config.minibatchSize, 'minibatchSize');
	positiveInt(config.mergeBatchSize, 'mergeBatchSize', 2);
	positiveInt(config.maxSuccessMinibatches, 'maxSuccessMinibatches', 0);
	const schedule = config.schedule ?? {};
	if (!isScheduleKind(schedule.kind)) {
		throw new RangeError(
			`schedule.kind must be one of ${SCHEDULE_KINDS.join(', ')} (got ${JSON.stringify(schedule.kind) ?? 'nothing'})`
		);
	}
	positiveInt(schedule.max, 'schedule.max');
	positiveInt(schedule.min, 'schedule.min');
	positiveInt(config.slowUpdate?.samples, 'slowUpdate.samples');
	positiveInt(config.optimiser?.maxTokens, 'optimiser.maxTokens');
	positiveInt(config.executor?.maxTokens, 'executor.maxTokens');
	if ((schedule.min ?? 0) > (schedule.max ?? 0)) {
		throw new RangeError('schedule.min must not exceed schedule.max');
	}
	const splits = config.pack?.splits;
	if (!Array.isArray(splits?.val) || splits.val.length === 0) {
		throw new RangeError('the pack has no val items to gate on');
	}
	if (!Array.isArray(splits.train) || trainIds(config as LoopConfig).length === 0) {
		throw new RangeError('the pack has no train items');
	}
	if (!Array.isArray(splits.test)) throw new RangeError('the pack has no test split');
}

/** The train item ids the run uses, in split order. */
export function trainIds(config: LoopConfig): string[] {
	const ids = config.pack.splits.train.map((item) => item.id);
	return config.trainItems > 0 ? ids.slice(0, config.trainItems) : ids;
}

/** Steps per epoch: one pass over the train items in batches. */
export function stepsPerEpoch(config: LoopConfig): number {
	return Math.ceil(trainIds(config).length / config.batchSize);
}

/** Steps in the whole run: the schedule's `totalSteps`. */
export function totalSteps(config: LoopConfig): number {
	return config.epochs * stepsPerEpoch(config);
}
