import { describe, expect, it } from 'vitest';
import {
	createWllamaEngine,
	type WllamaBindings,
	type WllamaLike
} from '../../../workers/engines/wllama-engine.ts';
import type { WllamaChatChunk } from '../../../workers/engines/wllama-requests.ts';

interface FakeOptions {
	contextTrain?: number;
	loadError?: { native: string; thrown: Error };
}

function fakeBindings(options: FakeOptions = {}) {
	const counted: string[] = [];
	const bindings: WllamaBindings = {
		create(logger) {
			const fake: WllamaLike = {
				async loadModelFromUrl(_url, params) {
					params.progressCallback({ loaded: 50, total: 100 });
					if (options.loadError) {
						logger.error(options.loadError.native);
						throw options.loadError.thrown;
					}
				},
				getLoadedContextInfo: () => ({
					n_ctx: options.contextTrain === 0 ? 0 : 2048,
					n_ctx_train: options.contextTrain ?? 8192,
					add_bos_token: true
				}),
				isMultithread: () => false,
				getNumThreads: () => 1,
				async createChatCompletion() {
					async function* chunks(): AsyncIterable<WllamaChatChunk> {
						yield { choices: [{ delta: { content: 'he' }, finish_reason: null }] };
						yield { choices: [{ delta: { content: 'llo' }, finish_reason: null }] };
						yield {
							choices: [{ delta: {}, finish_reason: 'length' }],
							timings: { cache_n: 0, prompt_n: 9, predicted_n: 2 }
						};
					}
					return chunks();
				},
				async createCompletion(request) {
					counted.push(request.prompt);
					return { usage: { prompt_tokens: request.prompt.split(' ').length + 1 } };
				},
				async exit() {}
			};
			return fake;
		},
		cache: () => ({ list: async () => [], delete: async () => undefined }),
		crossOriginIsolated: false,
		hardwareConcurrency: 4,
		sha256Hex: async (text) => `hash-of-${text}`,
		now: () => 0
	};
	return { bindings, counted };
}

describe('CPU engine adapter', () => {
	it('loads with progress, streams, and reports usage and the thread mode', async () => {
		const { bindings } = fakeBindings();
		const engine = createWllamaEngine({}, bindings);
		const progress: number[] = [];
		await engine.load({ models: ['https://x/m.gguf'] }, (p) => progress.push(p.progress));
		expect(progress.at(-1)).toBe(1);
		expect(progress[0]).toBeCloseTo(0.475);
		expect(engine.label).toContain(
			'1 thread (single-thread: the page is not cross-origin isolated)'
		);
		const pieces: string[] = [];
		const result = await engine.generate(
			{ messages: [{ role: 'user', content: 'hi' }], temperature: 0, maxTokens: 2 },
			undefined,
			(p) => pieces.push(p)
		);
		expect(pieces).toEqual(['he', 'llo']);
		expect(result).toEqual({
			text: 'hello',
			finishReason: 'length',
			usage: { promptTokens: 9, completionTokens: 2 }
		});
		expect(await engine.contextWindow()).toBe(2048);
	});

	it('counts tokens with a one-token completion, once per text, without the BOS token', async () => {
		const { bindings, counted } = fakeBindings();
		const engine = createWllamaEngine({}, bindings);
		await engine.load({ models: ['https://x/m.gguf'] }, () => undefined);
		expect(await engine.countTokens('a b c')).toBe(3);
		expect(await engine.countTokens('a b c')).toBe(3);
		expect(await engine.countTokens('')).toBe(0);
		expect(counted).toEqual(['a b c']);
	});

	it('refuses a model that "loads" with zeroed context info', async () => {
		const { bindings } = fakeBindings({ contextTrain: 0 });
		const engine = createWllamaEngine({}, bindings);
		await expect(engine.load({ models: ['https://x/m.gguf'] }, () => undefined)).rejects.toThrow(
			/could not read this model/
		);
		await expect(engine.countTokens('x')).rejects.toThrow(/no model is loaded|not loaded|load/i);
	});

	it("puts llama.cpp's logged error text in the message instead of the typed-array error", async () => {
		const { bindings } = fakeBindings({
			loadError: {
				native: 'llama_model_load: error loading model: key not found in model: llama.block_count',
				thrown: new RangeError('Invalid typed array length: 4')
			}
		});
		const engine = createWllamaEngine({}, bindings);
		const failure = engine.load({ models: ['https://x/m.gguf'] }, () => undefined);
		await expect(failure).rejects.toThrow(/key not found in model: llama\.block_count/);
		await expect(failure).rejects.toMatchObject({ name: 'ModelLoadError' });
	});
});
