/**
 * comlink transfer handlers for the model worker, registered on both sides of the boundary.
 *
 * An `AbortSignal` cannot be cloned, so it crosses as a `MessagePort` that carries one `'abort'`
 * message (the pattern from comlink issue #615): the sending side forwards its signal's abort into
 * the port; the receiving side turns the port back into a fresh `AbortSignal`. The worker maps that
 * abort to `engine.interrupt()`; it is never terminated to cancel, because reloading the model is
 * the expensive part.
 *
 * Every call would otherwise leave a port open, so the worker calls {@link releaseSignal} when the
 * call that received the signal has finished; that closes the port, and the sender stops
 * listening to its signal.
 *
 * Errors cross with comlink's own `throw` handler, which keeps only `name`, `message` and `stack`;
 * the replacement here also keeps `status` and `url` (see `errors.ts`).
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { fromErrorData, toErrorData, type ErrorData } from './errors.ts';

const ABORT_MESSAGE = 'abort';

const ports = new WeakMap<AbortSignal, MessagePort>();

/** Serialises an `AbortSignal` as a port that receives `'abort'` once. */
export const abortSignalTransferHandler: TransferHandler<AbortSignal, MessagePort> = {
	canHandle: (value: unknown): value is AbortSignal =>
		typeof AbortSignal !== 'undefined' && value instanceof AbortSignal,
	serialize(signal) {
		const { port1, port2 } = new MessageChannel();
		if (signal.aborted) {
			port1.postMessage(ABORT_MESSAGE);
			port1.close();
			return [port2, [port2]];
		}
		const forward = () => {
			port1.postMessage(ABORT_MESSAGE);
			port1.close();
		};
		signal.addEventListener('abort', forward, { once: true });
		// The receiver closes its end when the call is over: stop listening then.
		port1.addEventListener('close', () => signal.removeEventListener('abort', forward));
		port1.start();
		return [port2, [port2]];
	},
	deserialize(port) {
		const controller = new AbortController();
		port.addEventListener('message', (event: MessageEvent) => {
			if (event.data === ABORT_MESSAGE) {
				controller.abort(new DOMException('The operation was aborted.', 'AbortError'));
				port.close();
			}
		});
		port.start();
		ports.set(controller.signal, port);
		return controller.signal;
	}
};

interface ThrowValue {
	value: unknown;
}

type SerializedThrown = { isError: true; value: ErrorData } | { isError: false; value: unknown };

/** comlink's `throw` handler, extended to keep `status` and `url` of our errors. */
export const errorTransferHandler: TransferHandler<ThrowValue, SerializedThrown> = {
	canHandle: (value: unknown): value is ThrowValue =>
		typeof value === 'object' && value !== null && isThrowMarked(value),
	serialize({ value }) {
		const serialized: SerializedThrown =
			value instanceof Error
				? { isError: true, value: toErrorData(value) }
				: { isError: false, value };
		return [serialized, []];
	},
	deserialize(serialized) {
		throw serialized.isError ? fromErrorData(serialized.value) : serialized.value;
	}
};

// comlink marks thrown values with a private symbol; its default handler is the reference.
const defaultThrowHandler = transferHandlers.get('throw');
function isThrowMarked(value: object): boolean {
	return defaultThrowHandler?.canHandle(value) ?? false;
}

/**
 * Register the handlers with comlink. Call once on each side (the worker entry and the client);
 * repeated calls are harmless.
 */
export function registerTransferHandlers(): void {
	transferHandlers.set(
		'abortSignal',
		abortSignalTransferHandler as TransferHandler<unknown, unknown>
	);
	transferHandlers.set('throw', errorTransferHandler as TransferHandler<unknown, unknown>);
}

/**
 * Close the port behind a signal that arrived through {@link abortSignalTransferHandler}, once
 * the call that received it has finished. Does nothing for other signals.
 */
export function releaseSignal(signal: AbortSignal | undefined): void {
	if (!signal) return;
	const port = ports.get(signal);
	if (port) {
		port.close();
		ports.delete(signal);
	}
}
