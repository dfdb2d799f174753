/**
 * Drives one training run from the UI: builds the loop config from the panel's settings, runs
 * the core's `runOptimization` on the main thread against the model worker, and keeps what the
 * panel shows — stage, step records, scores, the best skill — as reactive state.
 *
 * The loop itself is the core's; this class only adapts events to state. Superseded runs are
 * ignored by run id (a stopped run's late events never reach the table). Snapshots are handed to
 * `onSnapshot` for the persistence layer to store.
 */
import { getContext, setContext } from 'svelte';
import { runOptimization } from '../../core/loop/trainer.ts';
import {
	createHumanEditSource,
	type EditRequest,
	type EditSource
} from '../../core/loop/edit-source.ts';
import type { ProposedEdit } from '../../core/optimiser-io.ts';
import type { LoopConfigInput } from '../../core/loop/config.ts';
import type { LoopEvent } from '../../core/loop/events.ts';
import type { Cursor, RunSnapshot, StepRecord } from '../../core/loop/state.ts';
import type { RunSummary } from '../../core/loop/summary.ts';
import type { ScheduleKind } from '../../core/schedule.ts';
import type { GateMetric, PredicateRunner, TaskPack } from '../../core/packs/types.ts';
import type { ChatEngine } from '../../core/ports.ts';
import { browserHasher } from '../platform.ts';
import { errorMessage } from '../../core/errors.ts';

/** The settings the run panel offers; everything else uses the loop's defaults. */
export interface RunSettings {
	epochs: number;
	batchSize: number;
	seed: number;
	gateEnabled: boolean;
	metric: GateMetric;
	minDeltaItems: number;
	schedule: ScheduleKind;
	budgetMax: number;
	budgetMin: number;
	/** Who proposes the edits: the optimiser model's stages, or the person at the keyboard. */
	proposer: 'model' | 'me';
}

export const DEFAULT_RUN_SETTINGS: RunSettings = {
	epochs: 3,
	batchSize: 8,
	seed: 1,
	gateEnabled: true,
	metric: 'hard',
	minDeltaItems: 1,
	schedule: 'cosine',
	budgetMax: 3,
	budgetMin: 1,
	proposer: 'model'
};

export type RunStatus = 'idle' | 'running' | 'stopping' | 'stopped' | 'finished' | 'failed';

export interface StartRequest {
	pack: TaskPack;
	skill: string;
	executor: ChatEngine;
	/** The optimiser model, or a source of edits such as the person (see `humanSource`). */
	optimiser: ChatEngine | EditSource;
	engineLabel: string;
	predicates?: PredicateRunner;
	resumeFrom?: RunSnapshot;
	/** Stores each snapshot (persistence); a failure is shown, and the run goes on in memory. */
	onSnapshot?: (snapshot: RunSnapshot) => Promise<void>;
	/** Called with the best skill just before the status turns 'finished' (the editor takes it). */
	onFinished?: (bestSkill: string) => void;
	/** Told how the run ended, after the fact (persistence records it). */
	onEnd?: (end: RunEnd) => Promise<void>;
}

export interface RunEnd {
	status: 'finished' | 'stopped' | 'failed';
	summary: RunSummary | null;
	error: string | null;
	/** The model went away under the run (GPU device lost, engine unloaded): it can be resumed. */
	engineLost: boolean;
	bestSkill: string | null;
}

export class RunController {
	settings = $state<RunSettings>({ ...DEFAULT_RUN_SETTINGS });
	#status = $state<RunStatus>('idle');
	#steps = $state.raw<StepRecord[]>([]);
	#cursor = $state.raw<Cursor | null>(null);
	#totalSteps = $state(0);
	#rollouts = $state(0);
	#summary = $state.raw<RunSummary | null>(null);
	#bestSkill = $state<string | null>(null);
	#error = $state<string | null>(null);
	#engineLost = $state(false);
	#saveError = $state<string | null>(null);
	#engineLabel = $state('');
	#resumed = $state(false);
	#editRequest = $state.raw<EditRequest | null>(null);
	#answerEdits: ((edits: ProposedEdit[]) => void) | null = null;
	#controller: AbortController | null = null;
	#runId = 0;

