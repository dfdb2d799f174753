/**
 * Debounced saving for typing: the editor calls `schedule(text)` on every change; the value is
 * written once the user pauses (400 ms by default), and `flush()` writes it at once when the page
 * is being hidden or unloaded, so closing the tab loses nothing.
 *
 * Saves never overlap: a value scheduled while a save is in flight is written after it, so the
 * database always ends with the latest value. A failed save is reported through `onError` (the
 * UI shows it) and the value stays pending, so the next `schedule` or `flush` retries it.
 */

export interface TimerApi {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export interface DebouncedSaverOptions<T> {
	/** Writes one value (e.g. `(text) => saveDraft(db, skillId, text)`). */
	save: (value: T) => Promise<unknown>;
	/** Called with every save error; nothing is swallowed. */
	onError: (error: unknown) => void;
	/** Quiet time before a save, in milliseconds. */
	delayMs?: number;
	/** Timers to use (tests pass fakes). */
	timers?: TimerApi;
}

export const DEFAULT_SAVE_DELAY_MS = 400;

const globalTimers: TimerApi = {
	setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
	clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/**
 * @example
 * const saver = new DebouncedSaver({ save: (text: string) => saveDraft(db, id, text), onError });
 * const detach = flushOnHide(saver);
 * editor.onChange((text) => saver.schedule(text));
 */
export class DebouncedSaver<T> {
	readonly #save: (value: T) => Promise<unknown>;
	readonly #onError: (error: unknown) => void;
	readonly #delayMs: number;
	readonly #timers: TimerApi;
	#timer: unknown = undefined;
	#hasValue = false;
	#value: T | undefined = undefined;
	#inFlight: Promise<void> | null = null;

	constructor(options: DebouncedSaverOptions<T>) {
		this.#save = options.save;
		this.#onError = options.onError;
		this.#delayMs = options.delayMs ?? DEFAULT_SAVE_DELAY_MS;
		this.#timers = options.timers ?? globalTimers;
	}

	/** Remembers `value` as the one to save and restarts the quiet-time timer. */
	schedule(value: T): void {
		this.#value = value;
		this.#hasValue = true;
		this.#clearTimer();
		this.#timer = this.#timers.setTimeout(() => {
			this.#timer = undefined;
			void this.#drain();
		}, this.#delayMs);
	}

	/** Saves a pending value now and resolves when everything scheduled so far is written. */
	async flush(): Promise<void> {
		this.#clearTimer();
		await this.#drain();
	}

	/** True while a value waits for its save or a save is in flight. */
	pending(): boolean {
		return this.#hasValue || this.#inFlight !== null;
	}

	/** Drops a pending value without saving it (the document was deleted or replaced). */
	cancel(): void {
		this.#clearTimer();
		this.#hasValue = false;
		this.#value = undefined;
	}

	#clearTimer(): void {
		if (this.#timer === undefined) return;
		this.#timers.clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	/** Writes pending values one at a time until none is left (or a save fails). */
	async #drain(): Promise<void> {
		while (this.#inFlight !== null) await this.#inFlight;
		if (!this.#hasValue) return;
		const value = this.#value as T;
		this.#hasValue = false;
		this.#value = undefined;
		let failed = false;
		this.#inFlight = this.#save(value).then(
			() => undefined,
			(error: unknown) => {
				failed = true;
				// Keep it for a retry unless something newer was scheduled meanwhile.
				if (!this.#hasValue) {
					this.#value = value;
					this.#hasValue = true;
				}
				this.#onError(error);
			}
		);
		try {
			await this.#inFlight;
		} finally {
			this.#inFlight = null;
		}
		if (!failed && this.#hasValue && this.#timer === undefined) await this.#drain();
	}
}

/** The parts of `window` and `document` that `flushOnHide` listens to. */
export interface HideEventTargets {
	window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
	document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
}

/**
 * Flushes the saver when the page is hidden (`visibilitychange` → hidden, which is the last
 * reliable moment on mobile) or unloaded (`pagehide`). Returns a function that detaches it.
 */
export function flushOnHide(
	saver: { flush(): Promise<void> },
	targets: HideEventTargets = { window, document }
): () => void {
	const flush = (): void => {
		// Errors reach the saver's onError; the listener has nothing more to do with them.
		void saver.flush();
	};
	const onVisibility = (): void => {
		if (targets.document.visibilityState === 'hidden') flush();
	};
	targets.window.addEventListener('pagehide', flush);
	targets.document.addEventListener('visibilitychange', onVisibility);
	return () => {
		targets.window.removeEventListener('pagehide', flush);
		targets.document.removeEventListener('visibilitychange', onVisibility);
	};
}
