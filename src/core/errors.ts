/**
 * Named error classes for the SkillOpt loop.
 *
 * Errors cross the worker boundary through comlink, which rebuilds them as plain `Error`s that
 * keep only `name`, `message` and `stack`. So every class here sets `this.name`, and callers
 * branch on `err.name` (through the `is*` helpers below) rather than on `instanceof`.
 */

/** A prompt (or a prompt plus its reserved output) does not fit the model's context window. */
export class ContextOverflowError extends Error {
	/** Tokens the prompt needs, as counted (or reported by the engine). */
	readonly tokens: number;
	/** The window it had to fit into. */
	readonly limit: number;

	/**
	 * @example throw new ContextOverflowError(4301, 4096, 'failure-analyst prompt')
	 */
	constructor(tokens: number, limit: number, what = 'prompt', options?: ErrorOptions) {
		super(`${what} needs ${tokens} tokens but the context window holds ${limit}`, options);
		this.name = 'ContextOverflowError';
		this.tokens = tokens;
		this.limit = limit;
	}
}

/** An optimiser answer that could not be used, even after the one repair retry. */
export class OptimiserOutputError extends Error {
	/** Which stage produced it ('failure-analyst', 'merge', ...). */
	readonly stage: string;

	/**
	 * @example throw new OptimiserOutputError('rank', 'no JSON object found')
	 */
	constructor(stage: string, detail: string, options?: ErrorOptions) {
		super(`${stage}: ${detail}`, options);
		this.name = 'OptimiserOutputError';
		this.stage = stage;
	}
}

/** A skill document whose protected-region markers are unpaired or nested. */
export class MalformedSkillError extends Error {
	/**
	 * @example throw new MalformedSkillError('SLOW_UPDATE_START at line 9 has no end marker')
	 */
	constructor(detail: string, options?: ErrorOptions) {
		super(`malformed skill document: ${detail}`, options);
		this.name = 'MalformedSkillError';
	}
}

/**
 * Cancellation, named like the DOM's `AbortError` so that one `err.name === 'AbortError'` check
 * covers this class, a real `DOMException` and a comlink-rebuilt error alike.
 */
export class AbortError extends Error {
	/**
	 * @example throw new AbortError('run stopped by the user')
	 */
	constructor(message = 'The operation was aborted', options?: ErrorOptions) {
		super(message, options);
		this.name = 'AbortError';
	}
}

function hasName(err: unknown, name: string): boolean {
	return (
		typeof err === 'object' &&
		err !== null &&
		'name' in err &&
		(err as { name: unknown }).name === name
	);
}

/**
 * Whether `err` means "cancelled": our `AbortError`, a DOM `AbortError`, or either after comlink
 * turned it into a plain object with the same name.
 *
 * @example
 * try { await step(signal) } catch (err) { if (isAbortError(err)) return 'stopped'; throw err }
 */
export function isAbortError(err: unknown): boolean {
	return hasName(err, 'AbortError');
}

/** @example if (isContextOverflowError(err)) shrinkAndRetry() */
export function isContextOverflowError(err: unknown): boolean {
	return hasName(err, 'ContextOverflowError');
}

/** @example if (isOptimiserOutputError(err)) degradeStage() */
export function isOptimiserOutputError(err: unknown): boolean {
	return hasName(err, 'OptimiserOutputError');
}

/**
 * Throws an `AbortError` when `signal` is aborted. `signal.throwIfAborted()` would throw the
 * signal's own reason (which may be anything); this always throws something `isAbortError`
 * recognises, keeping the reason as `cause`.
 *
 * @example checkAborted(signal) // at every stage boundary
 */
export function checkAborted(
	signal: { readonly aborted: boolean; readonly reason?: unknown } | undefined
): void {
	if (signal?.aborted) {
		const reason = signal.reason;
		if (isAbortError(reason) && reason instanceof Error) throw reason;
		throw new AbortError(undefined, reason === undefined ? undefined : { cause: reason });
	}
}

/**
 * The message of anything thrown: an Error's `message`, an error-like object's `message` (errors
 * rebuilt by comlink), or the value as text.
 *
 * @example errorMessage(new RangeError('too big')) // 'too big'
 */
export function errorMessage(error: unknown): string {
	if (typeof error === 'object' && error !== null && 'message' in error) {
		const message = (error as { message: unknown }).message;
		if (typeof message === 'string') return message;
	}
	return String(error);
}
