/**
 * WebLLM behind the worker's `ModelEngine` interface: a thin adapter over `MLCEngine`.
 *
 * This module imports WebLLM statically; the worker API reaches it only through the dynamic
 * `import()` in its factory, so WebLLM's code is fetched when a WebLLM model is first loaded.
 * Everything WebLLM is touched through {@link WebLlmBindings}, which lets unit tests drive the
 * adapter (request mapping, finish reasons, usage, abort, error translation) with a fake engine:
 * no model can be downloaded in CI.
 *
 * The engine is `new MLCEngine()` + `reload(models)` (what `CreateMLCEngine` does) so that a load
 * can be cancelled (`unload()` aborts a reload) and one engine can load another model list later.
 * WebLLM's failures are translated into our named errors with messages a person can act on:
 * fetch failures name the URL that failed (found by probing the model's config and library URLs),
 * missing WebGPU, lost devices, full storage, f16 libraries on adapters without `shader-f16`.
 */
import {
	MLCEngine,
	deleteModelAllInfoInCache,
	hasModelInCache,
	prebuiltAppConfig,
	type ChatCompletionChunk,
	type ChatCompletionMessageParam,
	type ChatCompletionRequestStreaming
} from '@mlc-ai/web-llm';
import type { GenerateRequest, GenerateResult, FinishReason, Usage } from '../../src/core/ports.ts';
import { approxTokenCount } from '../../src/core/text-stats.ts';
import {
	DeviceLostError,
	EngineError,
	EngineNotLoadedError,
	GenerationAbortedError,
	ModelFetchError,
	ModelLoadError,
	QuotaExceededError,
	WebGpuUnavailableError,
	errorMessage,
	errorName
} from '../errors.ts';
import type { WebLlmEngineConfig } from '../llm-api.ts';
import type { CachedModel, ModelEngine } from './engine.ts';
import { createEtaEstimator, type RawProgress } from './progress.ts';
import {
	WEBLLM_CATALOGUE,
	buildAppConfig,
	recordContextWindow,
	type AppConfigData,
	type ModelRecordData
} from './webllm-catalogue.ts';
import { checkStorage, type StorageLike } from './webllm-storage.ts';
import { watchDeviceLoss, type DeviceLostInfo } from './device-loss.ts';
import { createSha256Hasher } from '../../src/core/hash.ts';

export { checkStorage, requestPersistentStorage, estimateDownloadBytes } from './webllm-storage.ts';

