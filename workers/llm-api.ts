/**
 * The model worker's API: the single source of truth for what crosses the worker boundary.
 *
 * `createLlmApi(factories)` returns the object that `llm.worker.ts` exposes with comlink; the main
 * thread imports only `type LlmWorkerApi` (Squoosh's `typeof exports` pattern), so the two sides
 * cannot drift. One engine is loaded at a time, chosen by the `kind` of the config passed to
 * `load`: WebLLM (local WebGPU), the scripted simulation, or an OpenAI-compatible endpoint. Each
 * engine's module is reached only through its factory's dynamic `import()`, so WebLLM's code is
 * fetched only when a WebLLM model is first loaded.
 *
 * Rules the object keeps:
 * - loads and unloads run one at a time, so two engines are never created concurrently (web-llm
 *   #821: concurrent creation produced engines that silently returned empty text);
 * - generations run one at a time (one GPU, and WebLLM serialises per model anyway), so an abort
 *   interrupts only the generation it belongs to; an abort while queued just drops the call;
 * - tokens reach the caller in batches (every ~50 ms or 16 pieces), not one message per token;
 * - errors are named classes from `errors.ts`; unknown load failures become `ModelLoadError`.
 *
 * Only plain data and `Comlink.proxy` callbacks cross; the `AbortSignal` crosses through the
 * transfer handler in `abort-signal-handler.ts`.
 */
import type {
	GenerateHints,
	GenerateRequest,
	GenerateResult,
	FinishReason,
	Usage
} from '../src/core/ports.ts';
import { releaseProxy } from 'comlink';
import { releaseSignal } from './abort-signal-handler.ts';
import type { CachedModel, LoadProgress, ModelEngine } from './engines/engine.ts';
import type { AppConfigData, ModelRecordData } from './engines/webllm-catalogue.ts';
import {
	DeviceLostError,
	EngineError,
	EngineNotLoadedError,
	GenerationAbortedError,
	ModelLoadError,
	errorMessage,
	isAbortError,
	toErrorData,
	type ErrorData
} from './errors.ts';

export type {
	CachedModel,
	ErrorData,
	FinishReason,
	GenerateHints,
	GenerateRequest,
	GenerateResult,
	LoadProgress,
	Usage
};

/** Load models from WebLLM's prebuilt list (or custom records) onto WebGPU. */
export interface WebLlmEngineConfig {
	kind: 'webllm';
	/** Model ids to load together: executor and optimiser may be one model or two. */
	models: string[];
	/** Records of custom models (see `validateCustomModel`); catalogue ids need none. */
	customRecords?: ModelRecordData[];
	/** Where WebLLM caches weights; WebLLM's default is the Cache API. */
	cacheBackend?: AppConfigData['cacheBackend'];
}

/** The deterministic simulation ("Simulated model" in the UI). */
export interface ScriptedEngineConfig {
	kind: 'scripted';
	/** Opaque scenario data; the scripted engine parses and validates it. */
	scenario: unknown;
	/** Model ids the simulation answers to; defaults to `['scripted']`. */
	models?: string[];
}

/** An OpenAI-compatible Chat Completions endpoint (Ollama, LM Studio, a hosted API). */
export interface OpenAiEngineConfig {
	kind: 'openai';
	/** e.g. `http://localhost:11434/v1`; a missing `/v1` is added. */
	baseUrl: string;
	model: string;
	/** Sent as a Bearer token; kept in memory only. */
	apiKey?: string;
	/** Tokens; default 4096. */
	contextWindow?: number;
	/** Per-request limit in milliseconds; default 120 000. */
	timeoutMs?: number;
	/** Send `response_format: json_schema` when a request has a schema; default true. */
	jsonSchema?: boolean;
}

/** What `load` accepts: the `kind` picks the engine. */
export type EngineConfig = WebLlmEngineConfig | ScriptedEngineConfig | OpenAiEngineConfig;
export type EngineKind = EngineConfig['kind'];

/** Creates an engine of one kind; each imports its module lazily. */
export type EngineFactories = {
	[K in EngineKind]: (config: Extract<EngineConfig, { kind: K }>) => Promise<ModelEngine>;
};

