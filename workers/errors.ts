/**
 * Named errors of the model worker.
 *
 * comlink rebuilds a thrown error on the main thread as a plain `Error` that keeps `name`,
 * `message` and `stack` and nothing else, so every class here sets `this.name` and writes a
 * message that is complete on its own (which URL, which HTTP status, what to do). The UI branches
 * on `error.name`; {@link errorName} and {@link isAbortError} do that safely for unknown values.
 * `errorTransferHandler` (see `abort-signal-handler.ts`) also carries `status` and `url` across.
 */
import { errorMessage } from '../src/core/errors.ts';

export { errorMessage };

/** Base class: every error the worker throws on purpose. */
export class EngineError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'EngineError';
	}
}

/** A model could not be loaded for a reason not covered by a more specific class. */
export class ModelLoadError extends EngineError {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'ModelLoadError';
	}
}

/** This browser or worker has no usable WebGPU adapter. */
export class WebGpuUnavailableError extends EngineError {
	constructor(detail?: string, options?: { cause?: unknown }) {
		super(
			'WebGPU is not available in this browser, so a local model cannot run here' +
				(detail ? ` (${detail})` : '') +
				'. Use a Chromium-based browser with WebGPU enabled, the simulated model, or an ' +
				'OpenAI-compatible endpoint.',
			options
		);
		this.name = 'WebGpuUnavailableError';
	}
}

/**
 * Model weights, configuration or library could not be downloaded. With a `status` the server
 * answered (wrong URL?); without one nothing answered (offline, blocked, CORS).
 */
export class ModelFetchError extends EngineError {
	/** The address that could not be fetched (best known). */
	readonly url: string;
	/** HTTP status when the server answered; absent for network failures. */
	readonly status?: number;
	constructor(url: string, detail: string, options?: { cause?: unknown; status?: number }) {
		super(
			options?.status !== undefined
				? `Could not download ${url}: the server answered HTTP ${options.status}` +
						(detail ? ` (${detail})` : '') +
						'. Check the model URL and model library URL.'
				: `Could not download ${url} (${detail}). Are you offline? Model weights come from ` +
						'huggingface.co and model libraries from raw.githubusercontent.com; both must be ' +
						'reachable from this browser for the first load (later loads use the local cache).',
			options
		);
		this.name = 'ModelFetchError';
		this.url = url;
		if (options?.status !== undefined) this.status = options.status;
	}
}

/** The GPU device was lost, usually because the model needs more memory than is available. */
export class DeviceLostError extends EngineError {
	constructor(detail?: string, options?: { cause?: unknown }) {
		super(
			'The GPU device was lost' +
				(detail ? ` (${detail})` : '') +
				'. This usually means the model needs more GPU memory than is available. The model ' +
				'was unloaded; load it again (or a smaller model / an f16 variant) and resume the run.',
			options
		);
		this.name = 'DeviceLostError';
	}
}

/** Browser storage is full or too small for the model. */
export class QuotaExceededError extends EngineError {
	constructor(detail?: string, options?: { cause?: unknown }) {
		super(
			'Not enough browser storage for the model' +
				(detail ? ` (${detail})` : '') +
				'. Delete cached models you no longer need, allow persistent storage, or leave ' +
				'private browsing, where quotas are small.',
			options
		);
		this.name = 'QuotaExceededError';
	}
}

/** A call needs a loaded model and none is loaded. */
export class EngineNotLoadedError extends EngineError {
	constructor(operation: string) {
		super(`No model is loaded: load one before calling ${operation}.`);
		this.name = 'EngineNotLoadedError';
	}
}

/**
 * The operation was cancelled through its `AbortSignal` before it produced a result. Named
 * `AbortError` like the platform's, so one check covers both. (A generation interrupted *after*
 * it started is not an error: it resolves with finish reason `abort` and the text so far.)
 */
export class GenerationAbortedError extends EngineError {
	constructor(what = 'The operation') {
		super(`${what} was cancelled.`);
		this.name = 'AbortError';
	}
}

/** An OpenAI-compatible endpoint answered with an error, or could not be reached (status 0). */
export class EndpointError extends EngineError {
	/** HTTP status; 0 when no response arrived (network failure, CORS). */
	readonly status: number;
	readonly url: string;
	constructor(status: number, url: string, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'EndpointError';
		this.status = status;
		this.url = url;
	}
}

/** An operation took longer than its time limit. */
export class TimeoutError extends EngineError {
	readonly timeoutMs: number;
	constructor(what: string, timeoutMs: number) {
		super(`${what} did not answer within ${formatSeconds(timeoutMs)}.`);
		this.name = 'TimeoutError';
		this.timeoutMs = timeoutMs;
	}
}

/** The `name` of an error-like value, or `'Error'`. */
export function errorName(error: unknown): string {
	if (typeof error === 'object' && error !== null && 'name' in error) {
		const name = (error as { name: unknown }).name;
		if (typeof name === 'string' && name !== '') return name;
	}
	return 'Error';
}

/** Whether `error` is a cancellation (ours or the platform's `AbortError`). */
export function isAbortError(error: unknown): boolean {
	return errorName(error) === 'AbortError';
}

/** Plain, structured-clone-safe form of an error: what crosses the worker boundary. */
export interface ErrorData {
	name: string;
	message: string;
	stack?: string;
	status?: number;
	url?: string;
}

/** Flatten an error to {@link ErrorData}, keeping the fields our classes add. */
export function toErrorData(error: unknown): ErrorData {
	const data: ErrorData = { name: errorName(error), message: errorMessage(error) };
	if (error instanceof Error && error.stack !== undefined) data.stack = error.stack;
	if (typeof error === 'object' && error !== null) {
		const { status, url } = error as { status?: unknown; url?: unknown };
		if (typeof status === 'number') data.status = status;
		if (typeof url === 'string') data.url = url;
	}
	return data;
}

/** Rebuild an `Error` from {@link ErrorData}: same name, message and extra fields. */
export function fromErrorData(data: ErrorData): Error {
	return Object.assign(new Error(data.message), data);
}

function formatSeconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
