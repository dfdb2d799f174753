/**
 * llama.cpp in WebAssembly (`@wllama/wllama`) behind the worker's `ModelEngine` interface: GGUF
 * models on the CPU, for laptops without a usable WebGPU adapter.
 *
 * Reached only through the plugin's dynamic `import()`, so neither this code nor the ~10 MB wasm
 * is fetched before a CPU model is chosen. Everything wllama is touched through
 * {@link WllamaBindings}, so unit tests drive the adapter with a fake; the e2e tests drive the
 * real runtime with a tiny synthetic GGUF the test suite writes itself.
 *
 * What llama.cpp does not tell JavaScript, the adapter works out:
 * - its own error text reaches JavaScript only through the logger (every C++ exception surfaces
 *   as the same `RangeError`), so the last native error line is kept and put in our messages;
 * - a broken model still "loads", with zeroed context info: `n_ctx_train > 0` is checked;
 * - v3 has no `tokenize`: a token count is the prompt-token usage of a one-token completion,
 *   cached by the text's SHA-256.
 * Threads need cross-origin isolation; without it one thread runs, and the label says which.
 */
import { CacheManager, Wllama, type WllamaLogger } from '@wllama/wllama';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import type { FinishReason, GenerateResult, Usage } from '../../src/core/ports.ts';
import { approxTokenCount } from '../../src/core/text-stats.ts';
import {
	EngineError,
	EngineNotLoadedError,
	GenerationAbortedError,
	ModelFetchError,
	ModelLoadError,
	errorMessage,
	errorName,
	isAbortError
} from '../errors.ts';
import type { CachedModel, ModelEngine } from './engine.ts';
import { createEtaEstimator } from './progress.ts';
import type { WllamaEngineConfig } from './wllama-plugin.ts';
import {
	chunkUsage,
	countCacheKey,
	nativeErrorLine,
	pickNativeError,
	threadPlan,
	toWllamaChatRequest,
	type WllamaChatChunk,
	type WllamaChatRequest
} from './wllama-requests.ts';

const DEFAULT_CONTEXT = 4096;

/** The part of a `Wllama` instance the adapter uses. */
export interface WllamaLike {
	loadModelFromUrl(
		url: string,
		params: {
			n_ctx: number;
			n_threads: number;
			n_gpu_layers: number;
			progressCallback: (p: { loaded: number; total: number }) => void;
			signal?: AbortSignal;
		}
	): Promise<void>;
	getLoadedContextInfo(): { n_ctx: number; n_ctx_train: number; add_bos_token: boolean };
	isMultithread(): boolean;
	getNumThreads(): number;
	createChatCompletion(
		request: WllamaChatRequest & { stream: true }
	): Promise<AsyncIterable<WllamaChatChunk>>;
	createCompletion(request: {
		prompt: string;
		max_tokens: number;
		temperature: number;
		stream?: false;
	}): Promise<{ usage: { prompt_tokens: number } }>;
	exit(): Promise<void>;
}

/** The part of wllama's OPFS cache the adapter uses. */
export interface WllamaCacheLike {
	list(): Promise<{ name: string; size: number; metadata: { originalURL?: string } }[]>;
	delete(nameOrUrl: string): Promise<void>;
}

export interface WllamaBindings {
	create(logger: WllamaLogger): WllamaLike;
	cache(): WllamaCacheLike;
	crossOriginIsolated: boolean;
	hardwareConcurrency: number;
	sha256Hex(text: string): Promise<string>;
	now(): number;
}

/** The real bindings: wllama with its wasm from this build, and the worker's globals. */
export function browserWllamaBindings(): WllamaBindings {
	return {
		create: (logger) =>
			// allowOffline: a cached model loads without a network (a workshop room, a train).
			new Wllama({ default: wasmUrl }, { logger, allowOffline: true }) as unknown as WllamaLike,
		cache: () => new CacheManager(),
		crossOriginIsolated: globalThis.crossOriginIsolated === true,
		hardwareConcurrency: globalThis.navigator?.hardwareConcurrency ?? 1,
		async sha256Hex(text) {
			const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
			return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
		},
		now: () => performance.now()
	};
}

/** The CPU engine with a label that says how many threads run and why. */
export type WllamaEngine = ModelEngine & { readonly threadMode: string };