/**
 * The real engines, each behind a dynamic `import()` so that its code (WebLLM's ~7 MB above all)
 * is fetched only when that kind is first loaded.
 */
export const defaultFactories: EngineFactories = {
	webllm: async (config) => (await import('./engines/webllm-engine.ts')).createWebLlmEngine(config),
	scripted: async (config) =>
		(await import('./engines/scripted/scripted-engine.ts')).createScriptedEngine(config.scenario),
	openai: async (config) => (await import('./engines/openai-engine.ts')).createOpenAiEngine(config)
};

/** `lost`: the GPU device went away; the engine was dropped and the next `load` recreates it. */
export type EngineState = 'empty' | 'loading' | 'ready' | 'generating' | 'error' | 'lost';

/** A snapshot for the UI's model status. */
export interface EngineStatus {
	state: EngineState;
	kind?: EngineKind;
	/** Model ids loaded (or being loaded). */
	models: string[];
	/** The engine's label, e.g. "Simulated model (not a language model)". */
	label?: string;
	supportsJsonSchema: boolean;
	/** The last load or generation failure, until the next successful load. */
	error?: ErrorData;
}

export interface LlmApiOptions {
	/** Send buffered tokens at least this often (ms). */
	flushIntervalMs?: number;
	/** ...or as soon as this many pieces are buffered. */
	flushTokens?: number;
}

interface Loaded {
	engine: ModelEngine;
	config: EngineConfig;
	/** Identity of the engine apart from the model list: a different key needs a new engine. */
	key: string;
	models: string[];
	ready: boolean;
}

/**
 * Build the worker API over engine factories (the real ones in the worker, fakes in tests).
 *
 * @param factories how to create each kind of engine; a missing kind cannot be loaded.
 * @example
 * expose(createLlmApi(defaultFactories)); // in llm.worker.ts
 */