	get status(): RunStatus {
		return this.#status;
	}
	get steps(): StepRecord[] {
		return this.#steps;
	}
	get cursor(): Cursor | null {
		return this.#cursor;
	}
	get totalSteps(): number {
		return this.#totalSteps;
	}
	get rollouts(): number {
		return this.#rollouts;
	}
	get summary(): RunSummary | null {
		return this.#summary;
	}
	get bestSkill(): string | null {
		return this.#bestSkill;
	}
	get error(): string | null {
		return this.#error;
	}
	/** The run failed because the model went away; it is paused and can be resumed. */
	get engineLost(): boolean {
		return this.#engineLost;
	}
	/** Why the run could not be saved (it still runs, in memory only). */
	get saveError(): string | null {
		return this.#saveError;
	}
	get engineLabel(): string {
		return this.#engineLabel;
	}
	/** The step waiting for the person's edits (human-as-optimiser runs), or null. */
	get editRequest(): EditRequest | null {
		return this.#editRequest;
	}

	/**
	 * An edit source that shows each step's evidence to the person and waits for their edits;
	 * the gate judges them like any other. Stopping the run ends the wait.
	 */
	humanSource(): EditSource {
		return createHumanEditSource(
			(request, signal) =>
				new Promise<ProposedEdit[]>((resolve, reject) => {
					const onAbort = () => {
						this.#editRequest = null;
						this.#answerEdits = null;
						reject(signal?.reason ?? new DOMException('The run was stopped.', 'AbortError'));
					};
					if (signal?.aborted) return onAbort();
					signal?.addEventListener('abort', onAbort, { once: true });
					this.#editRequest = request;
					this.#answerEdits = (edits) => {
						signal?.removeEventListener('abort', onAbort);
						this.#editRequest = null;
						this.#answerEdits = null;
						resolve(edits);
					};
				})
		);
	}

	/** Hand the person's edits to the waiting step (an empty list skips the step). */
	submitEdits(edits: ProposedEdit[]): void {
		this.#answerEdits?.(edits);
	}

	/** Whether the current run continued from a stored snapshot. */
	get resumed(): boolean {
		return this.#resumed;
	}
	get active(): boolean {
		return this.#status === 'running' || this.#status === 'stopping';
	}
	/** "epoch 2 · step 3 · rank", for the status line. */
	get stageText(): string {
		const cursor = this.#cursor;
		if (!cursor) return '';
		switch (cursor.at) {
			case 'baseline':
				return 'scoring the seed skill on val';
			case 'step':
				return `epoch ${cursor.epoch} · step ${cursor.step} · ${cursor.stage}`;
			case 'epoch-end':
				return `end of epoch ${cursor.epoch} · ${cursor.stage}`;
			case 'final':
				return `final evaluation · ${cursor.stage}`;
			case 'done':
				return 'done';
		}
	}

	/** The loop config for these settings (exported for tests and run records). */
	configFor(pack: TaskPack, skill: string): LoopConfigInput {
		const s = this.settings;
		return {
			pack,
			initialSkill: skill,
			seed: s.seed,
			epochs: s.epochs,
			batchSize: s.batchSize,
			schedule: { kind: s.schedule, max: s.budgetMax, min: Math.min(s.budgetMin, s.budgetMax) },
			gate: { enabled: s.gateEnabled, metric: s.metric, minDeltaItems: s.minDeltaItems }
		};
	}

	async start(request: StartRequest): Promise<void> {
		if (this.active) return;
		const runId = ++this.#runId;
		const controller = new AbortController();
		this.#controller = controller;
		this.#status = 'running';
		this.#error = null;
		this.#engineLost = false;
		this.#saveError = null;
		this.#summary = null;
		this.#bestSkill = null;
		this.#engineLabel = request.engineLabel;
		this.#resumed = request.resumeFrom !== undefined;
		this.#rollouts = 0;
		if (!request.resumeFrom) {
			this.#steps = [];
			this.#cursor = null;
		} else {
			this.#steps = request.resumeFrom.steps;
			this.#cursor = request.resumeFrom.cursor;
		}
		const store = request.onSnapshot;
		// Saves are chained so they land in order, and never make the run wait on a failure.
		let saving: Promise<void> = Promise.resolve();
		const onSnapshot = store
			? (snapshot: RunSnapshot) => {
					saving = saving
						.then(() => store(snapshot))
						.catch((error: unknown) => {
							if (runId === this.#runId) this.#saveError = describe(error);
						});
					return saving;
				}
			: undefined;
		const onEvent = (event: LoopEvent) => {
			if (runId === this.#runId) this.#apply(event);
		};
		try {
			const result = await runOptimization(
				this.configFor(request.pack, request.skill),
				{
					executor: request.executor,
					optimiser: request.optimiser,
					hasher: browserHasher,
					...(request.predicates ? { predicates: request.predicates } : {})
				},
				{
					signal: controller.signal,
					onEvent,
					...(request.resumeFrom ? { resumeFrom: request.resumeFrom } : {}),
					...(onSnapshot ? { onSnapshot } : {})
				}
			);
			if (runId !== this.#runId) return;
			this.#summary = result.summary;
			this.#bestSkill = result.bestSkill;
			this.#steps = result.snapshot.steps;
			request.onFinished?.(result.bestSkill);
			this.#status = 'finished';
		} catch (error) {
			if (runId !== this.#runId) return;
			if (controller.signal.aborted) {
				this.#status = 'stopped';
			} else {
				this.#status = 'failed';
				this.#error = describe(error);
				this.#engineLost = isEngineLoss(error);
			}
		} finally {
			if (runId === this.#runId) this.#controller = null;
		}
		await saving;
		const status = this.#status;
		if (request.onEnd && (status === 'finished' || status === 'stopped' || status === 'failed')) {
			await request
				.onEnd({
					status,
					summary: this.#summary,
					error: this.#error,
					engineLost: this.#engineLost,
					bestSkill: this.#bestSkill
				})
				.catch((error: unknown) => {
					if (runId === this.#runId) this.#saveError = describe(error);
				});
		}
	}

	stop(): void {
		if (!this.#controller) return;
		this.#status = 'stopping';
		this.#controller.abort();
	}

	#apply(event: LoopEvent): void {
		switch (event.type) {
			case 'run:started':
				this.#totalSteps = event.totalSteps;
				this.#cursor = event.cursor;
				break;
			case 'stage:started':
				this.#cursor = event.cursor;
				break;
			case 'rollout:done':
				if (!event.cached) this.#rollouts++;
				break;
			case 'step:finished':
				this.#steps = [...this.#steps.filter((s) => !sameRecord(s, event.record)), event.record];
				break;
			case 'run:finished':
				this.#summary = event.summary;
				break;
			default:
				break;
		}
	}
}

/**
 * The status a run's record gets when it ends: a stopped run, or one whose model went away,
 * is `paused` (offered for resume) rather than failed.
 */
export function recordedStatus(end: RunEnd): 'finished' | 'failed' | 'paused' {
	if (end.status === 'stopped' || (end.status === 'failed' && end.engineLost)) return 'paused';
	return end.status;
}

/** What the person reads: the message, never the class name ("RangeError: …"). */
function describe(error: unknown): string {
	return errorMessage(error);
}

/**
 * Error names that mean the executor went away or kept failing (the core's `ExecutorError`), not
 * that the run's data is wrong: the last snapshot is valid and the run can go on later.
 */
const ENGINE_LOSS = new Set(['DeviceLostError', 'EngineNotLoadedError', 'ExecutorError']);

/** Whether `error` or one of its causes says the model went away (device lost, unloaded). */
export function isEngineLoss(error: unknown): boolean {
	for (let e = error, depth = 0; e && depth < 6; depth++) {
		if (typeof e !== 'object') return false;
		const { name, message, cause } = e as { name?: unknown; message?: unknown; cause?: unknown };
		if (typeof name === 'string' && ENGINE_LOSS.has(name)) return true;
		if (
			typeof message === 'string' &&
			/device was lost|module has already been disposed/i.test(message)
		)
			return true;
		e = cause;
	}
	return false;
}

function sameRecord(a: StepRecord, b: StepRecord): boolean {
	return a.index === b.index && a.kind === b.kind;
}

const KEY = Symbol('run-controller');

export function createRunController(): RunController {
	return setContext(KEY, new RunController());
}

export function useRunController(): RunController {
	return getContext<RunController>(KEY);
}
