/**
 * Fault injection for fake-indexeddb: make the next `put` on one store fail the way a browser
 * would, either by throwing from the request call or by aborting the transaction with an error
 * (how a full disk shows up at commit time).
 */
import { vi } from 'vitest';

type PutFn = IDBObjectStore['put'];

/** The next `put` into `storeName` throws `error` (the transaction is still active). */
export function failNextPut(storeName: string, error: unknown): () => void {
	const original: PutFn = IDBObjectStore.prototype.put;
	const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
		this: IDBObjectStore,
		...args: Parameters<PutFn>
	) {
		if (this.name === storeName) {
			spy.mockRestore();
			throw error;
		}
		return original.apply(this, args);
	});
	return () => spy.mockRestore();
}

/**
 * The next `put` into `storeName` is issued, then the engine aborts the transaction with a
 * DOMException named `errorName` (fake-indexeddb's internal `_abort`, as the engine does).
 */
export function abortAfterNextPut(storeName: string, errorName: string): () => void {
	const original: PutFn = IDBObjectStore.prototype.put;
	const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
		this: IDBObjectStore,
		...args: Parameters<PutFn>
	) {
		const request = original.apply(this, args);
		if (this.name === storeName) {
			spy.mockRestore();
			const engineTx = this.transaction as unknown as { _abort(name: string): void };
			engineTx._abort(errorName);
		}
		return request;
	});
	return () => spy.mockRestore();
}
