import { afterEach, describe, expect, it, vi } from 'vitest';
import { expose } from 'comlink';
import type { GenerateRequest } from '../../../src/core/ports.ts';
import { EngineClient, type WorkerLike } from '../../../src/lib/engine/engine-client.ts';
import { createLlmApi } from '../../../workers/llm-api.ts';
import { FakeEngine, type FakeEngineOptions } from './fake-engine.ts';

const request: GenerateRequest = {
	messages: [{ role: 'user', content: 'Heads?' }],
	temperature: 0,
	maxTokens: 16
};

const ports: MessagePort[] = [];
afterEach(() => {
	for (const port of ports.splice(0)) port.close();
});

/** A client whose "worker" is the API exposed on the other end of a MessageChannel. */
function clientWith(options: FakeEngineOptions = {}) {
	const engines: FakeEngine[] = [];
	const terminate = vi.fn();
	const createWorker = vi.fn((): WorkerLike => {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1, port2);
		expose(
			createLlmApi({
				scripted: async () => {
					const engine = new FakeEngine(options);
					engines.push(engine);
					return engine;
				}
			}),
			port1
		);
		return Object.assign(port2, { terminate });
	});
	return { client: new EngineClient({ createWorker }), createWorker, engines, terminate };
}

describe('EngineClient', () => {
	it('creates no worker until a model is loaded', async () => {
		const { client, createWorker } = clientWith();
		await expect(client.generate(request)).rejects.toMatchObject({ name: 'EngineNotLoadedError' });
		expect(client.started).toBe(false);
		expect(createWorker).not.toHaveBeenCalled();
		const progress: number[] = [];
		const status = await client.load({ kind: 'scripted', scenario: 'clean' }, (p) =>
			progress.push(p.progress)
		);
		expect(createWorker).toHaveBeenCalledTimes(1);
		expect(status.state).toBe('ready');
		expect(progress.at(-1)).toBe(1);
	});

	it('adapts to the ChatEngine port and names the bound model', async () => {
		const { client, engines } = clientWith({ tokens: ['Answer: ', 'yes'] });
		await client.load({ kind: 'scripted', scenario: 'clean', models: ['exec', 'opt'] });
		const optimiser = client.chatEngine('opt');
		const batches: string[] = [];
		const result = await optimiser.generate(request, undefined, (b) => batches.push(b));
		expect(result.text).toBe('Answer: yes');
		expect(batches.join('')).toBe('Answer: yes');
		expect(engines[0]?.requests[0]?.model).toBe('opt');
		expect(await optimiser.contextWindow()).toBe(2048);
		expect(optimiser.supportsJsonSchema).toBe(false);
	});

	it('cancels a generation through any SignalLike without ending the worker', async () => {
		const { client, engines, terminate } = clientWith({ endless: true, tokenDelayMs: 2 });
		await client.load({ kind: 'scripted', scenario: 'slow' });
		const controller = new AbortController();
		const result = await client
			.chatEngine()
			.generate(request, controller.signal, () => controller.abort());
		expect(result.finishReason).toBe('abort');
		expect(engines[0]?.interrupts).toBe(1);
		expect(terminate).not.toHaveBeenCalled();
		expect((await client.refreshStatus()).state).toBe('ready');
	});

	it('surfaces named load errors and updates its status', async () => {
		const { client } = clientWith({ loadError: () => new RangeError('bad scenario') });
		await expect(client.load({ kind: 'scripted', scenario: 'x' })).rejects.toMatchObject({
			name: 'ModelLoadError',
			message: expect.stringContaining('bad scenario')
		});
		expect(client.status.state).toBe('error');
	});

	it('terminates the worker only on dispose', async () => {
		const { client, terminate } = clientWith();
		await client.load({ kind: 'scripted', scenario: 'clean' });
		await client.unload();
		expect(client.status.state).toBe('empty');
		expect(terminate).not.toHaveBeenCalled();
		client.dispose();
		expect(terminate).toHaveBeenCalledTimes(1);
		expect(client.started).toBe(false);
	});

	it('fails fast with WorkerLoadError when the worker script never runs, then starts afresh', async () => {
		// A worker whose script could not be fetched: it never answers, and fires `error`.
		const silent = new EventTarget() as EventTarget & WorkerLike;
		Object.assign(silent, { postMessage: () => undefined, terminate: vi.fn() });
		const { createWorker: healthy } = clientWith();
		const createWorker = vi.fn((): WorkerLike =>
			createWorker.mock.calls.length === 1 ? silent : healthy()
		);
		const client = new EngineClient({ createWorker, readyTimeoutMs: 60_000 });
		const load = client.load({ kind: 'scripted', scenario: 'clean' });
		silent.dispatchEvent(new Event('error'));
		await expect(load).rejects.toMatchObject({
			name: 'WorkerLoadError',
			message: expect.stringContaining('could not load the model worker — are you offline?')
		});
		expect(silent.terminate).toHaveBeenCalledTimes(1);
		expect(client.started).toBe(false);
		const status = await client.load({ kind: 'scripted', scenario: 'clean' });
		expect(status.state).toBe('ready');
		expect(createWorker).toHaveBeenCalledTimes(2);
	});

	it('gives up on a worker that never answers, and a cancel ends the wait at once', async () => {
		const mute = (): WorkerLike =>
			Object.assign(new EventTarget(), { postMessage: () => undefined, terminate: vi.fn() });
		const slow = new EngineClient({ createWorker: mute, readyTimeoutMs: 50 });
		await expect(slow.load({ kind: 'scripted', scenario: 'clean' })).rejects.toMatchObject({
			name: 'WorkerLoadError'
		});
		const client = new EngineClient({ createWorker: mute, readyTimeoutMs: 60_000 });
		const controller = new AbortController();
		const load = client.load({ kind: 'scripted', scenario: 'clean' }, undefined, controller.signal);
		controller.abort();
		await expect(load).rejects.toMatchObject({ name: 'AbortError' });
		// Refreshing the status of a worker that never answered does not hang either.
		expect((await client.refreshStatus()).state).toBe('empty');
	});
});
