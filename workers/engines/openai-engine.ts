/**
 * An OpenAI-compatible Chat Completions endpoint behind the worker's `ModelEngine` interface:
 * Ollama, LM Studio, llama.cpp's server or a hosted API, for users who want a stronger optimiser
 * (or executor) than a tiny local model.
 *
 * Plain `fetch`, no SDK. Requests stream (SSE) with usage; a server that ignores `stream` gets its
 * JSON answer parsed instead, and a server that rejects streaming options is asked again without
 * streaming. Aborts and `interrupt()` cancel the HTTP request and resolve with finish reason
 * `abort` and the text so far. A timeout covers the wait for the answer and every gap between
 * streamed chunks, so a long generation that keeps streaming is never cut off.
 *
 * Browsers block cross-origin requests unless the server allows them, which local servers do not
 * by default: a network failure therefore explains the CORS setting Ollama (`OLLAMA_ORIGINS`)
 * and LM Studio ("Enable CORS") need.
 */
import type { FinishReason, GenerateRequest, GenerateResult, Usage } from '../../src/core/ports.ts';
import { approxTokenCount } from '../../src/core/text-stats.ts';
import { EndpointError, GenerationAbortedError, TimeoutError, errorMessage } from '../errors.ts';
import type { OpenAiEngineConfig } from './openai-plugin.ts';
import type { ModelEngine } from './engine.ts';

const DEFAULT_CONTEXT_WINDOW = 4096;
const DEFAULT_TIMEOUT_MS = 120_000;

/** What the engine needs from its environment; tests pass Node's `fetch`. */
export interface OpenAiDeps {
	fetch: typeof fetch;
	/** This page's origin, for the CORS advice. */
	origin?: string;
}

/**
 * Normalise what a user types as a base URL: add `http://` to a bare host, drop trailing slashes
 * and a pasted `/chat/completions`, and add `/v1` when there is no path at all.
 *
 * @example normaliseBaseUrl('localhost:11434') // 'http://localhost:11434/v1'
 */
export function normaliseBaseUrl(input: string): string {
	let text = input.trim();
	if (text === '') throw new EndpointError(0, '', 'Enter the base URL of the endpoint.');
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new EndpointError(0, input, `"${input}" is not a URL (e.g. http://localhost:11434/v1).`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new EndpointError(0, input, 'The base URL must start with http:// or https://.');
	}
	let path = url.pathname.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
	if (path === '') path = '/v1';
	return `${url.origin}${path}`;
}

