/**
 * A lost GPU device, driven through the real worker API and the real WebLLM adapter with a fake
 * at the WebLLM boundary: after the loss WebLLM answers every call with "Module has already been
 * disposed" (checked with a real engine, see webllm-notes.md), which must mark the engine lost and
 * let Load create a new engine instead of answering "Already loaded". Also here: exact token
 * counts and completion-token counting, the other numbers the adapter now takes from WebLLM.
 */
import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '@mlc-ai/web-llm';
import { createLlmApi, type WebLlmEngineConfig } from '../../../workers/llm-api.ts';
import {
	createWebLlmEngine,
	type MlcEngineLike,
	type WebLlmBindings
} from '../../../workers/engines/webllm-engine.ts';
import type { DeviceLostInfo } from '../../../workers/engines/device-loss.ts';
import { watchDeviceLoss } from '../../../workers/engines/device-loss.ts';
import type { ModelRecordData } from '../../../workers/engines/webllm-catalogue.ts';

const record: ModelRecordData = {
	model: 'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
	model_id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
	model_lib: 'https://example.org/qwen.wasm',
	vram_required_MB: 1060
};
const config: WebLlmEngineConfig = { kind: 'webllm', models: [record.model_id] };
const request = {
	messages: [{ role: 'user' as const, content: 'hi' }],
	temperature: 0,
	maxTokens: 8
};

function chunk(content: string): ChatCompletionChunk {
	return {
		id: 'c',
		object: 'chat.completion.chunk',
		created: 0,
		model: 'm',
		choices: [{ index: 0, delta: { content }, finish_reason: null }]
	} as ChatCompletionChunk;
}

/** Fake MLCEngines: each can be "disposed" (its GPU device lost) by the test. */
function boundary() {
	const engines: (MlcEngineLike & { disposed: boolean; reloads: number })[] = [];
	let lostListener: ((info: DeviceLostInfo) => void) | undefined;
	const bindings: WebLlmBindings = {
		prebuiltRecords: [record],
		createEngine() {
			const engine = {
				disposed: false,
				reloads: 0,
				async reload() {
					if (engine.disposed) throw new Error('Module has already been disposed');
					engine.reloads++;
				},
				async streamChat() {
					if (engine.disposed) throw new Error('Module has already been disposed');
					return (async function* () {
						yield chunk('ok');
					})();
				},
				async interruptGenerate() {},
				async unload() {}
			};
			engines.push(engine);
			return engine;
		},
		hasModelInCache: async () => true,
		deleteModelAllInfoInCache: async () => undefined,
		gpu: {},
		storage: undefined,
		fetch: async () => new Response('{}'),
		watchDeviceLoss(listener) {
			lostListener = listener;
			return () => (lostListener = undefined);
		}
	};
	const api = createLlmApi({ webllm: async (c) => createWebLlmEngine(c, bindings) });
	return { api, engines, loseDevice: (info: DeviceLostInfo) => lostListener?.(info) };
}

describe('a lost GPU device', () => {
	it('"Module has already been disposed" marks the engine lost and Load recreates it', async () => {
		const { api, engines } = boundary();
		await api.load(config);
		expect((await api.generate(request)).text).toBe('ok');
		const first = engines[0];
		if (!first) throw new Error('no engine was created');
		first.disposed = true;

		await expect(api.generate(request)).rejects.toMatchObject({ name: 'DeviceLostError' });
		const status = await api.status();
		expect(status.state).toBe('lost');
		expect(status.error?.name).toBe('DeviceLostError');

		const progress: string[] = [];
		const reloaded = await api.load(config, (p) => progress.push(p.text));
		expect(progress).not.toContain('Already loaded.');
		expect(engines).toHaveLength(2);
		expect(engines[1]?.reloads).toBe(1);
		expect(reloaded.state).toBe('ready');
		expect((await api.generate(request)).text).toBe('ok');
	});

	it("WebGPU's own device-lost signal fails the next call at once and Load recreates it", async () => {
		const { api, engines, loseDevice } = boundary();
		await api.load(config);
		loseDevice({ reason: 'unknown', message: 'GPU process crashed' });
		await expect(api.generate(request)).rejects.toMatchObject({
			name: 'DeviceLostError',
			message: expect.stringContaining('GPU process crashed')
		});
		expect((await api.status()).state).toBe('lost');
		await api.load(config);
		expect(engines).toHaveLength(2);
		expect((await api.status()).state).toBe('ready');
	});
});