/** The part of `MLCEngine` the adapter uses. */
export interface MlcEngineLike {
	reload(models: string[]): Promise<void>;
	streamChat(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
	interruptGenerate(): Promise<void>;
	unload(): Promise<void>;
}

/** Everything the adapter takes from WebLLM and the browser, replaceable in tests. */
export interface WebLlmBindings {
	prebuiltRecords: readonly ModelRecordData[];
	createEngine(options: {
		appConfig: AppConfigData;
		initProgressCallback: (report: RawProgress) => void;
	}): MlcEngineLike;
	hasModelInCache(modelId: string, appConfig: AppConfigData): Promise<boolean>;
	deleteModelAllInfoInCache(modelId: string, appConfig: AppConfigData): Promise<void>;
	/** `navigator.gpu`; `undefined` when the API is missing. */
	gpu: unknown;
	storage: StorageLike | undefined;
	/** Used to find which URL failed after a fetch failure. */
	fetch: typeof fetch;
	/** Cache API, for cached sizes; absent where unavailable. */
	caches?: CacheStorage;
	/** WebGPU's device-lost signal (see `device-loss.ts`); returns a function that stops it. */
	watchDeviceLoss?: (listener: (info: DeviceLostInfo) => void) => () => void;
}

/** The real bindings: WebLLM and the worker's globals. */
export function browserBindings(): WebLlmBindings {
	return {
		prebuiltRecords: prebuiltAppConfig.model_list,
		createEngine(options) {
			const engine = new MLCEngine(options);
			return {
				reload: (models) => engine.reload(models),
				streamChat: (request) => engine.chat.completions.create(request),
				interruptGenerate: () => engine.interruptGenerate(),
				unload: () => engine.unload()
			};
		},
		hasModelInCache,
		deleteModelAllInfoInCache,
		gpu: globalThis.navigator?.gpu,
		storage: globalThis.navigator?.storage,
		fetch: (input, init) => globalThis.fetch(input, init),
		caches: globalThis.caches,
		watchDeviceLoss: (listener) => watchDeviceLoss(globalThis.navigator?.gpu, listener)
	};
}

const PROBE_TIMEOUT_MS = 8000;

/** Create the WebLLM engine adapter for a config (models are chosen at `load`). */
export function createWebLlmEngine(
	config: Omit<WebLlmEngineConfig, 'models'>,
	bindings: WebLlmBindings = browserBindings()
): ModelEngine {
	const appConfig = buildAppConfig(
		bindings.prebuiltRecords,
		config.customRecords ?? [],
		config.cacheBackend
	);
	const records = new Map(appConfig.model_list.map((r) => [r.model_id, r]));
	let engine: MlcEngineLike | undefined;
	let loaded: string[] = [];
	let onProgress: (report: RawProgress) => void = () => undefined;
	/**
	 * Why the engine is lost, once its GPU device is gone: WebLLM has disposed itself, every
	 * later call would fail, so the next `load` creates a new engine.
	 */
	let lost: string | undefined;
	/** Prompt-token usage by model and text hash: each costs a (short) prefill. */
	const promptCounts = new Map<string, number>();
	const hasher = createSha256Hasher(globalThis.crypto.subtle);
	bindings.watchDeviceLoss?.((info) => markLost(info.message || info.reason));

	function markLost(detail: string): void {
		if (!engine || lost !== undefined) return;
		lost = detail;
		loaded = [];
		// A generation in flight would otherwise wait for a device that will never answer.
		void Promise.resolve()
			.then(() => engine?.interruptGenerate())
			.catch(() => undefined);
	}

	function recordOf(modelId: string): ModelRecordData {
		const record = records.get(modelId);
		if (!record) {
			throw new ModelLoadError(
				`Unknown model "${modelId}": it is neither in WebLLM's model list nor a custom model.`
			);
		}
		return record;
	}

	function requireLoaded(operation: string): MlcEngineLike {
		if (lost !== undefined) throw new DeviceLostError(lost);
		if (!engine || loaded.length === 0) throw new EngineNotLoadedError(operation);
		return engine;
	}

	return {
		label: 'WebLLM (local WebGPU)',
		supportsJsonSchema: true,

		async load(request, report, signal) {
			const wanted = request.models.map(recordOf);
			if (wanted.length === 0) throw new ModelLoadError('No model was chosen to load.');
			if (!bindings.gpu) throw new WebGpuUnavailableError('navigator.gpu is missing');
			for (const record of wanted) {
				if (await isCached(record)) continue;
				const check = await checkStorage(bindings.storage, record);
				if (check.verdict === 'full') throw new QuotaExceededError(check.message);
			}
			const eta = createEtaEstimator();
			onProgress = (raw) => report(eta(raw));
			if (lost !== undefined) {
				// The old engine's GPU module is disposed: start over with a new one.
				const old = engine;
				engine = undefined;
				lost = undefined;
				await old?.unload().catch(() => undefined);
			}
			engine ??= bindings.createEngine({
				appConfig,
				initProgressCallback: (raw) => onProgress(raw)
			});
			const current = engine;
			const abort = () => void current.unload().catch(() => undefined);
			signal?.addEventListener('abort', abort, { once: true });
			loaded = [];
			try {
				await current.reload(request.models);
				if (signal?.aborted) throw new GenerationAbortedError('Loading the model');
				loaded = [...request.models];
			} catch (error) {
				if (signal?.aborted) throw new GenerationAbortedError('Loading the model');
				throw await translateLoadError(error, wanted, bindings.fetch);
			} finally {
				signal?.removeEventListener('abort', abort);
				onProgress = () => undefined;
			}
		},

		async generate(request, signal, onTokens) {
			const current = requireLoaded('generate');
			if (signal?.aborted) throw new GenerationAbortedError('The generation');
			const interrupt = () => void current.interruptGenerate().catch(() => undefined);
			signal?.addEventListener('abort', interrupt, { once: true });
			try {
				const stream = await current.streamChat(toWebLlmRequest(request, loaded));
				const result = await collectStream(
					stream,
					request,
					onTokens,
					() => signal?.aborted ?? false
				);
				// A device lost mid-answer ends the stream early: that answer is not a real one.
				if (lost !== undefined) throw new DeviceLostError(lost);
				return result;
			} catch (error) {
				const translated = translateRuntimeError(error);
				if (translated instanceof DeviceLostError) markLost(errorMessage(error));
				throw translated;
			} finally {
				signal?.removeEventListener('abort', interrupt);
			}
		},

		async countTokens(text) {
			// MLCEngine exposes no tokenizer, and an exact count costs a prefill: a run's budgeting
			// uses the core's conservative estimate.
			return approxTokenCount(text);
		},

		async countTokensExact(text, model) {
			const current = requireLoaded('countTokensExact');
			const id = model ?? loaded[0] ?? '';
			// The prompt-token usage of a one-token completion, less that of an empty prompt: the
			// chat template's tokens cancel out and what is left is the text's own count.
			const withText = await promptTokens(current, text, id);
			const empty = await promptTokens(current, '', id);
			if (withText === undefined || empty === undefined) return undefined;
			return Math.max(0, withText - empty);
		},

		async contextWindow(model) {
			const id = model ?? loaded[0];
			return recordContextWindow(id === undefined ? undefined : records.get(id));
		},

		async interrupt() {
			await engine?.interruptGenerate();
		},

		async unload() {
			loaded = [];
			await engine?.unload();
		},

		async listCached() {
			const ids = [
				...WEBLLM_CATALOGUE.flatMap((f) => [f.f16.modelId, f.f32.modelId]),
				...(config.customRecords ?? []).map((r) => r.model_id)
			];
			const found: CachedModel[] = [];
			for (const id of new Set(ids)) {
				const record = records.get(id);
				if (!record || !(await isCached(record))) continue;
				const sizeBytes = await cachedBytes(record);
				found.push(sizeBytes === undefined ? { modelId: id } : { modelId: id, sizeBytes });
			}
			return found;
		},

		async deleteCached(modelId) {
			recordOf(modelId);
			await bindings.deleteModelAllInfoInCache(modelId, appConfig);
		}
	};

	async function promptTokens(
		current: MlcEngineLike,
		content: string,
		model: string
	): Promise<number | undefined> {
		const key = `${model}\u0000${await hasher.sha256Hex(content)}`;
		const known = promptCounts.get(key);
		if (known !== undefined) return known;
		const request: GenerateRequest = {
			messages: [{ role: 'user', content }],
			temperature: 0,
			maxTokens: 1,
			...(model ? { model } : {})
		};
		try {
			const stream = await current.streamChat(toWebLlmRequest(request, loaded));
			let usage: number | undefined;
			for await (const chunk of stream) if (chunk.usage) usage = chunk.usage.prompt_tokens;
			if (usage !== undefined) promptCounts.set(key, usage);
			return usage;
		} catch (error) {
			const translated = translateRuntimeError(error);
			if (translated instanceof DeviceLostError) markLost(errorMessage(error));
			throw translated;
		}
	}

	async function isCached(record: ModelRecordData): Promise<boolean> {
		try {
			return await bindings.hasModelInCache(record.model_id, appConfig);
		} catch {
			return false;
		}
	}

	/** Bytes of the model's cached files (Cache API backend only, from Content-Length). */
	async function cachedBytes(record: ModelRecordData): Promise<number | undefined> {
		if (!bindings.caches || (appConfig.cacheBackend ?? 'cache') !== 'cache') return undefined;
		try {
			const prefix = modelBaseUrl(record.model);
			const cache = await bindings.caches.open('webllm/model');
			let total = 0;
			for (const request of await cache.keys()) {
				if (!request.url.startsWith(prefix)) continue;
				const length = (await cache.match(request))?.headers.get('content-length');
				total += length ? Number(length) : 0;
			}
			return total > 0 ? total : undefined;
		} catch {
			return undefined;
		}
	}
}

/**
 * Our request as WebLLM's streaming Chat Completions request. With several models loaded and no
 * `model` named, the first loaded model answers (WebLLM would refuse the ambiguity). Qwen3's
 * thinking mode is switched off.
 */
export function toWebLlmRequest(
	request: GenerateRequest,
	loadedModels: readonly string[]
): ChatCompletionRequestStreaming {
	const out: ChatCompletionRequestStreaming = {
		messages: request.messages.map(toMessageParam),
		stream: true,
		stream_options: { include_usage: true },
		temperature: request.temperature,
		max_tokens: request.maxTokens
	};
	// WebLLM requires an integer seed (SeedTypeError otherwise).
	if (request.seed !== undefined) out.seed = Math.floor(request.seed);
	if (request.stop && request.stop.length > 0) out.stop = request.stop;
	if (request.jsonSchema !== undefined) {
		out.response_format = { type: 'json_object', schema: JSON.stringify(request.jsonSchema) };
	}
	const model = request.model ?? (loadedModels.length > 1 ? loadedModels[0] : undefined);
	if (model !== undefined) out.model = model;
	// Qwen3 "thinks" at length by default, which a 4k window cannot afford; WebLLM's switch adds an
	// empty think block, so it must be sent to Qwen3 models only.
	if (/^qwen3-/i.test(model ?? loadedModels[0] ?? '')) out.extra_body = { enable_thinking: false };
	return out;
}

function toMessageParam(message: GenerateRequest['messages'][number]): ChatCompletionMessageParam {
	switch (message.role) {
		case 'system':
			return { role: 'system', content: message.content };
		case 'user':
			return { role: 'user', content: message.content };
		case 'assistant':
			return { role: 'assistant', content: message.content };
	}
}

/** Read a WebLLM stream into our result, passing text deltas on as they arrive. */
export async function collectStream(
	stream: AsyncIterable<ChatCompletionChunk>,
	request: GenerateRequest,
	onTokens: ((batch: string) => void) | undefined,
	aborted: () => boolean
): Promise<GenerateResult> {
	let text = '';
	let finishReason: FinishReason | undefined;
	let usage: Usage | undefined;
	let pieces = 0;
	for await (const chunk of stream) {
		const choice = chunk.choices[0];
		const delta = choice?.delta.content;
		if (delta) {
			text += delta;
			pieces++;
			onTokens?.(delta);
		}
		if (choice?.finish_reason) finishReason = mapFinishReason(choice.finish_reason);
		if (chunk.usage) usage = mapUsage(chunk.usage);
	}
	if (aborted()) finishReason = 'abort';
	// WebLLM streams one token per chunk but its usage report counts one completion token fewer
	// than were streamed (checked with a real engine): the streamed count is the exact one.
	if (usage && pieces > usage.completionTokens) usage.completionTokens = pieces;
	return {
		text,
		finishReason: finishReason ?? 'stop',
		usage: usage ?? {
			promptTokens: approxTokenCount(request.messages.map((m) => m.content).join('\n')),
			completionTokens: approxTokenCount(text)
		}
	};
}

function mapFinishReason(reason: string): FinishReason {
	switch (reason) {
		case 'length':
			return 'length';
		case 'abort':
			return 'abort';
		default:
			// 'stop' and 'tool_calls' both mean the model ended its answer.
			return 'stop';
	}
}

function mapUsage(usage: NonNullable<ChatCompletionChunk['usage']>): Usage {
	const result: Usage = {
		promptTokens: usage.prompt_tokens,
		completionTokens: usage.completion_tokens
	};
	const extra = usage.extra as Partial<typeof usage.extra> | undefined;
	if (isRate(extra?.prefill_tokens_per_s))
		result.prefillTokensPerSecond = extra.prefill_tokens_per_s;
	if (isRate(extra?.decode_tokens_per_s)) result.decodeTokensPerSecond = extra.decode_tokens_per_s;
	return result;
}

function isRate(value: number | undefined): value is number {
	return value !== undefined && Number.isFinite(value) && value >= 0;
}

/** WebLLM's URL rule: `resolve/main/` is appended unless the URL names a `resolve/<x>/`. */
export function modelBaseUrl(model: string): string {
	let url = model.endsWith('/') ? model : `${model}/`;
	if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
	return new URL(url).href;
}

const FETCH_FAILURE =
	/failed to fetch|networkerror|load failed|request failed|cannot fetch|failed to store|unable to fetch|network response was not ok|fetch failed/i;

/** Whether a load failure looks like a download failure. */
export function isFetchFailure(error: unknown): boolean {
	return FETCH_FAILURE.test(errorMessage(error)) || errorName(error) === 'NetworkError';
}

/**
 * Translate a WebLLM load failure into our named errors. For download failures the browser's
 * message rarely names the URL, so the model's first files are probed to find the one that fails.
 */
export async function translateLoadError(
	error: unknown,
	records: readonly ModelRecordData[],
	fetchFn: typeof fetch
): Promise<Error> {
	const runtime = translateRuntimeError(error);
	if (runtime instanceof EngineError) return runtime;
	const name = errorName(error);
	const message = errorMessage(error);
	if (name === 'ShaderF16SupportError' || (name === 'FeatureSupportError' && /f16/.test(message))) {
		return new ModelLoadError(
			'This model needs the WebGPU feature shader-f16, which this adapter lacks. Choose the ' +
				'f32 variant of the model (q4f32_1 or q0f32).',
			{ cause: error }
		);
	}
	if (isFetchFailure(error)) {
		const named = /https?:\/\/[^\s'"<>)]+/.exec(message)?.[0];
		const failure = await findFailingUrl(named ? [named] : records.flatMap(firstFilesOf), fetchFn);
		if (failure) {
			return new ModelFetchError(failure.url, failure.detail, {
				cause: error,
				...(failure.status === undefined ? {} : { status: failure.status })
			});
		}
		const fallback = named ?? records[0]?.model ?? 'the model files';
		return new ModelFetchError(fallback, message, { cause: error });
	}
	return new ModelLoadError(`Loading the model failed: ${message}`, { cause: error });
}

/** Translate errors that can happen at any time (load or generation). */
export function translateRuntimeError(error: unknown): unknown {
	if (error instanceof EngineError) return error;
	const name = errorName(error);
	const message = errorMessage(error);
	if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError') {
		return new WebGpuUnavailableError(undefined, { cause: error });
	}
	// After a device loss WebLLM disposes its runtime and every later call fails with "Module has
	// already been disposed": the engine is as lost as the device.
	if (
		name === 'DeviceLostError' ||
		/device (was )?lost|module has already been disposed/i.test(message) ||
		isDeviceLostInfo(error)
	) {
		return new DeviceLostError(undefined, { cause: error });
	}
	if (name === 'QuotaExceededError' || /quota/i.test(message)) {
		return new QuotaExceededError(message, { cause: error });
	}
	if (name === 'ModelNotLoadedError' || name === 'EngineNotLoadedError') {
		return new EngineNotLoadedError('generate');
	}
	return error;
}

/** A `GPUDeviceLostInfo` (or its plain copy) thrown or rejected as is. */
function isDeviceLostInfo(value: unknown): boolean {
	if (typeof value !== 'object' || value === null || value instanceof Error) return false;
	const reason = (value as { reason?: unknown }).reason;
	return (reason === 'unknown' || reason === 'destroyed') && 'message' in value;
}

/** The files WebLLM fetches first for a model: its chat config and its model library. */
function firstFilesOf(record: ModelRecordData): string[] {
	try {
		return [new URL('mlc-chat-config.json', modelBaseUrl(record.model)).href, record.model_lib];
	} catch {
		return [record.model, record.model_lib];
	}
}

/** Probe URLs in order; the first that fails, with why, or `undefined` if all answer. */
export async function findFailingUrl(
	urls: readonly string[],
	fetchFn: typeof fetch,
	timeoutMs = PROBE_TIMEOUT_MS
): Promise<{ url: string; detail: string; status?: number } | undefined> {
	for (const url of urls) {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), timeoutMs);
		try {
			const response = await fetchFn(url, { method: 'GET', signal: controller.signal });
			await response.body?.cancel().catch(() => undefined);
			if (!response.ok) {
				return {
					url,
					status: response.status,
					detail: response.statusText || 'error status'
				};
			}
		} catch (error) {
			const detail = controller.signal.aborted
				? `no answer within ${timeoutMs / 1000} s`
				: `network error: ${errorMessage(error)}`;
			return { url, detail };
		} finally {
			clearTimeout(timer);
		}
	}
	return undefined;
}