export function createLlmApi(factories: Partial<EngineFactories>, options: LlmApiOptions = {}) {
	const flushIntervalMs = options.flushIntervalMs ?? 50;
	const flushTokens = options.flushTokens ?? 16;

	let current: Loaded | undefined;
	let state: EngineState = 'empty';
	let lastError: ErrorData | undefined;
	let pendingModels: string[] = [];
	let pendingKind: EngineKind | undefined;
	/** Loads, unloads and cache deletions, one at a time. */
	let lifecycle: Promise<unknown> = Promise.resolve();
	/** Generations, one at a time. */
	let generations: Promise<unknown> = Promise.resolve();
	let activeGenerations = 0;

	function exclusive<T>(task: () => Promise<T>): Promise<T> {
		const run = lifecycle.then(task, task);
		lifecycle = run.catch(() => undefined);
		return run;
	}

	function serialGeneration<T>(task: () => Promise<T>): Promise<T> {
		const run = generations.then(task, task);
		generations = run.catch(() => undefined);
		return run;
	}

	function requireEngine(operation: string): ModelEngine {
		if (!current?.ready) throw new EngineNotLoadedError(operation);
		return current.engine;
	}

	async function create(config: EngineConfig): Promise<ModelEngine> {
		const factory = factories[config.kind] as
			((c: EngineConfig) => Promise<ModelEngine>) | undefined;
		if (!factory) {
			throw new ModelLoadError(`The ${config.kind} engine is not available in this build.`);
		}
		return factory(config);
	}

	/** Unload and forget the engine. From inside a generation, pass `true` (it cannot wait for itself). */
	async function dropCurrent(fromGeneration = false): Promise<void> {
		const old = current;
		current = undefined;
		if (!old) return;
		if (activeGenerations > 0) await old.engine.interrupt().catch(() => undefined);
		if (!fromGeneration) await generations;
		await old.engine.unload().catch(() => undefined);
	}

	async function failed(error: unknown, during: 'load' | 'generate'): Promise<never> {
		let named = error;
		if (during === 'load' && !(error instanceof EngineError) && !isAbortError(error)) {
			named = new ModelLoadError(`Loading the model failed: ${errorMessage(error)}`, {
				cause: error
			});
		}
		if (!isAbortError(named)) lastError = toErrorData(named);
		if (during === 'load' || named instanceof DeviceLostError) {
			// The engine may hold half-initialised or lost GPU state: start from scratch next time.
			await dropCurrent(during === 'generate');
			state = isAbortError(named) ? 'empty' : named instanceof DeviceLostError ? 'lost' : 'error';
		} else {
			state = current?.ready ? 'ready' : 'empty';
		}
		throw named;
	}

	return {
		/**
		 * Load the models of `config`, replacing whatever was loaded unless it is the same engine.
		 * Loading what is already loaded returns at once.
		 *
		 * @param onProgress receives fraction, stage text, elapsed seconds and an ETA.
		 * @param signal cancels the load (the partly loaded model is unloaded).
		 */
		load(
			config: EngineConfig,
			onProgress?: (progress: LoadProgress) => void,
			signal?: AbortSignal
		): Promise<EngineStatus> {
			return exclusive(async () => {
				let settleProgress: () => Promise<void> = () => Promise.resolve();
				try {
					if (signal?.aborted) throw new GenerationAbortedError('Loading the model');
					const models = modelsOf(config);
					const key = engineKey(config);
					const progress = guardCallback(onProgress);
					const report = progress.call;
					settleProgress = progress.settled;
					pendingModels = models;
					pendingKind = config.kind;
					state = 'loading';
					if (current && current.key === key && current.ready && sameList(current.models, models)) {
						report({ progress: 1, text: 'Already loaded.', elapsedSeconds: 0, etaSeconds: 0 });
						state = 'ready';
						return statusOf();
					}
					if (current && current.key !== key) await dropCurrent();
					if (!current) {
						report({ progress: 0, text: startText(config), elapsedSeconds: 0 });
						const engine = await create(config);
						current = { engine, config, key, models: [], ready: false };
					}
					const loading = current;
					// Let queued generations finish on the old models before they are replaced.
					await generations;
					loading.ready = false;
					await loading.engine.load({ models }, report, signal);
					if (signal?.aborted) throw new GenerationAbortedError('Loading the model');
					loading.models = models;
					loading.config = config;
					loading.ready = true;
					lastError = undefined;
					state = 'ready';
					return statusOf();
				} catch (error) {
					return failed(error, 'load');
				} finally {
					await settleProgress();
					releaseSignal(signal);
					releaseCallback(onProgress);
				}
			});
		},

		/**
		 * Generate a chat completion. Tokens arrive in batches through `onTokens`; an abort through
		 * `signal` interrupts the engine and resolves with finish reason `abort` and the text so far.
		 * An abort before the generation starts rejects with `AbortError`.
		 */
		generate(
			request: GenerateRequest,
			signal?: AbortSignal,
			onTokens?: (batch: string) => void
		): Promise<GenerateResult> {
			// Wait for a load in progress outside the queue: a load may itself wait for the queue.
			return lifecycle.then(() =>
				serialGeneration(async () => {
					const tokens = guardCallback(onTokens);
					const batcher = onTokens
						? createTokenBatcher(tokens.call, { flushIntervalMs, flushTokens })
						: undefined;
					let engine: ModelEngine | undefined;
					const interrupt = () => void engine?.interrupt().catch(() => undefined);
					try {
						if (signal?.aborted) throw new GenerationAbortedError('The generation');
						engine = requireEngine('generate');
						signal?.addEventListener('abort', interrupt, { once: true });
						activeGenerations++;
						state = 'generating';
						try {
							const result = await engine.generate(request, signal, batcher?.push);
							batcher?.flush();
							return result;
						} finally {
							activeGenerations--;
							if (state === 'generating') state = 'ready';
						}
					} catch (error) {
						return failed(error, 'generate');
					} finally {
						signal?.removeEventListener('abort', interrupt);
						batcher?.dispose();
						await tokens.settled();
						releaseSignal(signal);
						releaseCallback(onTokens);
					}
				})
			);
		},

		/** Token count of `text`: exact where the engine has a tokenizer, else conservative. */
		async countTokens(text: string, model?: string): Promise<number> {
			return requireEngine('countTokens').countTokens(text, model);
		},

		/**
		 * A token count for display: exact where the engine can count (WebLLM: a one-token
		 * completion's prompt usage), else the engine's estimate, marked `exact: false`.
		 */
		tokenCount(text: string, model?: string): Promise<{ tokens: number; exact: boolean }> {
			return lifecycle.then(() =>
				serialGeneration(async () => {
					const engine = requireEngine('tokenCount');
					const exact = await engine.countTokensExact?.(text, model);
					if (exact !== undefined) return { tokens: exact, exact: true };
					return { tokens: await engine.countTokens(text, model), exact: false };
				})
			);
		},

		/** The context window of a loaded model, in tokens. */
		async contextWindow(model?: string): Promise<number> {
			return requireEngine('contextWindow').contextWindow(model);
		},

		/** Whether the loaded engine honours `jsonSchema` with constrained decoding. */
		async supportsJsonSchema(): Promise<boolean> {
			return requireEngine('supportsJsonSchema').supportsJsonSchema;
		},

		/** End the current generation early (it resolves with finish reason `abort`). */
		async interrupt(): Promise<void> {
			if (current && activeGenerations > 0) await current.engine.interrupt();
		},

		/** Unload the model and free its GPU memory; the worker stays alive for the next load. */
		unload(): Promise<EngineStatus> {
			return exclusive(async () => {
				await dropCurrent();
				state = 'empty';
				pendingModels = [];
				pendingKind = undefined;
				return statusOf();
			});
		},

		/**
		 * Models in the engine's local cache, with sizes where known. With `config`, asks an
		 * engine of that kind even when another is loaded (without loading anything).
		 */
		async listCached(config?: EngineConfig): Promise<CachedModel[]> {
			const engine = await cacheEngine(config);
			return engine ? engine.listCached() : [];
		},

		/** Delete a model from the engine's local cache. */
		deleteCached(modelId: string, config?: EngineConfig): Promise<void> {
			return exclusive(async () => {
				const engine = await cacheEngine(config);
				if (!engine) throw new EngineNotLoadedError('deleteCached');
				await engine.deleteCached(modelId);
			});
		},

		/** A snapshot of what is loaded and what the engine is doing. */
		async status(): Promise<EngineStatus> {
			return statusOf();
		},

		/**
		 * Simulation only: be told when a scenario's pause point holds a call, so a person (or a
		 * test) can step through a run. Resolves `false` when the loaded engine has no pause points.
		 */
		async watchPauses(listener: (name: string) => void): Promise<boolean> {
			const engine = current?.ready ? current.engine : undefined;
			if (!isPausable(engine)) return false;
			engine.onPause((name) => {
				try {
					listener(name);
				} catch {
					// A listener on a closed page must not stall the simulation.
				}
			});
			return true;
		},

		/** Simulation only: let the call held at pause point `name` go on. */
		async releasePause(name: string): Promise<boolean> {
			const engine = current?.ready ? current.engine : undefined;
			return isPausable(engine) ? engine.release(name) : false;
		}
	};

	async function cacheEngine(config: EngineConfig | undefined): Promise<ModelEngine | undefined> {
		if (!config || (current && current.key === engineKey(config))) return current?.engine;
		return create(config);
	}

	function statusOf(): EngineStatus {
		const status: EngineStatus = {
			state,
			models: current?.ready ? [...current.models] : [...pendingModels],
			supportsJsonSchema: current?.ready ? current.engine.supportsJsonSchema : false
		};
		const kind = current?.config.kind ?? pendingKind;
		if (kind) status.kind = kind;
		if (current) status.label = current.engine.label;
		if (lastError) status.error = lastError;
		return status;
	}
}

