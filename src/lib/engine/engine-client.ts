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
 * A worker whose script cannot be fetched (the network dropped after the page loaded) never
 * answers, so every wait here is bounded: the worker's `error` event, or no answer to a first
 * status call within `readyTimeoutMs`, fails the call with `WorkerLoadError`, and an abort
 * signal ends the main thread's wait at once, whatever the worker is doing.
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
	/** Creates the worker; defaults to the model worker module. Called again after a failed start. */
	createWorker?: () => WorkerLike;
	/** How long a new worker may take to answer its first call (default 10 s). */
	readyTimeoutMs?: number;
}

/** The model worker's script could not be fetched or started. */
export class WorkerLoadError extends Error {
	constructor(detail?: string) {
		super(
			'could not load the model worker — are you offline?' +
				(detail ? ` (${detail})` : ' Reconnect and try again.')
		);
		this.name = 'WorkerLoadError';
	}
}

const DEFAULT_READY_TIMEOUT_MS = 10_000;

/** The model worker as a module worker (Vite bundles it with its own chunk graph). */
export function createModelWorker(): Worker {
	return new Worker(new URL('../../../workers/llm.worker.ts', import.meta.url), {
		type: 'module',
		name: 'llm'
	});
}

export class EngineClient {
	readonly #createWorker: () => WorkerLike;
	readonly #readyTimeoutMs: number;
	#worker: WorkerLike | undefined;
	#api: Remote<LlmWorkerApi> | undefined;
	/** Rejects when the current worker fails to start; every call races it. */
	#broken: Promise<never> = new Promise<never>(() => undefined);
	/** Settles once the current worker has answered (or failed to). */
	#ready: Promise<void> | undefined;
	#answered = false;
	#status: EngineStatus = { state: 'empty', models: [], supportsJsonSchema: false };

	constructor(options: EngineClientOptions = {}) {
		this.#createWorker = options.createWorker ?? createModelWorker;
		this.#readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
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
		const api = await this.#startedApi(signal);
		const callback = onProgress ? proxy(onProgress) : undefined;
		try {
			this.#status = await this.#guard(api.load(config, callback, signal), signal);
			return this.#status;
		} catch (error) {
			await this.refreshStatus().catch(() => undefined);
			throw error;
		}
	}

	/** Ask the worker for its status. */
	async refreshStatus(): Promise<EngineStatus> {
		// A worker that never answered would never answer this either.
		if (!this.#api || !this.#answered) return this.#status;
		this.#status = await this.#guard(this.#api.status());
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
		const api = await this.#startedApi();
		return this.#guard(api.listCached(config));
	}

	async deleteCached(modelId: string, config?: EngineConfig): Promise<void> {
		const api = await this.#startedApi();
		await this.#guard(api.deleteCached(modelId, config));
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
		this.#ready = undefined;
		this.#status = { state: 'empty', models: [], supportsJsonSchema: false };
	}

	/** The API of a worker that has answered once (creating and starting it on first use). */
	async #startedApi(signal?: AbortSignal): Promise<Remote<LlmWorkerApi>> {
		const api = this.#ensureApi();
		await this.#guard(this.#ready ?? Promise.resolve(), signal);
		return api;
	}

	#ensureApi(): Remote<LlmWorkerApi> {
		if (this.#api) return this.#api;
		registerTransferHandlers();
		const worker = this.#createWorker();
		const api = wrap<LlmWorkerApi>(worker);
		let fail: (error: Error) => void = () => undefined;
		const broken = new Promise<never>((_, reject) => (fail = reject));
		broken.catch(() => undefined);
		const failStart = (error: Error) => {
			if (this.#worker !== worker) return;
			fail(error);
			// The next call starts a fresh worker (the network may be back by then).
			this.#api?.[releaseProxy]();
			worker.terminate?.();
			this.#api = undefined;
			this.#worker = undefined;
			this.#ready = undefined;
		};
		// An `error` before the first answer means the script never ran (a failed fetch fires a
		// plain Event with no message); later errors reach the caller through the calls themselves.
		const onError = (event: Event) => {
			if (this.#answered && this.#worker === worker) return;
			const text = (event as { message?: unknown }).message;
			const message = typeof text === 'string' && text !== '' ? text : undefined;
			failStart(new WorkerLoadError(message));
		};
		worker.addEventListener('error', onError as (event: Event) => void);
		this.#worker = worker;
		this.#api = api;
		this.#broken = broken;
		this.#answered = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() => reject(new WorkerLoadError(`no answer in ${this.#readyTimeoutMs / 1000} s`)),
				this.#readyTimeoutMs
			);
		});
		this.#ready = Promise.race([api.status(), timeout, broken])
			.then((status) => {
				if (this.#worker === worker) {
					this.#answered = true;
					this.#status = status;
				}
			})
			.catch((error: unknown) => {
				failStart(error instanceof Error ? error : new WorkerLoadError());
				throw error;
			})
			.finally(() => clearTimeout(timer));
		this.#ready.catch(() => undefined);
		return api;
	}

	/** `call`, unless the worker fails to start or `signal` aborts first. */
	#guard<T>(call: Promise<T>, signal?: AbortSignal): Promise<T> {
		if (!signal) return Promise.race([call, this.#broken]);
		if (signal.aborted) return Promise.reject(abortError(signal));
		let onAbort: () => void = () => undefined;
		const aborted = new Promise<never>((_, reject) => {
			onAbort = () => reject(abortError(signal));
			signal.addEventListener('abort', onAbort, { once: true });
		});
		return Promise.race([call, this.#broken, aborted]).finally(() =>
			signal.removeEventListener('abort', onAbort)
		);
	}

	#requireApi(operation: string): Remote<LlmWorkerApi> {
		if (!this.#api) throw new EngineNotLoadedError(operation);
		return this.#api;
	}
}

function abortError(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	return reason instanceof Error
		? reason
		: new DOMException('Loading was cancelled.', 'AbortError');
}