export function createWllamaEngine(
	config: Omit<WllamaEngineConfig, 'kind' | 'modelUrl'>,
	bindings: WllamaBindings = browserWllamaBindings()
): WllamaEngine {
	let instance: WllamaLike | undefined;
	let loadedUrl: string | undefined;
	let context = { n_ctx: 0, add_bos_token: false };
	let threadMode = 'not loaded';
	let current: AbortController | undefined;
	let queue: Promise<unknown> = Promise.resolve();
	const tokenCounts = new Map<string, number>();
	const nativeErrors: string[] = [];

	const logger: WllamaLogger = {
		debug: () => undefined,
		log: (...args: unknown[]) => keepNative(args),
		warn: (...args: unknown[]) => keepNative(args),
		error: (...args: unknown[]) => keepNative(args, true)
	};

	function keepNative(args: unknown[], always = false): void {
		const line = nativeErrorLine(args, always);
		if (line === undefined) return;
		nativeErrors.push(line);
		if (nativeErrors.length > 8) nativeErrors.shift();
	}

	/** llama.cpp's own words for the last failure, if it logged any (the most specific line). */
	function nativeDetail(): string | undefined {
		return pickNativeError(nativeErrors);
	}

	/** One call into llama.cpp at a time: counting and generating share one context. */
	function serial<T>(task: () => Promise<T>): Promise<T> {
		const run = queue.then(task, task);
		queue = run.catch(() => undefined);
		return run;
	}

	function requireLoaded(operation: string): WllamaLike {
		if (!instance || loadedUrl === undefined) throw new EngineNotLoadedError(operation);
		return instance;
	}

	async function dropInstance(): Promise<void> {
		const old = instance;
		instance = undefined;
		loadedUrl = undefined;
		tokenCounts.clear();
		await old?.exit().catch(() => undefined);
	}

	return {
		get label() {
			return `llama.cpp on the CPU (WebAssembly) · ${threadMode}`;
		},
		get threadMode() {
			return threadMode;
		},
		supportsJsonSchema: true,

		async load(request, report, signal) {
			const url = request.models[0];
			if (url === undefined || request.models.length !== 1) {
				throw new ModelLoadError('The CPU engine loads exactly one GGUF model.');
			}
			await dropInstance();
			nativeErrors.length = 0;
			const plan = threadPlan(
				config.threads,
				bindings.crossOriginIsolated,
				bindings.hardwareConcurrency
			);
			const eta = createEtaEstimator();
			const started = bindings.now();
			const elapsed = () => (bindings.now() - started) / 1000;
			const wllama = bindings.create(logger);
			instance = wllama;
			try {
				await wllama.loadModelFromUrl(url, {
					n_ctx: config.contextWindow ?? DEFAULT_CONTEXT,
					n_threads: plan.threads,
					// CPU only: this engine exists for machines where WebGPU does not help.
					n_gpu_layers: 0,
					progressCallback: ({ loaded, total }) => {
						const fraction = total > 0 ? Math.min(1, loaded / total) : 0;
						report(
							eta({
								progress: fraction * 0.95,
								text: `Downloading the model: ${mb(loaded)} of ${total > 0 ? mb(total) : '?'}`,
								timeElapsed: elapsed()
							})
						);
					},
					...(signal ? { signal: signal as AbortSignal } : {})
				});
				if (signal?.aborted) throw new GenerationAbortedError('Loading the model');
				const info = wllama.getLoadedContextInfo();
				if (!(info.n_ctx_train > 0) || !(info.n_ctx > 0)) {
					throw new ModelLoadError(
						`llama.cpp could not read this model: ${nativeDetail() ?? 'it reports no context size (is this a GGUF language model?)'}`
					);
				}
				context = { n_ctx: info.n_ctx, add_bos_token: info.add_bos_token };
				threadMode = describeThreads(wllama, plan.reason);
				loadedUrl = url;
				report({ progress: 1, text: 'Ready.', elapsedSeconds: elapsed(), etaSeconds: 0 });
			} catch (error) {
				await dropInstance();
				if (signal?.aborted || isAbortError(error)) {
					throw new GenerationAbortedError('Loading the model');
				}
				throw translateLoadError(error, url, nativeDetail());
			}
		},

		generate(request, signal, onTokens) {
			return serial(async () => {
				const wllama = requireLoaded('generate');
				if (signal?.aborted) throw new GenerationAbortedError('The generation');
				const controller = new AbortController();
				current = controller;
				const abort = () => controller.abort();
				signal?.addEventListener('abort', abort, { once: true });
				let text = '';
				let finishReason: FinishReason | undefined;
				let usage: Usage | undefined;
				try {
					const stream = await wllama.createChatCompletion({
						...toWllamaChatRequest(request),
						stream: true,
						abortSignal: controller.signal
					});
					for await (const chunk of stream) {
						const choice = chunk.choices[0];
						const delta = choice?.delta.content;
						if (delta) {
							text += delta;
							onTokens?.(delta);
						}
						if (choice?.finish_reason)
							finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
						usage = chunkUsage(chunk) ?? usage;
					}
				} catch (error) {
					if (!controller.signal.aborted && !isAbortError(error)) {
						throw translateRuntimeError(error, nativeDetail());
					}
				} finally {
					signal?.removeEventListener('abort', abort);
					if (current === controller) current = undefined;
				}
				if (controller.signal.aborted) finishReason = 'abort';
				return {
					text,
					finishReason: finishReason ?? 'stop',
					usage: usage ?? {
						promptTokens: approxTokenCount(request.messages.map((m) => m.content).join('\n')),
						completionTokens: approxTokenCount(text)
					}
				} satisfies GenerateResult;
			});
		},

		async countTokens(text) {
			if (text === '') return 0;
			const key = countCacheKey(await bindings.sha256Hex(text));
			const known = tokenCounts.get(key);
			if (known !== undefined) return known;
			return serial(async () => {
				const wllama = requireLoaded('countTokens');
				try {
					const result = await wllama.createCompletion({
						prompt: text,
						max_tokens: 1,
						temperature: 0,
						stream: false
					});
					// The prompt usage includes the BOS token llama.cpp adds; the text's own count does not.
					const count = Math.max(0, result.usage.prompt_tokens - (context.add_bos_token ? 1 : 0));
					tokenCounts.set(key, count);
					return count;
				} catch (error) {
					throw translateRuntimeError(error, nativeDetail());
				}
			});
		},

		async countTokensExact(text) {
			// llama.cpp's own tokenizer: every count this engine gives is exact.
			return this.countTokens(text);
		},

		async contextWindow() {
			requireLoaded('contextWindow');
			return context.n_ctx;
		},

		async interrupt() {
			current?.abort();
		},

		async unload() {
			current?.abort();
			await dropInstance();
			threadMode = 'not loaded';
		},

		async listCached() {
			const entries = await bindings.cache().list();
			return entries.map((entry): CachedModel => ({
				modelId: entry.metadata.originalURL || entry.name,
				sizeBytes: entry.size
			}));
		},

		async deleteCached(modelId) {
			const cache = bindings.cache();
			const entries = await cache.list();
			const entry = entries.find((e) => e.metadata.originalURL === modelId || e.name === modelId);
			if (!entry) throw new ModelLoadError(`"${modelId}" is not in the CPU model cache.`);
			await cache.delete(entry.name);
		}
	};
}