describe('watchDeviceLoss', () => {
	function fakeGpu() {
		let resolveLost: (info: DeviceLostInfo) => void = () => undefined;
		const lost = new Promise<DeviceLostInfo>((resolve) => (resolveLost = resolve));
		const gpu = {
			requestAdapter: async () => ({ requestDevice: async () => ({ lost }) })
		};
		return { gpu, lose: (info: DeviceLostInfo) => resolveLost(info) };
	}

	it('reports a device lost for a reason other than destroy()', async () => {
		const { gpu, lose } = fakeGpu();
		const seen: string[] = [];
		watchDeviceLoss(gpu, (info) => seen.push(info.message));
		const adapter = (await gpu.requestAdapter()) as { requestDevice(): Promise<unknown> };
		await adapter.requestDevice();
		lose({ reason: 'unknown', message: 'out of memory' });
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(seen).toEqual(['out of memory']);
	});

	it('ignores a device destroyed on purpose (an unload)', async () => {
		const { gpu, lose } = fakeGpu();
		const seen: string[] = [];
		watchDeviceLoss(gpu, (info) => seen.push(info.message));
		const adapter = (await gpu.requestAdapter()) as { requestDevice(): Promise<unknown> };
		await adapter.requestDevice();
		lose({ reason: 'destroyed', message: '' });
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(seen).toEqual([]);
	});
});

describe('exact token counts', () => {
	it("count a text by a one-token completion's prompt usage, cached by text hash", async () => {
		const requests: { content: string; max: number | null | undefined }[] = [];
		const engine: MlcEngineLike = {
			async reload() {},
			async streamChat(req) {
				const content = String(req.messages[0]?.content ?? '');
				requests.push({ content, max: req.max_tokens });
				// A template of 9 tokens around one token per word.
				const words = content.split(/\s+/).filter(Boolean).length;
				return (async function* () {
					yield {
						...chunk('x'),
						choices: [],
						usage: { prompt_tokens: 9 + words, completion_tokens: 1, total_tokens: 10 + words }
					} as unknown as ChatCompletionChunk;
				})();
			},
			async interruptGenerate() {},
			async unload() {}
		};
		const adapter = createWebLlmEngine(
			{ kind: 'webllm' },
			{
				prebuiltRecords: [record],
				createEngine: () => engine,
				hasModelInCache: async () => true,
				deleteModelAllInfoInCache: async () => undefined,
				gpu: {},
				storage: undefined,
				fetch: async () => new Response('{}')
			}
		);
		await adapter.load({ models: [record.model_id] }, () => undefined);
		expect(await adapter.countTokensExact?.('three little words')).toBe(3);
		expect(requests.every((r) => r.max === 1)).toBe(true);
		const asked = requests.length;
		expect(await adapter.countTokensExact?.('three little words')).toBe(3);
		expect(requests.length).toBe(asked);
		expect(await adapter.countTokensExact?.('two words')).toBe(2);
		// Only the new text cost a call: the empty prompt's count was cached too.
		expect(requests.length).toBe(asked + 1);
		// Budgeting in a run stays on the free, conservative estimate.
		expect(await adapter.countTokens('three little words')).toBeGreaterThanOrEqual(3);
	});
});

describe('completion tokens', () => {
	it('count the streamed tokens where WebLLM reports one fewer', async () => {
		const { collectStream } = await import('../../../workers/engines/webllm-engine.ts');
		const stream = (async function* () {
			yield chunk('Answer');
			yield chunk(':');
			yield chunk(' yes');
			yield {
				...chunk(''),
				choices: [],
				usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 }
			} as unknown as ChatCompletionChunk;
		})();
		const result = await collectStream(stream, request, undefined, () => false);
		expect(result.text).toBe('Answer: yes');
		expect(result.usage).toMatchObject({ promptTokens: 12, completionTokens: 3 });
	});
});
