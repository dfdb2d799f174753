/**
 * The main thread's side of the model worker.
 *
 * The worker is created lazily, on the first call that needs it (loading a model, or listing the
 * model cache), never on first paint; WebLLM's code is fetched later still, by the worker, when a
 * WebLLM model is loaded. Calls go through comlink with the worker API's own type
 * (`import type { LlmWorkerApi }`), callbacks cross as `Comlink.proxy` (the worker releases them
 * when the call ends), and cancellation crosses as an `AbortSignal` through the transfer handler.
 * The worker is never terminated to cancel: reloading a model is the expensive part.
 *
 * `chatEngine()` adapts the client to the core's `ChatEngine` port; executor and optimiser can be
 * two adapters over one client (one engine with two models) or over two clients (say a local
 * executor and a remote optimiser).
 */
import { proxy, releaseProxy, wrap, type Endpoint, type Remote } from 'comlink';
import type { ChatEngine, GenerateRequest, GenerateResult, SignalLike } from '../../core/ports.ts';
import { registerTransferHandlers } from '../../../workers/abort-signal-handler.ts';
import { EngineNotLoadedError, GenerationAbortedError } from '../../../workers/errors.ts';
import type {
	CachedModel,
	EngineConfig,
	EngineStatus,
	LlmWorkerApi,
	LoadProgress
} from '../../../workers/llm-api.ts';

export type { CachedModel, EngineConfig, EngineStatus, LoadProgress };

/** A worker, or anything comlink can talk to (a `MessagePort` in tests). */
export type WorkerLike = Endpoint & { terminate?(): void };

export interface EngineClientOptions {
	/** Creates the worker; defaults to the model worker module. Called at most once. */
	createWorker?: () => WorkerLike;
}

/** The model worker as a module worker (Vite bundles it with its own chunk graph). */
export function createModelWorker(): Worker {
	return new Worker(new URL('../../../workers/llm.worker.ts', import.meta.url), {
		type: 'module',
		name: 'llm'
	});
}

export class EngineClient {
	readonly #createWorker: () => WorkerLike;
	#worker: WorkerLike | undefined;
	#api: Remote<LlmWorkerApi> | undefined;
	#status: EngineStatus = { state: 'empty', models: [], supportsJsonSchema: false };

	constructor(options: EngineClientOptions = {}) {
		this.#createWorker = options.createWorker ?? createModelWorker;
	}

	/** Whether the worker has been created. */
	get started(): boolean {
		return this.#api !== undefined;
	}

	/** The last status seen (updated by load, unload, generate failures and `refreshStatus`). */
	get status(): EngineStatus {
		return this.#status;
	}

	/**
	 * Load a model (creating the worker on first use).
	 *
	 * @param onProgress fraction, stage text, elapsed seconds and ETA, as the worker reports them.
	 * @param signal cancels the load.
	 */
	async load(
		config: EngineConfig,
		onProgress?: (progress: LoadProgress) => void,
		signal?: AbortSignal
	): Promise<EngineStatus> {
		const api = this.#ensureApi();
		const callback = onProgress ? proxy(onProgress) : undefined;
		try {
			this.#status = await api.load(config, callback, signal);
			return this.#status;
		} catch (error) {
			await this.refreshStatus().catch(() => undefined);
			throw error;
		}
	}

	/** Ask the worker for its status. */
	async refreshStatus(): Promise<EngineStatus> {
		if (!this.#api) return this.#status;
		this.#status = await this.#api.status();
		return this.#status;
	}

	/**
	 * Generate through the worker. Accepts the core's structural `SignalLike`: a fresh
	 * `AbortSignal` mirrors it for the crossing, so any signal works and nothing leaks afterwards.
	 */
	async generate(
		request: GenerateRequest,
		signal?: SignalLike,
		onTokens?: (batch: string) => void
	): Promise<GenerateResult> {
		const api = this.#requireApi('generate');
		if (signal?.aborted) throw new GenerationAbortedError('The generation');
		const local = new AbortController();
		const forward = () => local.abort(signal?.reason);
		signal?.addEventListener('abort', forward, { once: true });
		try {
			return await api.generate(request, local.signal, onTokens ? proxy(onTokens) : undefined);
		} catch (error) {
			await this.refreshStatus().catch(() => undefined);
			throw error;
		} finally {
			signal?.removeEventListener('abort', forward);
		}
	}

	async countTokens(text: string, model?: string): Promise<number> {
		return this.#requireApi('countTokens').countTokens(text, model);
	}

	/** A token count for display: exact where the engine can count, else marked approximate. */
	async tokenCount(text: string, model?: string): Promise<{ tokens: number; exact: boolean }> {
		return this.#requireApi('tokenCount').tokenCount(text, model);
	}

	async contextWindow(model?: string): Promise<number> {
		return this.#requireApi('contextWindow').contextWindow(model);
	}

	/** End the current generation early. */
	async interrupt(): Promise<void> {
		await this.#api?.interrupt();
	}

	/** Unload the model; the worker stays for the next load. */
	async unload(): Promise<void> {
		if (!this.#api) return;
		this.#status = await this.#api.unload();
	}

	/** Cached models of an engine kind (creates the worker; fetches WebLLM for a WebLLM config). */
	async listCached(config?: EngineConfig): Promise<CachedModel[]> {
		return this.#ensureApi().listCached(config);
	}

	async deleteCached(modelId: string, config?: EngineConfig): Promise<void> {
		await this.#ensureApi().deleteCached(modelId, config);
	}

	/**
	 * The core's `ChatEngine` port over this client. With `model`, requests that name no model go
	 * to that one (executor and optimiser loaded in one engine).
	 */
	chatEngine(model?: string): ChatEngine {
		const supportsJsonSchema = () => this.status.supportsJsonSchema;
		return {
			generate: (request, signal, onTokens) =>
				this.generate(
					model !== undefined && request.model === undefined ? { ...request, model } : request,
					signal,
					onTokens
				),
			countTokens: (text) => this.countTokens(text, model),
			contextWindow: (m) => this.contextWindow(m ?? model),
			// A getter: the port reads the loaded engine's capability at call time.
			get supportsJsonSchema() {
				return supportsJsonSchema();
			}
		};
	}

	/** Simulation only: calls `listener` with each pause point's name when it holds a call. */
	async watchPauses(listener: (name: string) => void): Promise<boolean> {
		return this.#requireApi('watchPauses').watchPauses(proxy(listener));
	}

	/** Simulation only: let the call held at `name` go on. */
	async releasePause(name: string): Promise<boolean> {
		return this.#requireApi('releasePause').releasePause(name);
	}

	/** Release the proxy and end the worker (page teardown; not for cancelling). */
	dispose(): void {
		this.#api?.[releaseProxy]();
		this.#worker?.terminate?.();
		this.#api = undefined;
		this.#worker = undefined;
		this.#status = { state: 'empty', models: [], supportsJsonSchema: false };
	}

	#ensureApi(): Remote<LlmWorkerApi> {
		if (!this.#api) {
			registerTransferHandlers();
			this.#worker = this.#createWorker();
			this.#api = wrap<LlmWorkerApi>(this.#worker);
		}
		return this.#api;
	}

	#requireApi(operation: string): Remote<LlmWorkerApi> {
		if (!this.#api) throw new EngineNotLoadedError(operation);
		return this.#api;
	}
}
