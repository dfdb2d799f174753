/**
 * The scripted engine ("Simulated model"): a deterministic stand-in for a small language model,
 * behind the same `ModelEngine` interface as WebLLM, for tests, benchmarks and machines without
 * WebGPU. It is never presented as a language model.
 *
 * It reads only the request hints, never the prompt wording: as executor it decides from the
 * item's features and the lessons the skill states whether the answer is right and on the
 * contract line (`executor.ts`); as optimiser it answers each stage in that stage's JSON shape
 * (`optimiser.ts`), with the scenario's imperfections (`imperfections.ts`). Latency, slow streams
 * and named pause points make timing-dependent tests wait for states instead of for time.
 */
import type { GenerateRequest, GenerateResult, SignalLike } from '../../../src/core/ports.ts';
import { hash32, unitHash } from '../../../src/core/random.ts';
import { approxTokenCount } from '../../../src/core/text-stats.ts';
import type { CachedModel, LoadProgress, LoadRequest, ModelEngine } from '../engine.ts';
import { CallControl } from './call-control.ts';
import { simulateExecutor, type ExecutorOutcome } from './executor.ts';
import { imperfectEdits, malformed } from './imperfections.ts';
import type { FamilyLessons } from './lesson-types.ts';
import { FAMILY_LESSONS, lessonsFor } from './lessons/index.ts';
import { answerStage, type Draw, type OptimiserHints, type StageOutput } from './optimiser.ts';
import { PauseController, type CallIdentity, type PauseListener } from './pauses.ts';
import { parseScenario, type Scenario } from './scenarios.ts';
import { routeReply, simulateDescription } from './routing.ts';
import { streamPieces, tokenPieces, whitespacePieces } from './stream.ts';

/** What the UI shows for this engine. */
export const SCRIPTED_LABEL = 'Simulated model (scripted, not a language model)';

/** The error a scenario's `errorRate` throws, named so the UI and the loop can branch on it. */
export class SimulatedModelError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SimulatedModelError';
	}
}

/** What the engine decided for its most recent call: for tests, logs and the benchmark. */
export interface CallTrace {
	call: CallIdentity;
	/** Imperfections that fired (`harmful:<lesson>`, `malformed-json:truncated`, ...). */
	fired: string[];
	/** The executor's decision, for executor calls on items. */
	executor?: ExecutorOutcome;
}

const CONTEXT_WINDOW = 4096;
const NO_HINTS_REPLY =
	'This is a scripted simulation, not a language model. It answers only requests that carry ' +
	'task hints (executor items and optimiser stages).';

export class ScriptedEngine implements ModelEngine {
	readonly label = SCRIPTED_LABEL;
	readonly supportsJsonSchema = true;
	readonly scenario: Scenario;
	readonly #lessons: ReadonlyMap<string, FamilyLessons>;
	readonly #pauses: PauseController;
	readonly #active = new Set<CallControl>();
	#lastCall: CallTrace | undefined;

	constructor(scenario: Scenario, lessons: ReadonlyMap<string, FamilyLessons> = FAMILY_LESSONS) {
		this.scenario = scenario;
		this.#lessons = lessons;
		this.#pauses = new PauseController(scenario.pauses);
	}

	/** The decision behind the most recent call that got past its pause points. */
	get lastCall(): CallTrace | undefined {
		return this.#lastCall;
	}

	async load(
		request: LoadRequest,
		onProgress: (progress: LoadProgress) => void,
		signal?: SignalLike
	): Promise<void> {
		signal?.throwIfAborted();
		const what = request.models.join(', ') || 'simulation';
		onProgress({ progress: 0, text: `Preparing ${what} (simulated)`, elapsedSeconds: 0 });
		onProgress({
			progress: 1,
			text: 'Simulation ready: no model weights are downloaded',
			elapsedSeconds: 0,
			etaSeconds: 0
		});
	}

	async generate(
		request: GenerateRequest,
		signal?: SignalLike,
		onTokens?: (batch: string) => void
	): Promise<GenerateResult> {
		const control = new CallControl(signal);
		this.#active.add(control);
		try {
			return await this.#generate(request, control, onTokens);
		} finally {
			this.#active.delete(control);
			control.dispose();
		}
	}

