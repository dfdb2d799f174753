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
});
