/**
 * Exclusive ownership of a run across tabs, so that only one tab drives a given run and the
 * others show it read-only.
 *
 * With the Web Locks API (every current browser) the guarantee is real: the lock is held until
 * `release()` or until the tab closes or crashes, when the browser frees it. Without it, a
 * BroadcastChannel probe is the fallback: the tab asks whether another tab holds the run and
 * takes it if none answers within `probeMs`. Two tabs probing within that window can both win,
 * so the result says `guaranteed: false`. Where neither API exists, the tab gets the run, also
 * not guaranteed. Everything is injectable so tests run with fakes.
 */

/** The part of `LockManager` used here. */
export interface LockManagerLike {
	request(
		name: string,
		options: { ifAvailable?: boolean; signal?: AbortSignal },
		callback: (lock: unknown) => unknown
	): Promise<unknown>;
}

/** The part of `BroadcastChannel` used here and in `run-channel.ts`. */
export interface BroadcastChannelLike {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
	removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
	close(): void;
}

export interface LockEnv {
	/** `navigator.locks`, or null where it is missing. */
	locks: LockManagerLike | null;
	/** Opens a broadcast channel (the fallback), or null where there is none. */
	openChannel: ((name: string) => BroadcastChannelLike) | null;
	/** How long the fallback waits for another tab to answer. */
	probeMs?: number;
}

export interface RunLock {
	acquired: boolean;
	/** False when the fallback was used and another tab might hold the run too. */
	guaranteed: boolean;
	/** Gives the run up (idempotent; a no-op when not acquired). */
	release(): void;
}

/** NOTE: DO NOT CHANGE: two app versions open side by side must agree on these names. */
export const RUN_LOCK_PREFIX = 'skillopt-playground.run:';
const FALLBACK_CHANNEL = 'skillopt-playground.locks.v1';

export function runLockName(runId: string): string {
	return RUN_LOCK_PREFIX + runId;
}

/** The browser's APIs, where present. */
export function browserLockEnv(): LockEnv {
	const nav = typeof navigator === 'undefined' ? undefined : navigator;
	return {
		locks: nav?.locks ?? null,
		openChannel:
			typeof BroadcastChannel === 'undefined'
				? null
				: (name) => new BroadcastChannel(name) as BroadcastChannelLike
	};
}

const NOT_ACQUIRED: RunLock = { acquired: false, guaranteed: true, release: () => undefined };

/**
 * Takes the run's lock if no other tab holds it, without waiting.
 *
 * @example
 * const lock = await tryAcquireRunLock(run.id);
 * if (!lock.acquired) showReadOnly(run.id);
 * else try { await drive(run) } finally { lock.release() }
 */
export function tryAcquireRunLock(
	runId: string,
	env: LockEnv = browserLockEnv()
): Promise<RunLock> {
	if (env.locks !== null) return requestLock(env.locks, runLockName(runId), true);
	return fallbackAcquire(runLockName(runId), env);
}

/**
 * Waits until the run's lock is free (the driving tab released it, closed or crashed), then
 * takes it: a read-only tab can use it to offer "take over". Rejects with the signal's reason
 * when aborted. Without Web Locks it resolves at once with the fallback's answer.
 */
export function waitForRunLock(
	runId: string,
	signal?: AbortSignal,
	env: LockEnv = browserLockEnv()
): Promise<RunLock> {
	if (env.locks !== null) return requestLock(env.locks, runLockName(runId), false, signal);
	return fallbackAcquire(runLockName(runId), env);
}

function requestLock(
	locks: LockManagerLike,
	name: string,
	ifAvailable: boolean,
	signal?: AbortSignal
): Promise<RunLock> {
	return new Promise((resolve, reject) => {
		const options = ifAvailable ? { ifAvailable } : signal === undefined ? {} : { signal };
		locks
			.request(name, options, (lock) => {
				if (lock === null) {
					resolve(NOT_ACQUIRED);
					return undefined;
				}
				// The lock is held for as long as this promise is pending.
				return new Promise<void>((release) => {
					resolve({ acquired: true, guaranteed: true, release: () => release() });
				});
			})
			.catch(reject);
	});
}

/** Locks this tab holds through the fallback, by channel, answering other tabs' probes. */
function fallbackAcquire(name: string, env: LockEnv): Promise<RunLock> {
	if (env.openChannel === null)
		return Promise.resolve({ acquired: true, guaranteed: false, release: () => undefined });
	const channel = env.openChannel(FALLBACK_CHANNEL);
	return new Promise((resolve) => {
		let answered = false;
		const onProbeReply = (event: { data: unknown }): void => {
			if (isLockMessage(event.data, 'held', name)) answered = true;
		};
		channel.addEventListener('message', onProbeReply);
		channel.postMessage({ type: 'probe', name });
		setTimeout(() => {
			channel.removeEventListener('message', onProbeReply);
			if (answered) {
				channel.close();
				resolve({ ...NOT_ACQUIRED, guaranteed: false });
				return;
			}
			const answerProbes = (event: { data: unknown }): void => {
				if (isLockMessage(event.data, 'probe', name)) channel.postMessage({ type: 'held', name });
			};
			channel.addEventListener('message', answerProbes);
			let released = false;
			resolve({
				acquired: true,
				guaranteed: false,
				release: () => {
					if (released) return;
					released = true;
					channel.removeEventListener('message', answerProbes);
					channel.close();
				}
			});
		}, env.probeMs ?? 150);
	});
}

function isLockMessage(data: unknown, type: 'probe' | 'held', name: string): boolean {
	if (typeof data !== 'object' || data === null) return false;
	return 'type' in data && data.type === type && 'name' in data && data.name === name;
}
