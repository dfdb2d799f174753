/**
 * Fault injection for fake-indexeddb: make the next write to one store fail the way a browser
 * would, either by throwing from the request call or by aborting the transaction with an error
 * (how a full disk shows up at commit time).
 */
import { vi } from 'vitest';

type WriteMethod = 'put' | 'add';

/** The next `method` call on `storeName` throws `error` (earlier writes of the tx succeeded). */
export function failNextWrite(method: WriteMethod, storeName: string, error: unknown): void {
	const original = IDBObjectStore.prototype[method];
	const spy = vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
		this: IDBObjectStore,
		...args: Parameters<typeof original>
	) {
		if (this.name === storeName) {
			spy.mockRestore();
			throw error;
		}
		return original.apply(this, args);
	});
}

/** The next `put` into `storeName` throws `error`. */
export function failNextPut(storeName: string, error: unknown): void {
	failNextWrite('put', storeName, error);
}

/**
 * The next `put` into `storeName` is issued, then the engine aborts the transaction with a
 * DOMException named `errorName` (fake-indexeddb's internal `_abort`, as the engine does).
 */
export function abortAfterNextPut(storeName: string, errorName: string): void {
	const original = IDBObjectStore.prototype.put;
	const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
		this: IDBObjectStore,
		...args: Parameters<typeof original>
	) {
		const request = original.apply(this, args);
		if (this.name === storeName) {
			spy.mockRestore();
			const engineTx = this.transaction as unknown as { _abort(name: string): void };
			engineTx._abort(errorName);
		}
		return request;
	});
}
