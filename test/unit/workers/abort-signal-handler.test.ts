import { describe, expect, it } from 'vitest';
import {
	abortSignalTransferHandler,
	errorTransferHandler,
	releaseSignal
} from '../../../workers/abort-signal-handler.ts';
import { EndpointError } from '../../../workers/errors.ts';

/** Carry a signal across a real port, as comlink would (serialize → transfer → deserialize). */
function transferSignal(signal: AbortSignal): Promise<AbortSignal> {
	const [port, transfers] = abortSignalTransferHandler.serialize(signal);
	expect(transfers).toEqual([port]);
	const carrier = new MessageChannel();
	return new Promise((resolve) => {
		carrier.port2.onmessage = (event: MessageEvent<MessagePort>) => {
			carrier.port1.close();
			carrier.port2.close();
			resolve(abortSignalTransferHandler.deserialize(event.data));
		};
		carrier.port1.postMessage(port, [port]);
	});
}

function whenAborted(signal: AbortSignal): Promise<void> {
	return new Promise((resolve) =>
		signal.addEventListener('abort', () => resolve(), { once: true })
	);
}

describe('abortSignalTransferHandler', () => {
	it('handles AbortSignals and nothing else', () => {
		expect(abortSignalTransferHandler.canHandle(new AbortController().signal)).toBe(true);
		expect(abortSignalTransferHandler.canHandle({ aborted: false })).toBe(false);
	});

	it('aborts the received signal when the sender aborts', async () => {
		const controller = new AbortController();
		const received = await transferSignal(controller.signal);
		expect(received.aborted).toBe(false);
		const aborted = whenAborted(received);
		controller.abort();
		await aborted;
		expect(received.aborted).toBe(true);
		expect((received.reason as Error).name).toBe('AbortError');
	});

	it('delivers an abort that happened before the transfer', async () => {
		const controller = new AbortController();
		controller.abort();
		const received = await transferSignal(controller.signal);
		if (!received.aborted) await whenAborted(received);
		expect(received.aborted).toBe(true);
	});

	it('stops forwarding once the receiver released the signal', async () => {
		const controller = new AbortController();
		const received = await transferSignal(controller.signal);
		releaseSignal(received);
		controller.abort();
		await new Promise((resolve) => setTimeout(resolve, 30));
		expect(received.aborted).toBe(false);
	});
});

describe('errorTransferHandler', () => {
	it('rebuilds an error with its name, message, status and URL', () => {
		const original = new EndpointError(
			401,
			'http://127.0.0.1/v1/chat/completions',
			'check the API key'
		);
		const [serialized] = errorTransferHandler.serialize({ value: original });
		const structured = structuredClone(serialized);
		let rebuilt: unknown;
		try {
			errorTransferHandler.deserialize(structured);
		} catch (error) {
			rebuilt = error;
		}
		expect(rebuilt).toBeInstanceOf(Error);
		expect(rebuilt).toMatchObject({
			name: 'EndpointError',
			message: 'check the API key',
			status: 401,
			url: 'http://127.0.0.1/v1/chat/completions'
		});
	});

	it('passes a thrown non-error value through unchanged', () => {
		const [serialized] = errorTransferHandler.serialize({ value: 'plain' });
		expect(() => errorTransferHandler.deserialize(serialized)).toThrow('plain');
	});
});
