import { describe, expect, it, vi } from 'vitest';
import type { ChatCompletionChunk, ChatCompletionRequestStreaming } from '@mlc-ai/web-llm';
import type { GenerateRequest } from '../../../src/core/ports.ts';
import type { LoadProgress } from '../../../workers/engines/engine.ts';
import type { AppConfigData, ModelRecordData } from '../../../workers/engines/webllm-catalogue.ts';
import {
	createWebLlmEngine,
	modelBaseUrl,
	toWebLlmRequest,
	type MlcEngineLike,
	type WebLlmBindings
} from '../../../workers/engines/webllm-engine.ts';
import { checkStorage } from '../../../workers/engines/webllm-storage.ts';

const custom: ModelRecordData = {
	model: 'http://127.0.0.1:9/weights',
	model_id: 'custom-q4f32_1',
	model_lib: 'http://127.0.0.1:9/lib/v0_2_86/custom.wasm',
	overrides: { context_window_size: 2048 },
	vram_required_MB: 800
};
const qwen: ModelRecordData = {
	model: 'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
	model_id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
	model_lib: 'https://example.org/qwen.wasm',
	vram_required_MB: 1060,
	overrides: { context_window_size: 4096 }
};
const request: GenerateRequest = {
	messages: [
		{ role: 'system', content: 'Be brief.' },
		{ role: 'user', content: 'Two flips: heads?' }
	],
	temperature: 0.2,
	maxTokens: 32
};

function chunk(content: string | undefined, finish: string | null = null): ChatCompletionChunk {
	return {
		id: 'c',
		object: 'chat.completion.chunk',
		created: 0,
		model: 'm',
		choices: [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }]
	} as ChatCompletionChunk;
}

function usageChunk(): ChatCompletionChunk {
	return {
		id: 'c',
		object: 'chat.completion.chunk',
		created: 0,
		model: 'm',
		choices: [],
		usage: {
			prompt_tokens: 12,
			completion_tokens: 3,
			total_tokens: 15,
			extra: {
				e2e_latency_s: 1,
				prefill_tokens_per_s: 240,
				decode_tokens_per_s: 18.5,
				time_to_first_token_s: 0.05,
				time_per_output_token_s: 0.05
			}
		}
	} as ChatCompletionChunk;
}

interface Harness {
	bindings: WebLlmBindings;
	engine: MlcEngineLike & { requests: ChatCompletionRequestStreaming[]; interrupts: number };
	appConfigs: AppConfigData[];
}

function harness(
	overrides: Partial<WebLlmBindings> = {},
	behaviour: {
		reload?: (
			models: string[],
			progress: (r: { progress: number; timeElapsed: number; text: string }) => void
		) => Promise<void>;
		chunks?: (engine: Harness['engine']) => AsyncIterable<ChatCompletionChunk>;
	} = {}
): Harness {
	const appConfigs: AppConfigData[] = [];
	let progress: (r: { progress: number; timeElapsed: number; text: string }) => void = () =>
		undefined;
	const engine: Harness['engine'] = {
		requests: [],
		interrupts: 0,
		async reload(models) {
			await behaviour.reload?.(models, progress);
		},
		async streamChat(req) {
			engine.requests.push(req);
			return (
				behaviour.chunks?.(engine) ??
				(async function* () {
					yield chunk('Answer');
					yield chunk(': yes');
					yield chunk(undefined, 'length');
					yield usageChunk();
				})()
			);
		},
		async interruptGenerate() {
			engine.interrupts++;
		},
		async unload() {}
	};
	const bindings: WebLlmBindings = {
		prebuiltRecords: [qwen],
		createEngine(options) {
			appConfigs.push(options.appConfig);
			progress = options.initProgressCallback;
			return engine;
		},
		hasModelInCache: async () => false,
		deleteModelAllInfoInCache: async () => undefined,
		gpu: {},
		storage: { estimate: async () => ({ quota: 10 * 2 ** 30, usage: 0 }) },
		fetch: async () => new Response('{}', { status: 200 }),
		...overrides
	};
	return { bindings, engine, appConfigs };
}

