/**
 * Pure pieces of the CPU engine, apart from wllama so unit tests need no wasm: our request as
 * wllama's chat request, how many threads to ask for and why, and which native log lines carry
 * llama.cpp's error text (it reaches JavaScript only through the logger).
 */
import type { GenerateRequest } from '../../src/core/ports.ts';

/** wllama's chat request, as far as the adapter sets it (`stop` is passed through to llama.cpp). */
export interface WllamaChatRequest {
	messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
	temperature: number;
	max_tokens: number;
	seed?: number;
	stop?: string[];
	response_format?: {
		type: 'json_schema';
		json_schema: { name: string; schema: unknown; strict: boolean };
	};
	abortSignal?: AbortSignal;
	stream?: boolean;
}

/** The part of a streamed chunk the adapter reads. */
export interface WllamaChatChunk {
	choices: {
		delta: { content?: string | null };
		finish_reason: 'stop' | 'length' | 'tool_calls' | 'content_filter' | null;
	}[];
	usage?: { prompt_tokens: number; completion_tokens: number } | null;
	/** llama.cpp's timings on the last chunk; wllama's streams carry these instead of `usage`. */
	timings?: { cache_n?: number; prompt_n?: number; predicted_n?: number };
}

/** Token usage of a streamed chunk: its `usage`, else its timings (cached + new prompt tokens). */
export function chunkUsage(
	chunk: WllamaChatChunk
): { promptTokens: number; completionTokens: number } | undefined {
	if (chunk.usage) {
		return {
			promptTokens: chunk.usage.prompt_tokens,
			completionTokens: chunk.usage.completion_tokens
		};
	}
	const t = chunk.timings;
	if (!t || typeof t.predicted_n !== 'number') return undefined;
	return { promptTokens: (t.cache_n ?? 0) + (t.prompt_n ?? 0), completionTokens: t.predicted_n };
}

/**
 * Our request in wllama's terms. A JSON schema becomes llama.cpp's grammar-constrained
 * `json_schema` response format (`json_object` alone gives `{}`).
 */
export function toWllamaChatRequest(request: GenerateRequest): WllamaChatRequest {
	const out: WllamaChatRequest = {
		messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
		temperature: request.temperature,
		max_tokens: request.maxTokens
	};
	// llama.cpp takes an unsigned integer seed.
	if (request.seed !== undefined) out.seed = Math.abs(Math.floor(request.seed));
	if (request.stop && request.stop.length > 0) out.stop = [...request.stop];
	if (request.jsonSchema !== undefined) {
		out.response_format = {
			type: 'json_schema',
			json_schema: { name: 'answer', schema: request.jsonSchema, strict: true }
		};
	}
	return out;
}

export interface ThreadPlan {
	threads: number;
	/** Why this many, for the label: "cross-origin isolated", "page not cross-origin isolated". */
	reason: string;
}

/**
 * Threads to ask for. More than one needs `SharedArrayBuffer`, which only a cross-origin
 * isolated page has; without it wllama would silently run one anyway, so we ask for one and say
 * why. The default is half the cores, as wllama's own.
 */
export function threadPlan(
	requested: number | undefined,
	crossOriginIsolated: boolean,
	hardwareConcurrency: number
): ThreadPlan {
	if (!crossOriginIsolated) {
		return { threads: 1, reason: 'single-thread: the page is not cross-origin isolated' };
	}
	const cores = Math.max(1, Math.floor(hardwareConcurrency));
	const wanted = requested ?? Math.max(1, Math.floor(cores / 2));
	const threads = Math.max(1, Math.min(cores, Math.floor(wanted)));
	return { threads, reason: 'cross-origin isolated' };
}

const NATIVE_ERROR = /error|failed|not found|wrong|invalid|unable|cannot|exception|abort/i;

/**
 * The text of a native log line worth keeping as llama.cpp's explanation, or `undefined`.
 * `always` keeps any `console.error` line; others are kept when they read like an error.
 */
export function nativeErrorLine(args: readonly unknown[], always = false): string | undefined {
	const text = args
		.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : safeJson(a)))
		.join(' ')
		.replace(/^@@\w+@@/, '')
		.trim();
	if (text === '') return undefined;
	if (!always && !NATIVE_ERROR.test(text)) return undefined;
	return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

const SPECIFIC = /error loading model|key not found|check_tensor_dims|wrong shape|invalid magic/i;

/** The most telling of the kept native lines: a specific load error if any, else the last. */
export function pickNativeError(lines: readonly string[]): string | undefined {
	const specific = [...lines].reverse().find((line) => SPECIFIC.test(line));
	return specific ?? lines.at(-1);
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** The token-count cache key of a text's SHA-256 (versioned, should the counting change). */
export function countCacheKey(sha256Hex: string): string {
	return `v1:${sha256Hex}`;
}
