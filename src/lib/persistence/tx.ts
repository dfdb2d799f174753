/**
 * `tx()`: every repository write goes through one transaction helper, so that all of them agree
 * on three things: a failure inside the callback aborts the whole transaction (nothing half
 * written), the caller waits for the commit (not just the last request), and quota failures
 * come out as `StorageFullError` however the browser reports them.
 */
import type { IDBPTransaction } from 'idb';
import { isQuotaError, toStorageError } from './errors.ts';
import type { SkillOptDb, SkillOptSchema, StoreName } from './db.ts';

export type Tx<
	Names extends readonly StoreName[],
	Mode extends IDBTransactionMode
> = IDBPTransaction<SkillOptSchema, Names, Mode>;

/**
 * Runs `body` in one transaction over `stores` and resolves with its result once the
 * transaction has committed.
 *
 * NOTE: `body` may only await requests of this transaction. Awaiting anything else (hashing,
 * fetch, a timer) lets IndexedDB auto-commit the transaction under it; do that work first.
 *
 * @throws StorageFullError when the browser's quota stops the write; nothing is written.
 * @throws whatever `body` throws, after aborting the transaction.
 */
export async function tx<
	const Names extends readonly StoreName[],
	Mode extends IDBTransactionMode,
	T
>(
	db: SkillOptDb,
	stores: Names,
	mode: Mode,
	body: (t: Tx<Names, Mode>) => Promise<T> | T
): Promise<T> {
	const t = db.transaction(stores, mode);
	// `done` rejects when we abort below; that is expected and reported through `err` instead.
	t.done.catch(() => undefined);
	try {
		const result = await body(t);
		await t.done;
		return result;
	} catch (err) {
		try {
			t.abort();
		} catch {
			// Already committed or aborted by the browser: nothing left to undo.
		}
		// The browser may report a full disk only as the transaction's error, while the request we
		// awaited fails with a plain AbortError; otherwise the caller's own error is the story.
		throw toStorageError(isQuotaError(t.error) ? t.error : err);
	}
}