describe('toWebLlmRequest', () => {
	it('asks for a stream with usage, an integer seed, stops and a schema string', () => {
		const out = toWebLlmRequest(
			{ ...request, seed: 42.7, stop: ['\n\n'], jsonSchema: { type: 'object' } },
			['only']
		);
		expect(out).toEqual({
			messages: request.messages,
			stream: true,
			stream_options: { include_usage: true },
			temperature: 0.2,
			max_tokens: 32,
			seed: 42,
			stop: ['\n\n'],
			response_format: { type: 'json_object', schema: '{"type":"object"}' }
		});
	});

	it('names the first loaded model when several are loaded and none is named', () => {
		expect(toWebLlmRequest(request, ['a', 'b']).model).toBe('a');
		expect(toWebLlmRequest({ ...request, model: 'b' }, ['a', 'b']).model).toBe('b');
		expect(toWebLlmRequest(request, ['a']).model).toBeUndefined();
	});

	it('switches off thinking for Qwen3 models only', () => {
		expect(toWebLlmRequest(request, ['Qwen3-0.6B-q4f32_1-MLC']).extra_body).toEqual({
			enable_thinking: false
		});
		expect(
			toWebLlmRequest({ ...request, model: 'Llama-3.2-1B-Instruct-q4f32_1-MLC' }, [
				'Qwen3-0.6B-q4f32_1-MLC',
				'Llama-3.2-1B-Instruct-q4f32_1-MLC'
			]).extra_body
		).toBeUndefined();
	});
});

describe('modelBaseUrl', () => {
	it('appends resolve/main/ the way WebLLM does', () => {
		expect(modelBaseUrl('https://huggingface.co/mlc-ai/X')).toBe(
			'https://huggingface.co/mlc-ai/X/resolve/main/'
		);
		expect(modelBaseUrl('https://huggingface.co/mlc-ai/X/resolve/v2/')).toBe(
			'https://huggingface.co/mlc-ai/X/resolve/v2/'
		);
	});
});