/** The scripted engine's pause controls, found by shape so this module stays engine-agnostic. */
interface Pausable {
	onPause(listener: (name: string) => void): () => void;
	release(name: string): boolean;
}

function isPausable(engine: ModelEngine | undefined): engine is ModelEngine & Pausable {
	return (
		engine !== undefined &&
		typeof (engine as Partial<Pausable>).onPause === 'function' &&
		typeof (engine as Partial<Pausable>).release === 'function'
	);
}

/** The worker API's type, for `wrap<LlmWorkerApi>(worker)` on the main thread. */
export type LlmWorkerApi = ReturnType<typeof createLlmApi>;

export interface TokenBatcher {
	/** Buffer one piece of text (a token or a small group). */
	push: (piece: string) => void;
	/** Send what is buffered now. */
	flush(): void;
	/** Stop the timer; later pushes are dropped. */
	dispose(): void;
}

/**
 * Buffers streamed pieces and sends them as one string every `flushIntervalMs` or every
 * `flushTokens` pieces, whichever comes first: one `postMessage` per token would flood the main
 * thread for no visible gain.
 */
export function createTokenBatcher(
	sink: (batch: string) => void,
	options: { flushIntervalMs: number; flushTokens: number }
): TokenBatcher {
	let buffer = '';
	let count = 0;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let disposed = false;

	const flush = () => {
		if (timer !== undefined) clearTimeout(timer);
		timer = undefined;
		if (buffer === '') return;
		const batch = buffer;
		buffer = '';
		count = 0;
		sink(batch);
	};

	return {
		push(piece) {
			if (disposed || piece === '') return;
			buffer += piece;
			count++;
			if (count >= options.flushTokens) flush();
			else timer ??= setTimeout(flush, options.flushIntervalMs);
		},
		flush,
		dispose() {
			flush();
			disposed = true;
		}
	};
}

