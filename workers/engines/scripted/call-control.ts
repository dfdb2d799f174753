/**
 * Cancellation of one simulated call. A call ends early when its `AbortSignal` fires or when the
 * engine is interrupted; every wait inside the call (latency, slow tokens, pause points) races
 * against that, so an abort is answered at once with finish reason `abort`, never after the
 * remaining delay.
 */
import type { SignalLike } from '../../../src/core/ports.ts';

export class CallControl {
	#cancelled = false;
	readonly #wakers = new Set<() => void>();
	readonly #detach: () => void;

	constructor(signal?: SignalLike) {
		if (signal === undefined) {
			this.#detach = () => {};
			return;
		}
		const onAbort = () => this.cancel();
		signal.addEventListener('abort', onAbort, { once: true });
		this.#detach = () => signal.removeEventListener('abort', onAbort);
		if (signal.aborted) this.cancel();
	}

	get cancelled(): boolean {
		return this.#cancelled;
	}

	cancel(): void {
		if (this.#cancelled) return;
		this.#cancelled = true;
		for (const wake of [...this.#wakers]) wake();
	}

	/** Wait `ms`; resolves false at once if the call is cancelled before or during the wait. */
	sleep(ms: number): Promise<boolean> {
		if (ms <= 0) return Promise.resolve(!this.#cancelled);
		let timer: ReturnType<typeof setTimeout> | undefined;
		return this.until(
			new Promise<void>((resolve) => {
				timer = setTimeout(resolve, ms);
			})
		).finally(() => clearTimeout(timer));
	}

	/** Wait for `promise`; resolves false at once if the call is cancelled first. */
	until(promise: Promise<unknown>): Promise<boolean> {
		if (this.#cancelled) return Promise.resolve(false);
		return new Promise<boolean>((resolve) => {
			const wake = () => {
				this.#wakers.delete(wake);
				resolve(false);
			};
			this.#wakers.add(wake);
			promise.then(
				() => {
					this.#wakers.delete(wake);
					resolve(!this.#cancelled);
				},
				() => {
					this.#wakers.delete(wake);
					resolve(!this.#cancelled);
				}
			);
		});
	}

	/** Stop listening to the signal (the call is over). */
	dispose(): void {
		this.#detach();
		this.#wakers.clear();
	}
}
