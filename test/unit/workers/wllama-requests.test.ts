import { describe, expect, it } from 'vitest';
import {
	chunkUsage,
	nativeErrorLine,
	pickNativeError,
	threadPlan,
	toWllamaChatRequest
} from '../../../workers/engines/wllama-requests.ts';
import { validateGgufUrl } from '../../../workers/engines/wllama-catalogue.ts';

describe('CPU engine request mapping', () => {
	it('maps messages, sampling, stop and a JSON schema to llama.cpp terms', () => {
		const schema = { type: 'object', properties: { a: { type: 'string' } } };
		const out = toWllamaChatRequest({
			messages: [{ role: 'user', content: 'hi' }],
			temperature: 0.7,
			seed: 3.9,
			maxTokens: 12,
			stop: ['\n\n'],
			jsonSchema: schema
		});
		expect(out).toEqual({
			messages: [{ role: 'user', content: 'hi' }],
			temperature: 0.7,
			max_tokens: 12,
			seed: 3,
			stop: ['\n\n'],
			response_format: {
				type: 'json_schema',
				json_schema: { name: 'answer', schema, strict: true }
			}
		});
		const plain = toWllamaChatRequest({ messages: [], temperature: 0, maxTokens: 1, stop: [] });
		expect(plain).not.toHaveProperty('stop');
		expect(plain).not.toHaveProperty('response_format');
	});

	it('reads usage from the timings llama.cpp puts on the last streamed chunk', () => {
		expect(
			chunkUsage({ choices: [], timings: { cache_n: 20, prompt_n: 3, predicted_n: 24 } })
		).toEqual({ promptTokens: 23, completionTokens: 24 });
		expect(chunkUsage({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } })).toEqual({
			promptTokens: 5,
			completionTokens: 2
		});
		expect(chunkUsage({ choices: [] })).toBeUndefined();
	});
});

describe('threads', () => {
	it('runs one thread where the page is not cross-origin isolated, and says why', () => {
		expect(threadPlan(8, false, 8)).toEqual({
			threads: 1,
			reason: 'single-thread: the page is not cross-origin isolated'
		});
	});
	it('defaults to half the cores when isolated, and never more than the cores', () => {
		expect(threadPlan(undefined, true, 8).threads).toBe(4);
		expect(threadPlan(undefined, true, 1).threads).toBe(1);
		expect(threadPlan(64, true, 4).threads).toBe(4);
	});
});

describe("llama.cpp's error text", () => {
	it('keeps lines that read like errors and picks the specific load error', () => {
		const lines = [
			'llama_model_load: error loading model: key not found in model: llama.context_length',
			"srv    load_model: failed to load model, 'models/model.gguf'"
		];
		expect(nativeErrorLine(['load: printing all EOG tokens'])).toBeUndefined();
		expect(nativeErrorLine(['@@ERROR@@', lines[0]])).toContain('key not found');
		expect(pickNativeError(lines)).toBe(lines[0]);
		expect(pickNativeError(['a failed thing'])).toBe('a failed thing');
		expect(pickNativeError([])).toBeUndefined();
	});
});

describe('custom GGUF URL', () => {
	it('accepts a direct .gguf link and explains what is wrong otherwise', () => {
		expect(validateGgufUrl('https://huggingface.co/a/b/resolve/main/m-Q4_K_M.gguf')).toEqual({
			ok: true,
			url: 'https://huggingface.co/a/b/resolve/main/m-Q4_K_M.gguf'
		});
		expect(validateGgufUrl('/test-models/x.gguf', 'http://127.0.0.1:4173/')).toEqual({
			ok: true,
			url: 'http://127.0.0.1:4173/test-models/x.gguf'
		});
		expect(validateGgufUrl('')).toMatchObject({
			ok: false,
			error: 'Enter the URL of a .gguf file.'
		});
		expect(validateGgufUrl('https://huggingface.co/a/b/blob/main/m.gguf')).toMatchObject({
			ok: false,
			error: expect.stringContaining('download link')
		});
		expect(validateGgufUrl('https://example.com/model.bin')).toMatchObject({ ok: false });
		expect(validateGgufUrl('ftp://example.com/m.gguf')).toMatchObject({ ok: false });
	});
});
