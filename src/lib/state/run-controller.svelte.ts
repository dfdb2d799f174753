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
import { resolveConfig } from '../../core/loop/config.ts';
import { estimateCalls, type CallEstimate } from '../../core/loop/estimate.ts';
import { isEpochRecord } from '../../core/loop/record-log.ts';
import {
	createHumanEditSource,
	type EditRequest,
	type EditSource
} from '../../core/loop/edit-source.ts';
import type { ProposedEdit } from '../../core/optimiser-io.ts';
import type { LoopConfigInput } from '../../core/loop/config.ts';
import type { LoopEvent } from '../../core/loop/events.ts';
import type {
	Cursor,
	EpochRecord,
	ItemRun,
	LogRecord,
	RunCounters,
	RunSnapshot,
	StepRecord
} from '../../core/loop/state.ts';
import type { RunSummary } from '../../core/loop/summary.ts';
import type { ScheduleKind } from '../../core/schedule.ts';
import type { ReviewChange, ReviewPort, ReviewRequest } from '../../core/loop/review.ts';
import type { StageBoundary } from '../../core/loop/trainer.ts';
import type { SignalLike } from '../../core/ports.ts';
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
	/**
	 * "Pause after each stage" (step mode): the run waits after every stage, and before each
	 * gate the person may drop or rewrite a kept edit. Set it with `setStepMode` (lesson links).
	 */
	stepMode: boolean;
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
	proposer: 'model',
	stepMode: false
};

export type RunStatus = 'idle' | 'running' | 'stopping' | 'stopped' | 'finished' | 'failed';

/** Where a paused run waits: between two stages, or before the gate with the kept edits. */
export type RunPause =
	| { kind: 'stage'; after: Cursor; next: Cursor; snapshot: RunSnapshot }
	| { kind: 'review'; request: ReviewRequest; snapshot: RunSnapshot | null };

export interface StartRequest {
	pack: TaskPack;
	skill: string;
	executor: ChatEngine;
	/** The optimiser model, or a source of edits such as the person (see `humanSource`). */
	optimiser: ChatEngine | EditSource;
	engineLabel: string;
	predicates?: PredicateRunner;
	/**
	 * The settings to train with instead of the panel's (a rerun with one setting changed); the
	 * panel keeps what the person set.
	 */
	settings?: RunSettings;
	resumeFrom?: RunSnapshot;
	/** The records a resumed run had logged before (from storage). */
	records?: LogRecord[];
	/** A resumed run's item log (from storage), so it never pays twice for a result. */
	knownItems?: Record<string, ItemRun>;
	/** Start paused: the first stage runs, then the run waits (it was paused before a reload). */
	paused?: boolean;
	/** Told when the person pauses the run, resumes it, or it ends (to survive a reload). */
	onPauseChange?: (paused: boolean) => void;
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
	#records = $state.raw<LogRecord[]>([]);
	#counters = $state.raw<RunCounters | null>(null);
	#estimate = $state.raw<CallEstimate | null>(null);
	#pack = $state.raw<TaskPack | null>(null);
	/** When the run (this session of it) started, and when each model call answered (ms). */
	#startedAt = $state(0);
	#callTimes = $state.raw<number[]>([]);
	#callsDone = $state(0);
	#paceMs = $state<number | null>(null);
	#callsBefore = 0;
	#now = $state(0);
	#ticker: ReturnType<typeof setInterval> | null = null;
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
	#pauseRequested = $state(false);
	#pause = $state.raw<RunPause | null>(null);
	#release: ((changes: ReviewChange[]) => void) | null = null;
	#lastSnapshot: RunSnapshot | null = null;
	#runSettings = $state.raw<RunSettings | null>(null);
	#onPauseChange: ((paused: boolean) => void) | null = null;

