import { afterEach, describe, expect, it, vi } from 'vitest';
import { expose, proxy, releaseProxy, wrap, type Remote } from 'comlink';
import type { GenerateRequest } from '../../../src/core/ports.ts';
import type { LoadProgress } from '../../../workers/engines/engine.ts';
import { registerTransferHandlers } from '../../../workers/abort-signal-handler.ts';
import { DeviceLostError, ModelFetchError, isAbortError } from '../../../workers/errors.ts';
import {
	createLlmApi,
	createTokenBatcher,
	type EngineConfig,
	type EngineFactories,
	type LlmWorkerApi
} from '../../../workers/llm-api.ts';
import { FakeEngine, sleep, type FakeEngineOptions } from './fake-engine.ts';

const scripted: EngineConfig = { kind: 'scripted', scenario: { name: 'test' } };
const request: GenerateRequest = {
	messages: [{ role: 'user', content: 'Flip?' }],
	temperature: 0,
	maxTokens: 64
};

function factoriesWith(options: FakeEngineOptions = {}) {
	const engines: FakeEngine[] = [];
	const scriptedFactory = vi.fn(async () => {
		await sleep(5);
		const engine = new FakeEngine(options);
		engines.push(engine);
		return engine;
	});
	const factories: Partial<EngineFactories> = { scripted: scriptedFactory };
	return { factories, engines, scriptedFactory };
}

describe('createLlmApi', () => {
	it('does not create an engine before the first load', async () => {
		const { factories, scriptedFactory } = factoriesWith();
		const api = createLlmApi(factories);
		expect((await api.status()).state).toBe('empty');
		expect(scriptedFactory).not.toHaveBeenCalled();
		await api.load(scripted);
		expect(scriptedFactory).toHaveBeenCalledTimes(1);
	});

	it('reports load progress and becomes ready with the loaded models', async () => {
		const { factories } = factoriesWith();
		const api = createLlmApi(factories);
		const progress: LoadProgress[] = [];
		const status = await api.load({ ...scripted, models: ['executor', 'optimiser'] }, (p) =>
			progress.push(p)
		);
		expect(status).toMatchObject({
			state: 'ready',
			kind: 'scripted',
			models: ['executor', 'optimiser'],
			label: 'Fake engine'
		});
		expect(progress.map((p) => p.progress)).toEqual([0, 0.5, 1]);
		expect(progress[1]?.text).toBe('Fetching param cache[1/2]');
	});

	it('creates one engine for concurrent loads of the same config', async () => {
		const { factories, scriptedFactory, engines } = factoriesWith();
		const api = createLlmApi(factories);
		await Promise.all([api.load(scripted), api.load(scripted), api.load(scripted)]);
		expect(scriptedFactory).toHaveBeenCalledTimes(1);
		expect(engines[0]?.calls.filter((c) => c.startsWith('load'))).toHaveLength(1);
	});

	it('unloads the previous engine before creating one for another config', async () => {
		const { factories, scriptedFactory, engines } = factoriesWith();
		const api = createLlmApi(factories);
		await api.load(scripted);
		await api.load({ kind: 'scripted', scenario: { name: 'other' } });
		expect(scriptedFactory).toHaveBeenCalledTimes(2);
		expect(engines[0]?.unloads).toBe(1);
		expect(engines[1]?.unloads).toBe(0);
	});

	it('refuses a kind that has no factory with a ModelLoadError', async () => {
		const api = createLlmApi({});
		await expect(api.load({ kind: 'openai', baseUrl: 'x', model: 'm' })).rejects.toMatchObject({
			name: 'ModelLoadError'
		});
	});

	it('rejects generate before any load with EngineNotLoadedError', async () => {
		const api = createLlmApi(factoriesWith().factories);
		await expect(api.generate(request)).rejects.toMatchObject({ name: 'EngineNotLoadedError' });
	});

	it('sends tokens in batches of at most flushTokens pieces', async () => {
		const tokens = Array.from({ length: 40 }, (_, i) => `t${i} `);
		const api = createLlmApi(factoriesWith({ tokens }).factories, { flushTokens: 16 });
		await api.load(scripted);
		const batches: string[] = [];
		const result = await api.generate(request, undefined, (b) => batches.push(b));
		expect(batches).toHaveLength(3);
		expect(batches.join('')).toBe(result.text);
		expect(batches[0]).toBe(tokens.slice(0, 16).join(''));
	});

	it('flushes a partial batch after the flush interval', async () => {
		const api = createLlmApi(
			factoriesWith({ tokens: ['x', 'y', 'z'], tokenDelayMs: 40 }).factories,
			{ flushIntervalMs: 10, flushTokens: 100 }
		);
		await api.load(scripted);
		const batches: string[] = [];
		const result = await api.generate(request, undefined, (b) => batches.push(b));
		expect(result.text).toBe('xyz');
		expect(batches.length).toBeGreaterThan(1);
		expect(batches.join('')).toBe('xyz');
	});

	it('interrupts the engine on abort mid-stream and resolves with finish reason abort', async () => {
		const { factories, engines } = factoriesWith({ endless: true, tokenDelayMs: 2 });
		const api = createLlmApi(factories);
		await api.load(scripted);
		const controller = new AbortController();
		const seen: string[] = [];
		const pending = api.generate(request, controller.signal, (b) => {
			seen.push(b);
			controller.abort();
		});
		const result = await pending;
		expect(result.finishReason).toBe('abort');
		expect(engines[0]?.interrupts).toBe(1);
		expect(result.text.startsWith(seen.join(''))).toBe(true);
		expect((await api.status()).state).toBe('ready');
	});

	it('rejects with AbortError when aborted before the generation starts', async () => {
		const { factories, engines } = factoriesWith();
		const api = createLlmApi(factories);
		await api.load(scripted);
		const controller = new AbortController();
		controller.abort();
		const error = await api.generate(request, controller.signal).catch((e: unknown) => e);
		expect(isAbortError(error)).toBe(true);
		expect(engines[0]?.calls).not.toContain('generate');
	});

	it('drops a queued generation whose signal aborts while it waits', async () => {
		const { factories, engines } = factoriesWith({ tokens: ['a', 'b'], tokenDelayMs: 20 });
		const api = createLlmApi(factories);
		await api.load(scripted);
		const controller = new AbortController();
		const first = api.generate(request);
		const second = api.generate(request, controller.signal).catch((e: unknown) => e);
		controller.abort();
		expect((await first).finishReason).toBe('stop');
		expect(isAbortError(await second)).toBe(true);
		expect(engines[0]?.interrupts).toBe(0);
		expect(engines[0]?.calls.filter((c) => c === 'generate')).toHaveLength(1);
	});

	it('wraps an unnamed load failure in ModelLoadError and records it in the status', async () => {
		const api = createLlmApi(
			factoriesWith({ loadError: () => new TypeError('wasm link failed') }).factories
		);
		await expect(api.load(scripted)).rejects.toMatchObject({
			name: 'ModelLoadError',
			message: expect.stringContaining('wasm link failed')
		});
		const status = await api.status();
		expect(status.state).toBe('error');
		expect(status.error?.name).toBe('ModelLoadError');
	});

	it('forgets the engine after the device is lost during a generation', async () => {
		const { factories, engines } = factoriesWith({
			generateError: () => new DeviceLostError()
		});
		const api = createLlmApi(factories);
		await api.load(scripted);
		await expect(api.generate(request)).rejects.toMatchObject({ name: 'DeviceLostError' });
		expect(engines[0]?.unloads).toBe(1);
		expect((await api.status()).state).toBe('lost');
		await expect(api.generate(request)).rejects.toMatchObject({ name: 'EngineNotLoadedError' });
	});

	it('reaches the engine for token counts, context window and cache operations', async () => {
		const { factories, engines } = factoriesWith({ cached: [{ modelId: 'm', sizeBytes: 5 }] });
		const api = createLlmApi(factories);
		await api.load(scripted);
		expect(await api.countTokens('abcd')).toBe(4);
		expect(await api.contextWindow()).toBe(2048);
		expect(await api.listCached()).toEqual([{ modelId: 'm', sizeBytes: 5 }]);
		await api.deleteCached('m');
		expect(engines[0]?.calls).toContain('delete:m');
		expect((await api.unload()).state).toBe('empty');
		expect(engines[0]?.unloads).toBe(1);
	});
});