/** A callback wrapped for the worker side of the boundary (see {@link guardCallback}). */
interface GuardedCallback<T> {
	call: (value: T) => void;
	/** Resolves once every call made so far was handled (or after a short cap). */
	settled(): Promise<void>;
}

/** Longest wait for the page to acknowledge callbacks before a call resolves anyway. */
const SETTLE_CAP_MS = 1000;

/**
 * A callback that never throws into the engine (a proxied callback whose page went away
 * rejects, and that must not fail the work), and whose deliveries can be awaited: callbacks
 * cross on their own message port, so without waiting, the call's result could overtake its last
 * tokens or progress reports. Calls on one port are handled in order, so the last one settling
 * means all did.
 */
function guardCallback<T>(callback: ((value: T) => unknown) | undefined): GuardedCallback<T> {
	let last: Promise<unknown> = Promise.resolve();
	return {
		call(value) {
			if (!callback) return;
			try {
				const result = callback(value);
				if (isThenable(result)) last = Promise.resolve(result).catch(() => undefined);
			} catch {
				// The listener is gone; the work goes on.
			}
		},
		settled() {
			let timer: ReturnType<typeof setTimeout> | undefined;
			const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_CAP_MS)));
			return Promise.race([last.then(() => undefined), cap]).finally(() => clearTimeout(timer));
		}
	};
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
	return (
		(typeof value === 'object' || typeof value === 'function') &&
		value !== null &&
		typeof (value as { then?: unknown }).then === 'function'
	);
}

/**
 * Release a callback that arrived as a `Comlink.proxy` once its call is over, so its message port
 * closes; plain functions (in tests, or in-thread use) are left alone.
 */
function releaseCallback(callback: unknown): void {
	if (typeof callback !== 'function') return;
	try {
		const release = (callback as { [releaseProxy]?: unknown })[releaseProxy];
		if (typeof release === 'function') (release as () => void)();
	} catch {
		// Already released.
	}
}

function modelsOf(config: EngineConfig): string[] {
	switch (config.kind) {
		case 'webllm':
			return [...config.models];
		case 'scripted':
			return config.models ? [...config.models] : ['scripted'];
		case 'openai':
			return [config.model];
	}
}

/** Identity of the engine a config needs, apart from which WebLLM models it loads. */
function engineKey(config: EngineConfig): string {
	if (config.kind === 'webllm') {
		return JSON.stringify(['webllm', config.customRecords ?? [], config.cacheBackend ?? null]);
	}
	return JSON.stringify(config);
}

function startText(config: EngineConfig): string {
	switch (config.kind) {
		case 'webllm':
			return 'Starting the WebLLM runtime...';
		case 'scripted':
			return 'Starting the simulated model...';
		case 'openai':
			return `Connecting to ${config.baseUrl}...`;
	}
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}