/** Create the engine for an endpoint. */
export function createOpenAiEngine(
	config: Omit<OpenAiEngineConfig, 'kind'>,
	deps: OpenAiDeps = {
		fetch: (i, o) => globalThis.fetch(i, o),
		origin: globalThis.location?.origin
	}
): ModelEngine {
	const baseUrl = normaliseBaseUrl(config.baseUrl);
	const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const active = new Set<AbortController>();

	function headers(json: boolean): Record<string, string> {
		const h: Record<string, string> = {};
		if (json) h['Content-Type'] = 'application/json';
		if (config.apiKey) h['Authorization'] = `Bearer ${config.apiKey}`;
		return h;
	}

	/** fetch with the timeout on the wait for headers; throws our named errors. */
	async function send(
		url: string,
		init: RequestInit,
		controller: AbortController,
		idle: IdleTimer
	): Promise<Response> {
		let response: Response;
		try {
			idle.reset();
			response = await deps.fetch(url, { ...init, signal: controller.signal });
		} catch (error) {
			if (idle.fired) throw new TimeoutError(`The endpoint at ${url}`, timeoutMs);
			if (controller.signal.aborted) throw new GenerationAbortedError('The request');
			throw networkError(url, error, deps.origin);
		}
		if (!response.ok) {
			const body = await response.text().catch(() => '');
			throw httpError(response.status, url, body, config.model);
		}
		return response;
	}

	async function complete(
		request: GenerateRequest,
		stream: boolean,
		controller: AbortController,
		onTokens: ((batch: string) => void) | undefined
	): Promise<GenerateResult> {
		const url = `${baseUrl}/chat/completions`;
		const idle = new IdleTimer(timeoutMs, () => controller.abort());
		const partial = { text: '' };
		try {
			const response = await send(
				url,
				{
					method: 'POST',
					headers: headers(true),
					body: JSON.stringify(toRequestBody(request, config, stream))
				},
				controller,
				idle
			);
			const isSse = (response.headers.get('content-type') ?? '').includes('text/event-stream');
			if (stream && isSse && response.body) {
				return await readSse(response.body, request, onTokens, idle, partial);
			}
			idle.reset();
			const body: unknown = await response.json();
			idle.stop();
			return fromCompletion(body, request, url, onTokens);
		} catch (error) {
			if (idle.fired) throw new TimeoutError(`The endpoint at ${url}`, timeoutMs);
			if (controller.signal.aborted) {
				return {
					text: partial.text,
					finishReason: 'abort',
					usage: estimatedUsage(request, partial.text)
				};
			}
			throw error;
		} finally {
			idle.stop();
		}
	}

	return {
		label: `OpenAI-compatible endpoint (${config.model} at ${baseUrl})`,
		supportsJsonSchema: config.jsonSchema ?? true,

		async load(_request, onProgress, signal) {
			const started = performance.now();
			const elapsed = () => (performance.now() - started) / 1000;
			onProgress({ progress: 0, text: `Contacting ${baseUrl}...`, elapsedSeconds: 0 });
			const controller = new AbortController();
			const abort = () => controller.abort();
			signal?.addEventListener('abort', abort, { once: true });
			const idle = new IdleTimer(timeoutMs, () => controller.abort());
			try {
				const url = `${baseUrl}/models`;
				const response = await send(url, { headers: headers(false) }, controller, idle).catch(
					(error: unknown) => {
						// Not every compatible server lists its models: a 404 here is no failure.
						if (error instanceof EndpointError && error.status === 404) return undefined;
						throw error;
					}
				);
				await response?.body?.cancel().catch(() => undefined);
			} finally {
				idle.stop();
				signal?.removeEventListener('abort', abort);
			}
			onProgress({
				progress: 1,
				text: `Connected to ${baseUrl} (${config.model}).`,
				elapsedSeconds: elapsed(),
				etaSeconds: 0
			});
		},

		async generate(request, signal, onTokens) {
			if (signal?.aborted) throw new GenerationAbortedError('The generation');
			const controller = new AbortController();
			const abort = () => controller.abort();
			signal?.addEventListener('abort', abort, { once: true });
			active.add(controller);
			try {
				try {
					return await complete(request, true, controller, onTokens);
				} catch (error) {
					// Some servers refuse `stream_options` or streaming itself: ask once more, plainly.
					if (
						error instanceof EndpointError &&
						error.status === 400 &&
						/stream/i.test(error.message)
					) {
						return await complete(request, false, controller, onTokens);
					}
					throw error;
				}
			} finally {
				active.delete(controller);
				signal?.removeEventListener('abort', abort);
			}
		},

		async countTokens(text) {
			// The endpoint's tokenizer is not reachable: the core's conservative estimate.
			return approxTokenCount(text);
		},

		async contextWindow() {
			return config.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
		},

		async interrupt() {
			for (const controller of active) controller.abort();
		},

		async unload() {
			for (const controller of active) controller.abort();
			active.clear();
		},

		async listCached() {
			return [];
		},

		async deleteCached() {
			// Nothing is cached locally for a remote endpoint.
		}
	};
}

/** The Chat Completions request body for our request. */
export function toRequestBody(
	request: GenerateRequest,
	config: Pick<OpenAiEngineConfig, 'model' | 'jsonSchema'>,
	stream: boolean
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		model: request.model ?? config.model,
		messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
		temperature: request.temperature,
		max_tokens: request.maxTokens,
		stream
	};
	if (stream) body['stream_options'] = { include_usage: true };
	if (request.seed !== undefined) body['seed'] = Math.floor(request.seed);
	if (request.stop && request.stop.length > 0) body['stop'] = request.stop;
	if (request.jsonSchema !== undefined && (config.jsonSchema ?? true)) {
		body['response_format'] = {
			type: 'json_schema',
			json_schema: { name: 'response', schema: request.jsonSchema, strict: true }
		};
	}
	return body;
}

/** Split an SSE byte stream into the `data:` payloads of its events. */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	let data: string[] = [];
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			buffer += decoder.decode(value, { stream: true });
			let newline: number;
			while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
				if (line === '') {
					if (data.length > 0) yield data.join('\n');
					data = [];
				} else if (line.startsWith('data:')) {
					data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
				}
				// Other fields (event:, id:, retry:) and comments (":") carry nothing we use.
			}
		}
		buffer += decoder.decode();
		if (buffer.startsWith('data:')) data.push(buffer.slice(buffer.startsWith('data: ') ? 6 : 5));
		if (data.length > 0) yield data.join('\n');
	} finally {
		reader.releaseLock();
	}
}

interface ChunkJson {
	choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
	usage?: UsageJson | null;
	error?: unknown;
}

interface UsageJson {
	prompt_tokens?: number;
	completion_tokens?: number;
}