describe('createTokenBatcher', () => {
	it('sends nothing for empty pieces and everything on dispose', () => {
		const sent: string[] = [];
		const batcher = createTokenBatcher((b) => sent.push(b), {
			flushIntervalMs: 1000,
			flushTokens: 4
		});
		batcher.push('');
		batcher.push('a');
		batcher.push('b');
		expect(sent).toEqual([]);
		batcher.dispose();
		batcher.push('late');
		expect(sent).toEqual(['ab']);
	});
});

describe('the worker API over a real MessageChannel with comlink', () => {
	let cleanup: (() => void) | undefined;
	afterEach(() => cleanup?.());

	function connect(options: FakeEngineOptions = {}) {
		registerTransferHandlers();
		const { factories, engines } = factoriesWith(options);
		const { port1, port2 } = new MessageChannel();
		expose(createLlmApi(factories), port1);
		const remote: Remote<LlmWorkerApi> = wrap<LlmWorkerApi>(port2);
		cleanup = () => {
			remote[releaseProxy]();
			port1.close();
			port2.close();
		};
		return { remote, engines };
	}

	it('keeps the name, message and URL of a named error', async () => {
		const { remote } = connect({
			loadError: () =>
				new ModelFetchError(
					'http://127.0.0.1:9/resolve/main/mlc-chat-config.json',
					'Failed to fetch'
				)
		});
		const error = await remote.load(scripted).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error).toMatchObject({
			name: 'ModelFetchError',
			url: 'http://127.0.0.1:9/resolve/main/mlc-chat-config.json',
			message: expect.stringContaining('Are you offline?')
		});
	});

	it('streams batches through a proxy and aborts through a transferred AbortSignal', async () => {
		const { remote, engines } = connect({ endless: true, tokenDelayMs: 2 });
		const progress: number[] = [];
		await remote.load(
			scripted,
			proxy((p: LoadProgress) => progress.push(p.progress))
		);
		const controller = new AbortController();
		const batches: string[] = [];
		const onTokens = proxy((batch: string) => {
			batches.push(batch);
			if (batches.length === 2) controller.abort();
		});
		const result = await remote.generate(request, controller.signal, onTokens);
		expect(result.finishReason).toBe('abort');
		expect(engines[0]?.interrupts).toBe(1);
		expect(batches.length).toBeGreaterThanOrEqual(2);
		// Every batch is delivered before the result: the worker waits for the page's acknowledgement.
		expect(batches.join('')).toBe(result.text);
		expect(progress.at(-1)).toBe(1);
	});
});
