import { describe, expect, it } from 'vitest';
import {
	runLockName,
	tryAcquireRunLock,
	waitForRunLock,
	type BroadcastChannelLike,
	type LockEnv,
	type LockManagerLike
} from '../../../src/lib/persistence/locks.ts';

/**
 * An in-memory LockManager with the Web Locks semantics used here: exclusive locks, `ifAvailable`
 * grants null when held, waiting requests are granted in order, `signal` aborts a wait. Shared by
 * all "tabs" of a test, as the browser's is shared by all tabs of an origin.
 */
class FakeLockManager implements LockManagerLike {
	readonly held = new Set<string>();
	readonly #waiting = new Map<string, (() => void)[]>();

	request(
		name: string,
		options: { ifAvailable?: boolean; signal?: AbortSignal },
		callback: (lock: unknown) => unknown
	): Promise<unknown> {
		const run = async (): Promise<unknown> => {
			this.held.add(name);
			try {
				return await callback({ name, mode: 'exclusive' });
			} finally {
				this.held.delete(name);
				this.#waiting.get(name)?.shift()?.();
			}
		};
		if (!this.held.has(name)) return run();
		if (options.ifAvailable === true) return Promise.resolve(callback(null));
		return new Promise((resolve, reject) => {
			const grant = (): void => {
				run().then(resolve, reject);
			};
			const queue = this.#waiting.get(name) ?? [];
			queue.push(grant);
			this.#waiting.set(name, queue);
			options.signal?.addEventListener('abort', () => {
				queue.splice(queue.indexOf(grant), 1);
				reject(options.signal?.reason);
			});
		});
	}
}

const withLocks = (locks: LockManagerLike): LockEnv => ({ locks, openChannel: null });

describe('run locks with Web Locks', () => {
	it('lets one tab own a run and tells the second tab it is taken', async () => {
		const locks = new FakeLockManager();
		const first = await tryAcquireRunLock('run-1', withLocks(locks));
		const second = await tryAcquireRunLock('run-1', withLocks(locks));
		expect(first).toMatchObject({ acquired: true, guaranteed: true });
		expect(second.acquired).toBe(false);
		expect(locks.held.has(runLockName('run-1'))).toBe(true);
		const other = await tryAcquireRunLock('run-2', withLocks(locks));
		expect(other.acquired).toBe(true);
	});

	it('frees the run on release so another tab can take it', async () => {
		const locks = new FakeLockManager();
		const first = await tryAcquireRunLock('run-1', withLocks(locks));
		first.release();
		first.release();
		await Promise.resolve();
		await Promise.resolve();
		expect(locks.held.size).toBe(0);
		expect((await tryAcquireRunLock('run-1', withLocks(locks))).acquired).toBe(true);
	});

	it('waits for the owner to let go, then hands the run over', async () => {
		const locks = new FakeLockManager();
		const owner = await tryAcquireRunLock('run-1', withLocks(locks));
		let takenOver = false;
		const waiting = waitForRunLock('run-1', undefined, withLocks(locks)).then((lock) => {
			takenOver = lock.acquired;
			return lock;
		});
		await new Promise((r) => setTimeout(r, 5));
		expect(takenOver).toBe(false);
		owner.release();
		const lock = await waiting;
		expect(lock).toMatchObject({ acquired: true, guaranteed: true });
		expect(locks.held.has(runLockName('run-1'))).toBe(true);
	});

	it('stops waiting when the signal aborts', async () => {
		const locks = new FakeLockManager();
		await tryAcquireRunLock('run-1', withLocks(locks));
		const controller = new AbortController();
		const waiting = waitForRunLock('run-1', controller.signal, withLocks(locks));
		controller.abort(new DOMException('left the page', 'AbortError'));
		await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
	});
});

/** BroadcastChannel-like pairs in one process, delivering asynchronously like the real one. */
function channelHub() {
	const members = new Set<FakeChannel>();
	class FakeChannel implements BroadcastChannelLike {
		readonly #listeners = new Set<(event: { data: unknown }) => void>();
		constructor() {
			members.add(this);
		}
		postMessage(message: unknown): void {
			for (const member of members)
				if (member !== this)
					for (const l of member.#listeners)
						setTimeout(() => l({ data: structuredClone(message) }), 1);
		}
		addEventListener(_type: 'message', l: (event: { data: unknown }) => void): void {
			this.#listeners.add(l);
		}
		removeEventListener(_type: 'message', l: (event: { data: unknown }) => void): void {
			this.#listeners.delete(l);
		}
		close(): void {
			members.delete(this);
		}
	}
	return { open: (): BroadcastChannelLike => new FakeChannel(), members };
}

describe('run locks without Web Locks (BroadcastChannel fallback)', () => {
	it('refuses a run another tab holds and says the answer is not guaranteed', async () => {
		const hub = channelHub();
		const env: LockEnv = { locks: null, openChannel: hub.open, probeMs: 20 };
		const first = await tryAcquireRunLock('run-1', env);
		expect(first).toMatchObject({ acquired: true, guaranteed: false });
		const second = await tryAcquireRunLock('run-1', env);
		expect(second.acquired).toBe(false);
		expect((await tryAcquireRunLock('run-2', env)).acquired).toBe(true);
		first.release();
		expect((await tryAcquireRunLock('run-1', env)).acquired).toBe(true);
	});

	it('grants the run, unguaranteed, where there is no channel either', async () => {
		const lock = await tryAcquireRunLock('run-1', { locks: null, openChannel: null });
		expect(lock).toMatchObject({ acquired: true, guaranteed: false });
	});
});
