/**
 * The interface every engine adapter in the model worker implements: WebLLM, the scripted
 * simulation and OpenAI-compatible endpoints. `workers/llm-api.ts` exposes one of these (chosen
 * at load time) to the main thread through comlink; nothing else in the worker knows which it is.
 */
import type { GenerateRequest, GenerateResult, SignalLike } from '../../src/core/ports.ts';

/** Progress of a model load. WebLLM reports a fraction and stage text, never bytes. */
export interface LoadProgress {
	/** 0..1 */
	progress: number;
	/** Stage text as the engine reports it, e.g. "Fetching param cache[3/24]". */
	text: string;
	/** Seconds since the load started. */
	elapsedSeconds: number;
	/** Seconds left, derived from progress and elapsed time; undefined until it can be estimated. */
	etaSeconds?: number;
}

export interface LoadRequest {
	/** Model ids to load together (executor and optimiser may be two models in one engine). */
	models: string[];
}

export interface CachedModel {
	modelId: string;
	/** Bytes on disk where the engine can tell. */
	sizeBytes?: number;
}

export interface ModelEngine {
	/** What the UI shows; the scripted engine says it is a simulation. */
	readonly label: string;
	readonly supportsJsonSchema: boolean;
	load(
		request: LoadRequest,
		onProgress: (progress: LoadProgress) => void,
		signal?: SignalLike
	): Promise<void>;
	generate(
		request: GenerateRequest,
		signal?: SignalLike,
		onTokens?: (batch: string) => void
	): Promise<GenerateResult>;
	countTokens(text: string, model?: string): Promise<number>;
	/**
	 * An exact count from the model itself, where the engine can make one (it may cost a short
	 * generation); `undefined` where it cannot. Used for display, not for budgeting in a run.
	 */
	countTokensExact?(text: string, model?: string): Promise<number | undefined>;
	contextWindow(model?: string): Promise<number>;
	/** Ends the current generation early (its finish reason becomes `abort`). */
	interrupt(): Promise<void>;
	unload(): Promise<void>;
	listCached(): Promise<CachedModel[]>;
	deleteCached(modelId: string): Promise<void>;
}