	get status(): RunStatus {
		return this.#status;
	}
	/** The settings the current (or last) run trains with: the panel's, or a rerun's own. */
	get runSettings(): RunSettings {
		return this.#runSettings ?? this.settings;
	}
	/** Step and slow-update records, in order. */
	get steps(): StepRecord[] {
		return this.#records.filter((r): r is StepRecord => !isEpochRecord(r));
	}
	/** Every record of the run: steps, slow updates and epoch closes. */
	get records(): LogRecord[] {
		return this.#records;
	}
	get epochs(): EpochRecord[] {
		return this.#records.filter(isEpochRecord);
	}
	/** The run's counters as of its latest snapshot (rollouts spent, saved...). */
	get counters(): RunCounters | null {
		return this.#counters;
	}
	/** The pack of the current run (prompts are re-rendered from it). */
	get pack(): TaskPack | null {
		return this.#pack;
	}
	/** Model calls the run's settings imply (at most), once it started. */
	get estimate(): CallEstimate | null {
		return this.#estimate;
	}
	/** Model calls answered since this session of the run started. */
	/** Milliseconds per model call at the recent pace (kept after the run, for the next estimate). */
	get paceMs(): number | null {
		return this.#paceMs;
	}
	get callsDone(): number {
		return this.#callsBefore + this.#callsDone;
	}
	/** Milliseconds since this session of the run started (0 when idle). */
	get elapsedMs(): number {
		return this.active ? Math.max(0, this.#now - this.#startedAt) : 0;
	}
	/**
	 * Milliseconds left, from the recent calls' pace times the calls still to come at most; null
	 * before enough calls to tell.
	 */
	get etaMs(): number | null {
		const estimate = this.#estimate;
		const perCall = this.#paceMs;
		if (!this.active || estimate === null || perCall === null || this.#callTimes.length < 5)
			return null;
		return Math.max(0, estimate.total - this.callsDone) * perCall;
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

	/** The stage boundary or review the run waits at (step mode or Pause), or null. */
	get pause(): RunPause | null {
		return this.#pause;
	}
	/** Pause was pressed: the run waits once the stage in progress finishes. */
	get pauseRequested(): boolean {
		return this.#pauseRequested;
	}

	/** Step mode on or off (also while a run goes: it takes effect at the next boundary). */
	setStepMode(on: boolean): void {
		this.settings.stepMode = on;
	}

	/** Finish the stage in progress, then wait (Resume or Next stage goes on). */
	pauseRun(): void {
		if (!this.active) return;
		this.#pauseRequested = true;
		this.#onPauseChange?.(true);
	}

	/**
	 * Run the next stage, then wait again. At the review, `changes` are the person's changes of
	 * the kept edits (none: the optimiser's list goes to the gate as it is).
	 */
	nextStage(changes: ReviewChange[] = []): void {
		if (this.#release === null) return;
		if (!this.settings.stepMode) this.#pauseRequested = true;
		this.#go(changes);
	}

	/** Go on without pausing again (step mode off). */
	resumeRun(changes: ReviewChange[] = []): void {
		this.#pauseRequested = false;
		this.settings.stepMode = false;
		this.#onPauseChange?.(false);
		if (this.#release !== null) this.#go(changes);
	}

	#go(changes: ReviewChange[]): void {
		const release = this.#release;
		this.#release = null;
		this.#pause = null;
		release?.(changes);
	}

	#shouldPause(): boolean {
		return this.settings.stepMode || this.#pauseRequested;
	}

	/** Waits until Next stage / Resume, or rejects when the run is stopped. */
	#wait(pause: RunPause, signal: SignalLike | undefined): Promise<ReviewChange[]> {
		return new Promise<ReviewChange[]>((resolve, reject) => {
			const onAbort = () => {
				this.#release = null;
				this.#pause = null;
				reject(signal?.reason ?? new DOMException('The run was stopped.', 'AbortError'));
			};
			if (signal?.aborted) return onAbort();
			signal?.addEventListener('abort', onAbort, { once: true });
			this.#pause = pause;
			this.#release = (changes) => {
				signal?.removeEventListener('abort', onAbort);
				resolve(changes);
			};
		});
	}

	/** The loop's hold between stages: waits in step mode or after Pause. */
	#hold(runId: number, signal: SignalLike) {
		return async (boundary: StageBoundary): Promise<void> => {
			if (runId !== this.#runId || !this.#shouldPause()) return;
			await this.#wait({ kind: 'stage', ...boundary }, signal);
		};
	}

	/** The loop's review port: the pause before the gate, with the kept edits. */
	#reviewPort(runId: number): ReviewPort {
		return {
			review: async (request, signal) => {
				if (runId !== this.#runId || !this.#shouldPause()) return { changes: [] };
				const changes = await this.#wait(
					{ kind: 'review', request, snapshot: this.#lastSnapshot },
					signal
				);
				return { changes };
			}
		};
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
		const pause = this.#pause;
		if (pause !== null)
			return pause.kind === 'review'
				? `before the gate of step ${pause.request.step}`
				: `after ${cursorText(pause.after)}`;
		const cursor = this.#cursor;
		if (!cursor) return '';
		return `${cursorText(cursor)}${this.#pauseRequested ? ' (pausing after this stage)' : ''}`;
	}

	/** The loop config for these settings (exported for tests and run records). */
	configFor(pack: TaskPack, skill: string, s: RunSettings = this.settings): LoopConfigInput {
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
		this.#pack = request.pack;
		this.#pause = null;
		this.#release = null;
		this.#pauseRequested = request.paused === true;
		this.#onPauseChange = request.onPauseChange ?? null;
		this.#lastSnapshot = request.resumeFrom ?? null;
		this.#callTimes = [];
		this.#callsDone = 0;
		const before = request.resumeFrom?.counters;
		this.#callsBefore = before
			? before.optimiserCalls +
				before.rollouts.train +
				before.rollouts.val +
				before.rollouts.test +
				before.rollouts.slow
			: 0;
		this.#startedAt = performance.now();
		this.#now = this.#startedAt;
		this.#ticker ??= setInterval(() => (this.#now = performance.now()), 1000);
		this.#runSettings = request.settings ?? $state.snapshot(this.settings);
		const loopConfig = this.configFor(request.pack, request.skill, request.settings);
		const config = request.resumeFrom?.config ?? resolveConfig(loopConfig);
		this.#estimate = estimateCalls(config);
		if (!request.resumeFrom) {
			this.#records = [];
			this.#cursor = null;
			this.#counters = null;
		} else {
			this.#records = request.records ?? [];
			this.#cursor = request.resumeFrom.cursor;
			this.#counters = request.resumeFrom.counters;
		}
		const store = request.onSnapshot;
		// Saves are chained so they land in order, and never make the run wait on a failure.
		let saving: Promise<void> = Promise.resolve();
		const onSnapshot = (snapshot: RunSnapshot) => {
			if (runId === this.#runId) {
				this.#counters = snapshot.counters;
				this.#lastSnapshot = snapshot;
			}
			if (!store) return Promise.resolve();
			saving = saving
				.then(() => store(snapshot))
				.catch((error: unknown) => {
					if (runId === this.#runId) this.#saveError = describe(error);
				});
			return saving;
		};
		const onEvent = (event: LoopEvent) => {
			if (runId === this.#runId) this.#apply(event);
		};
		try {
			const result = await // The training loop loads with the first run, not at first paint.
			(
				await import('../../core/loop/trainer.ts')
			).runOptimization(
				loopConfig,
				{
					executor: request.executor,
					optimiser: request.optimiser,
					hasher: browserHasher,
					review: this.#reviewPort(runId),
					...(request.predicates ? { predicates: request.predicates } : {})
				},
				{
					signal: controller.signal,
					hold: this.#hold(runId, controller.signal),
					onEvent,
					...(request.resumeFrom ? { resumeFrom: request.resumeFrom } : {}),
					...(request.knownItems ? { knownItems: request.knownItems } : {}),
					onSnapshot
				}
			);
			if (runId !== this.#runId) return;
			this.#summary = result.summary;
			this.#bestSkill = result.bestSkill;
			this.#counters = result.snapshot.counters;
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
			if (runId === this.#runId) {
				this.#controller = null;
				this.#pause = null;
				this.#release = null;
				this.#pauseRequested = false;
				// Ended (finished, failed or stopped): a later resume is the person's choice again.
				this.#onPauseChange?.(false);
				this.#onPauseChange = null;
				if (this.#ticker !== null) clearInterval(this.#ticker);
				this.#ticker = null;
			}
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

	/** A model call answered: counted, and its time kept (the last 40) for the pace. */
	#called(): void {
		this.#callsDone++;
		const recent = [...this.#callTimes.slice(-39), performance.now()];
		this.#callTimes = recent;
		if (recent.length >= 2) {
			const first = recent[0] ?? 0;
			const last = recent.at(-1) ?? 0;
			this.#paceMs = (last - first) / (recent.length - 1);
		}
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
				if (!event.cached) {
					this.#rollouts++;
					this.#called();
				}
				break;
			case 'optimiser:called':
				this.#called();
				break;
			case 'step:finished':
				this.#records = [
					...this.#records.filter((s) => isEpochRecord(s) || !sameRecord(s, event.record)),
					event.record
				];
				break;
			case 'epoch:finished':
				this.#records = [
					...this.#records.filter((s) => !isEpochRecord(s) || s.epoch !== event.epoch),
					event.record
				];
				break;
			case 'run:finished':
				this.#summary = event.summary;
				break;
			default:
				break;
		}
	}
}

/** "epoch 2 · step 3 · rank": a stage of the run, in words. */
export function cursorText(cursor: Cursor): string {
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