describe('the WebLLM engine adapter', () => {
	it('loads with our appConfig and reports progress with elapsed time', async () => {
		const h = harness(
			{},
			{
				reload: async (_models, progress) => {
					progress({ progress: 0.25, timeElapsed: 2, text: 'Fetching param cache[1/4]' });
					progress({ progress: 1, timeElapsed: 8, text: 'Finish loading' });
				}
			}
		);
		const engine = createWebLlmEngine({ kind: 'webllm', customRecords: [custom] }, h.bindings);
		const seen: LoadProgress[] = [];
		await engine.load({ models: ['custom-q4f32_1'] }, (p) => seen.push(p));
		expect(h.appConfigs[0]?.model_list.map((r) => r.model_id)).toEqual([
			qwen.model_id,
			custom.model_id
		]);
		expect(seen).toEqual([
			{ progress: 0.25, text: 'Fetching param cache[1/4]', elapsedSeconds: 2, etaSeconds: 6 },
			{ progress: 1, text: 'Finish loading', elapsedSeconds: 8, etaSeconds: 0 }
		]);
		expect(await engine.contextWindow()).toBe(2048);
	});

	it('streams deltas and maps usage, speeds and the finish reason', async () => {
		const h = harness();
		const engine = createWebLlmEngine({ kind: 'webllm' }, h.bindings);
		await engine.load({ models: [qwen.model_id] }, () => undefined);
		const deltas: string[] = [];
		const result = await engine.generate(request, undefined, (d) => deltas.push(d));
		expect(deltas).toEqual(['Answer', ': yes']);
		expect(result).toEqual({
			text: 'Answer: yes',
			finishReason: 'length',
			usage: {
				promptTokens: 12,
				completionTokens: 3,
				prefillTokensPerSecond: 240,
				decodeTokensPerSecond: 18.5
			}
		});
	});

	it('maps an abort mid-stream to interruptGenerate and finish reason abort', async () => {
		const controller = new AbortController();
		const h = harness(
			{},
			{
				chunks: (engine) =>
					(async function* () {
						yield chunk('partial');
						controller.abort();
						await Promise.resolve();
						expect(engine.interrupts).toBe(1);
						yield chunk(undefined, 'abort');
					})()
			}
		);
		const engine = createWebLlmEngine({ kind: 'webllm' }, h.bindings);
		await engine.load({ models: [qwen.model_id] }, () => undefined);
		const result = await engine.generate(request, controller.signal);
		expect(result.finishReason).toBe('abort');
		expect(result.text).toBe('partial');
		expect(h.engine.interrupts).toBe(1);
	});

	it('refuses an unknown model id and a missing WebGPU with named errors', async () => {
		const engine = createWebLlmEngine({ kind: 'webllm' }, harness().bindings);
		await expect(engine.load({ models: ['nope'] }, () => undefined)).rejects.toMatchObject({
			name: 'ModelLoadError',
			message: expect.stringContaining('"nope"')
		});
		const noGpu = createWebLlmEngine({ kind: 'webllm' }, harness({ gpu: undefined }).bindings);
		await expect(noGpu.load({ models: [qwen.model_id] }, () => undefined)).rejects.toMatchObject({
			name: 'WebGpuUnavailableError'
		});
	});

	it('refuses to start a download that cannot fit in browser storage', async () => {
		const h = harness({
			storage: { estimate: async () => ({ quota: 100 * 2 ** 20, usage: 90 * 2 ** 20 }) }
		});
		const engine = createWebLlmEngine({ kind: 'webllm' }, h.bindings);
		await expect(engine.load({ models: [qwen.model_id] }, () => undefined)).rejects.toMatchObject({
			name: 'QuotaExceededError',
			message: expect.stringContaining('10 MB')
		});
		const cached = harness({
			storage: { estimate: async () => ({ quota: 1, usage: 1 }) },
			hasModelInCache: async () => true
		});
		await expect(
			createWebLlmEngine({ kind: 'webllm' }, cached.bindings).load(
				{ models: [qwen.model_id] },
				() => undefined
			)
		).resolves.toBeUndefined();
	});

	it('names the URL that answered 404 when the download fails', async () => {
		const fetched: string[] = [];
		const h = harness(
			{
				fetch: async (input) => {
					fetched.push(String(input));
					return new Response('missing', { status: 404, statusText: 'Not Found' });
				}
			},
			{
				reload: async () => {
					throw new TypeError("Failed to execute 'add' on 'Cache': Request failed");
				}
			}
		);
		const engine = createWebLlmEngine({ kind: 'webllm', customRecords: [custom] }, h.bindings);
		const error = await engine
			.load({ models: [custom.model_id] }, () => undefined)
			.catch((e: unknown) => e);
		expect(fetched[0]).toBe('http://127.0.0.1:9/weights/resolve/main/mlc-chat-config.json');
		expect(error).toMatchObject({
			name: 'ModelFetchError',
			url: 'http://127.0.0.1:9/weights/resolve/main/mlc-chat-config.json',
			status: 404,
			message: expect.stringContaining('HTTP 404')
		});
	});

	it('suggests being offline when nothing answers', async () => {
		const h = harness(
			{ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) },
			{ reload: async () => Promise.reject(new TypeError('Failed to fetch')) }
		);
		const engine = createWebLlmEngine({ kind: 'webllm' }, h.bindings);
		const error = await engine
			.load({ models: [qwen.model_id] }, () => undefined)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({
			name: 'ModelFetchError',
			url: `${qwen.model}/resolve/main/mlc-chat-config.json`,
			message: expect.stringContaining('Are you offline?')
		});
	});

	it.each([
		[
			Object.assign(new Error('WebGPU is not supported'), { name: 'WebGPUNotAvailableError' }),
			'WebGpuUnavailableError'
		],
		[
			Object.assign(new Error('The WebGPU device was lost while loading'), {
				name: 'DeviceLostError'
			}),
			'DeviceLostError'
		],
		[new Error('Device was lost. This can happen due to insufficient memory'), 'DeviceLostError'],
		[
			Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' }),
			'QuotaExceededError'
		],
		[
			Object.assign(new Error('needs shader-f16'), { name: 'ShaderF16SupportError' }),
			'ModelLoadError'
		],
		[new Error('wasm link error'), 'ModelLoadError']
	])('translates %s into %s', async (thrown, name) => {
		const h = harness({}, { reload: async () => Promise.reject(thrown) });
		const engine = createWebLlmEngine({ kind: 'webllm' }, h.bindings);
		const error = await engine
			.load({ models: [qwen.model_id] }, () => undefined)
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ name });
		if (thrown.name === 'ShaderF16SupportError') expect(String(error)).toMatch(/f32 variant/);
	});

	it('lists and deletes cached models through our appConfig', async () => {
		const deleted: [string, AppConfigData][] = [];
		const hasModelInCache = vi.fn(
			async (id: string, _config: AppConfigData) => id === custom.model_id
		);
		const h = harness({
			hasModelInCache,
			deleteModelAllInfoInCache: async (id, appConfig) => void deleted.push([id, appConfig])
		});
		const engine = createWebLlmEngine({ kind: 'webllm', customRecords: [custom] }, h.bindings);
		expect(await engine.listCached()).toEqual([{ modelId: custom.model_id }]);
		expect(
			hasModelInCache.mock.calls.length > 0 &&
				hasModelInCache.mock.calls.every(([, config]) => config.model_list.includes(custom))
		).toBe(true);
		await engine.deleteCached(custom.model_id);
		expect(deleted[0]?.[0]).toBe(custom.model_id);
		expect(deleted[0]?.[1].model_list).toContain(custom);
	});
});

describe('checkStorage', () => {
	it('fits, is tight or is full relative to the estimated download', async () => {
		const storage = (freeMB: number) => ({
			estimate: async () => ({ quota: freeMB * 2 ** 20, usage: 0 })
		});
		expect((await checkStorage(storage(2000), { vram_required_MB: 1000 })).verdict).toBe('fits');
		expect((await checkStorage(storage(500), { vram_required_MB: 1000 })).verdict).toBe('tight');
		expect((await checkStorage(storage(100), { vram_required_MB: 1000 })).verdict).toBe('full');
		expect((await checkStorage(undefined, { vram_required_MB: 1000 })).verdict).toBe('unknown');
	});
});
