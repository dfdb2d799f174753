/**
 * Crossing the worker boundary: token batching, and callbacks from the page that must never
 * throw into an engine and whose deliveries can be awaited before a call resolves.
 */
import { releaseProxy } from 'comlink';

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
export interface GuardedCallback<T> {
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
export function guardCallback<T>(
	callback: ((value: T) => unknown) | undefined
): GuardedCallback<T> {
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
export function releaseCallback(callback: unknown): void {
	if (typeof callback !== 'function') return;
	try {
		const release = (callback as { [releaseProxy]?: unknown })[releaseProxy];
		if (typeof release === 'function') (release as () => void)();
	} catch {
		// Already released.
	}
}