function describeThreads(wllama: WllamaLike, reason: string): string {
	const threads = wllama.isMultithread() ? wllama.getNumThreads() : 1;
	return threads > 1 ? `${threads} threads (${reason})` : `1 thread (${reason})`;
}

function mb(bytes: number): string {
	return bytes >= 10 * 2 ** 20
		? `${Math.round(bytes / 2 ** 20)} MB`
		: `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** A load failure as one of our named errors, with llama.cpp's own text where it logged any. */
export function translateLoadError(error: unknown, url: string, native: string | undefined): Error {
	if (error instanceof EngineError) return error;
	const message = errorMessage(error);
	const type = (error as { type?: unknown } | null)?.type;
	if (
		type === 'download_error' ||
		(errorName(error) === 'TypeError' && /fetch|network/i.test(message))
	) {
		return new ModelFetchError(url, message, { cause: error });
	}
	const detail = native ?? message;
	return new ModelLoadError(`llama.cpp could not load the model: ${detail}`, { cause: error });
}

/** A generation or counting failure, with llama.cpp's own text where it logged any. */
export function translateRuntimeError(error: unknown, native: string | undefined): Error {
	if (error instanceof EngineError) return error;
	const message = errorMessage(error);
	const detail =
		native && !message.includes(native) ? `${message} (llama.cpp: ${native})` : message;
	return new EngineError(`llama.cpp failed: ${detail}`, { cause: error });
}