	async #generate(
		request: GenerateRequest,
		control: CallControl,
		onTokens?: (batch: string) => void
	): Promise<GenerateResult> {
		const hints = request.hints;
		const promptTokens = request.messages.reduce((n, m) => n + approxTokenCount(m.content), 0);
		const aborted = (): GenerateResult => ({
			text: '',
			finishReason: 'abort',
			usage: { promptTokens, completionTokens: 0 }
		});
		const call: CallIdentity =
			hints === undefined
				? { role: undefined }
				: hints.role === 'executor' || hints.role === 'router'
					? { role: 'executor', itemId: hints.itemId }
					: hints.role === 'describer'
						? { role: 'optimiser' }
						: { role: 'optimiser', stage: hints.stage };
		if (!(await this.#pauses.checkpoint(call, control))) return aborted();
		if (!(await control.sleep(this.scenario.latencyMs))) return aborted();

		const trace: CallTrace = { call, fired: [] };
		this.#lastCall = trace;
		let pieces: string[];
		if (hints === undefined) {
			pieces = tokenPieces(NO_HINTS_REPLY);
		} else if (hints.role === 'executor') {
			const lastUser = request.messages.findLast((m) => m.role === 'user')?.content;
			const family = lessonsFor(this.#lessons, hints.packId, [hints.itemId]);
			trace.executor = simulateExecutor(hints, this.scenario, family, lastUser);
			pieces = tokenPieces(trace.executor.text);
		} else if (hints.role === 'router') {
			pieces = tokenPieces(routeReply(hints));
		} else if (hints.role === 'describer') {
			pieces = tokenPieces(simulateDescription(hints, this.scenario.seed));
		} else {
			pieces = this.#optimiserPieces(hints, request, trace);
		}

		const slow = this.scenario.slowStream;
		const streamed = await streamPieces(pieces, {
			maxTokens: request.maxTokens,
			stop: request.stop,
			tokenDelayMs:
				slow !== null && call.role !== undefined && slow.roles.includes(call.role)
					? slow.tokenDelayMs
					: 0,
			control,
			onTokens
		});
		return {
			text: streamed.text,
			finishReason: streamed.finishReason,
			usage: { promptTokens, completionTokens: streamed.completionTokens }
		};
	}

	#optimiserPieces(hints: OptimiserHints, request: GenerateRequest, trace: CallTrace): string[] {
		const knobs = this.scenario.optimiser;
		// Seeded per call by its whole input, so a retry with a different prompt draws afresh
		// while a repeated identical call repeats exactly.
		const callKey = [
			this.scenario.seed,
			'optimiser',
			hints.stage,
			hash32(JSON.stringify(hints)),
			hash32(JSON.stringify(request.messages)),
			request.seed ?? ''
		].join('|');
		const draw: Draw = (label) => unitHash(`${callKey}/${label}`);
		if (draw('error') < knobs.errorRate) {
			trace.fired.push('error');
			throw new SimulatedModelError(`simulated optimiser failure in the ${hints.stage} stage`);
		}
		if (draw('whitespace') < knobs.whitespaceUntilMaxTokensRate) {
			trace.fired.push('whitespace-until-max-tokens');
			return whitespacePieces(request.maxTokens + 1);
		}
		const itemIds = hints.items.map((item) => item.id);
		const family = lessonsFor(this.#lessons, hints.packId, itemIds);
		let value: StageOutput = answerStage(hints, family, draw);
		if ('edits' in value) {
			const imperfect = imperfectEdits(value, hints, family, knobs, draw);
			value = imperfect.output;
			trace.fired.push(...imperfect.fired);
		}
		let json = JSON.stringify(value);
		if (draw('malformed') < knobs.malformedJsonRate) {
			const kind = draw('malformed-kind') < 0.5 ? 'truncated' : 'prose';
			trace.fired.push(`malformed-json:${kind}`);
			json = malformed(json, kind);
		}
		return tokenPieces(json);
	}

	async countTokens(text: string): Promise<number> {
		return approxTokenCount(text);
	}

	async contextWindow(): Promise<number> {
		return CONTEXT_WINDOW;
	}

	async interrupt(): Promise<void> {
		for (const control of [...this.#active]) control.cancel();
	}

	async unload(): Promise<void> {
		await this.interrupt();
	}

	async listCached(): Promise<CachedModel[]> {
		return [];
	}

	async deleteCached(): Promise<void> {}

	/** Be told when a pause point is reached. Returns an unsubscribe function. */
	onPause(listener: PauseListener): () => void {
		return this.#pauses.onPause(listener);
	}

	/** Let the call held at pause point `name` go on; false when none is held there. */
	release(name: string): boolean {
		return this.#pauses.release(name);
	}

	/** Pause points currently holding a call. */
	pausedAt(): string[] {
		return this.#pauses.pausedAt();
	}
}

/**
 * Create the scripted engine for a scenario: a declared name (`'default'`, `'clean'`, ...), a
 * scenario object (validated, defaults filled), or nothing for `default`.
 *
 * @example createScriptedEngine('clean').label // 'Simulated model (scripted, not a language model)'
 */
export function createScriptedEngine(
	scenario: unknown = 'default',
	lessons: ReadonlyMap<string, FamilyLessons> = FAMILY_LESSONS
): ScriptedEngine {
	return new ScriptedEngine(parseScenario(scenario), lessons);
}