async function readSse(
	body: ReadableStream<Uint8Array>,
	request: GenerateRequest,
	onTokens: ((batch: string) => void) | undefined,
	idle: IdleTimer,
	partial: { text: string }
): Promise<GenerateResult> {
	let finishReason: FinishReason | undefined;
	let usage: Usage | undefined;
	idle.reset();
	for await (const data of sseData(body)) {
		idle.reset();
		if (data.trim() === '[DONE]') break;
		let chunk: ChunkJson;
		try {
			chunk = JSON.parse(data) as ChunkJson;
		} catch {
			continue;
		}
		if (chunk.error !== undefined) {
			throw new EndpointError(
				200,
				'',
				`The endpoint reported an error mid-stream: ${describe(chunk.error)}`
			);
		}
		const choice = chunk.choices?.[0];
		const delta = choice?.delta?.content;
		if (delta) {
			partial.text += delta;
			onTokens?.(delta);
		}
		if (choice?.finish_reason) finishReason = mapFinishReason(choice.finish_reason);
		if (chunk.usage) usage = mapUsage(chunk.usage, request, partial.text);
	}
	return {
		text: partial.text,
		finishReason: finishReason ?? 'stop',
		usage: usage ?? estimatedUsage(request, partial.text)
	};
}

function fromCompletion(
	body: unknown,
	request: GenerateRequest,
	url: string,
	onTokens: ((batch: string) => void) | undefined
): GenerateResult {
	const json = body as {
		choices?: { message?: { content?: string | null }; finish_reason?: string | null }[];
		usage?: UsageJson | null;
	};
	const choice = json.choices?.[0];
	if (!choice) {
		throw new EndpointError(200, url, 'The endpoint answered without a completion (no choices).');
	}
	const text = choice.message?.content ?? '';
	if (text) onTokens?.(text);
	return {
		text,
		finishReason: choice.finish_reason ? mapFinishReason(choice.finish_reason) : 'stop',
		usage: json.usage ? mapUsage(json.usage, request, text) : estimatedUsage(request, text)
	};
}

function mapFinishReason(reason: string): FinishReason {
	return reason === 'length' ? 'length' : 'stop';
}

function mapUsage(usage: UsageJson, request: GenerateRequest, text: string): Usage {
	const estimate = estimatedUsage(request, text);
	return {
		promptTokens: usage.prompt_tokens ?? estimate.promptTokens,
		completionTokens: usage.completion_tokens ?? estimate.completionTokens
	};
}

function estimatedUsage(request: GenerateRequest, text: string): Usage {
	return {
		promptTokens: approxTokenCount(request.messages.map((m) => m.content).join('\n')),
		completionTokens: approxTokenCount(text)
	};
}

/** An HTTP error status as an `EndpointError` whose message says what to check. */
export function httpError(status: number, url: string, body: string, model: string): EndpointError {
	const detail = serverMessage(body);
	const suffix = detail ? ` The server said: ${detail}` : '';
	let message: string;
	if (status === 401 || status === 403) {
		message = `The endpoint refused the request (HTTP ${status}): check the API key.${suffix}`;
	} else if (status === 404) {
		message =
			`Not found (HTTP 404) at ${url}: check the model name "${model}" and the base URL ` +
			`(it usually ends in /v1).${suffix}`;
	} else if (status === 429) {
		message = `The endpoint is rate-limiting requests (HTTP 429); wait and resume.${suffix}`;
	} else if (status >= 500) {
		message = `The endpoint failed (HTTP ${status}).${suffix}`;
	} else {
		message = `The endpoint rejected the request (HTTP ${status}).${suffix}`;
	}
	return new EndpointError(status, url, message);
}

/** A failed fetch (no response) as an `EndpointError` that explains CORS. */
export function networkError(url: string, error: unknown, origin?: string): EndpointError {
	const allowed = origin && origin !== 'null' ? origin : 'this page’s origin';
	return new EndpointError(
		0,
		url,
		`Could not reach ${url} (${errorMessage(error)}). Check that the server is running and the ` +
			'URL is right. A local server must also allow requests from this page (CORS): start ' +
			`Ollama with OLLAMA_ORIGINS="${allowed}" (or "*"), or in LM Studio turn on "Enable CORS" ` +
			'in the server settings.',
		{ cause: error }
	);
}

function serverMessage(body: string): string {
	const text = body.trim();
	if (text === '') return '';
	try {
		const json = JSON.parse(text) as { error?: unknown; message?: unknown; detail?: unknown };
		const found = json.error ?? json.message ?? json.detail;
		if (found !== undefined) return describe(found);
	} catch {
		// Not JSON: show the start of the text.
	}
	return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

function describe(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'object' && value !== null && 'message' in value) {
		return String((value as { message: unknown }).message);
	}
	return JSON.stringify(value);
}

/** A restartable timer: fires when nothing happened for `ms`. */
class IdleTimer {
	#timer: ReturnType<typeof setTimeout> | undefined;
	#fired = false;
	readonly #ms: number;
	readonly #onFire: () => void;

	constructor(ms: number, onFire: () => void) {
		this.#ms = ms;
		this.#onFire = onFire;
	}

	get fired(): boolean {
		return this.#fired;
	}

	reset(): void {
		this.stop();
		this.#timer = setTimeout(() => {
			this.#fired = true;
			this.#onFire();
		}, this.#ms);
	}

	stop(): void {
		if (this.#timer !== undefined) clearTimeout(this.#timer);
		this.#timer = undefined;
	}
}
