/**
 * The first tests with a real language-model runtime: llama.cpp in WebAssembly (the CPU engine),
 * driven through the app's own model worker in Chromium, on a tiny synthetic GGUF that the test
 * writes itself (random weights; nothing is downloaded, no binary is committed). It is served
 * from the app's origin by routing one URL.
 *
 * The model's answers are meaningless by construction; what is checked is the engine's
 * contract: progress, streaming, seeds, constrained JSON, stop, unload, the OPFS cache (and an
 * offline load from it), and llama.cpp's own error text for a broken file.
 */
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import type { EngineClient } from '../../src/lib/engine/engine-client.ts';
import { syntheticGguf } from '../support/synthetic-gguf.ts';

type EngineWindow = Window & { skilloptEngine: EngineClient };

const MODEL_PATH = '/test-models/synthetic.gguf';
const BROKEN_PATH = '/test-models/broken.gguf';

async function serveModels(context: BrowserContext): Promise<{ requests: () => number }> {
	const model = syntheticGguf();
	const broken = syntheticGguf({ omitKey: 'llama.context_length' });
	let requests = 0;
	await context.route(`**${MODEL_PATH}`, (route) => {
		requests++;
		return route.fulfill({
			body: model,
			headers: { 'content-type': 'application/octet-stream', etag: '"synthetic-1"' }
		});
	});
	await context.route(`**${BROKEN_PATH}`, (route) =>
		route.fulfill({ body: broken, headers: { 'content-type': 'application/octet-stream' } })
	);
	return { requests: () => requests };
}

async function openWithEngine(page: Page): Promise<string> {
	await page.goto('/?engine=wllama&debug=engine');
	await expect(page.getByTestId('cpu-note')).toBeVisible();
	return new URL(MODEL_PATH, page.url()).href;
}

test.describe('CPU engine (llama.cpp in WebAssembly) on a synthetic model', () => {
	test('loads with progress, streams, follows seeds, answers a JSON schema, stops, unloads and uses its cache', async ({
		page,
		context
	}) => {
		test.setTimeout(60_000);
		const served = await serveModels(context);
		const url = await openWithEngine(page);
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

		const loaded = await page.evaluate(async (modelUrl) => {
			const engine = (window as unknown as EngineWindow).skilloptEngine;
			const progress: number[] = [];
			const status = await engine.load({ kind: 'wllama', modelUrl }, (p) => {
				progress.push(p.progress);
			});
			return { status, progress, window: await engine.contextWindow() };
		}, url);
		expect(loaded.status.state).toBe('ready');
		expect(loaded.status.kind).toBe('wllama');
		expect(loaded.status.label).toMatch(
			/llama\.cpp on the CPU .* \d+ threads? \(cross-origin isolated\)/
		);
		expect(loaded.window).toBe(4096);
		expect(loaded.progress.length).toBeGreaterThan(1);
		expect(loaded.progress.at(-1)).toBe(1);
		expect(loaded.progress.some((p) => p > 0 && p < 1)).toBe(true);

		const answers = await page.evaluate(async () => {
			const engine = (window as unknown as EngineWindow).skilloptEngine;
			const ask = (seed: number, onTokens?: (batch: string) => void) =>
				engine.generate(
					{
						messages: [
							{ role: 'system', content: 'You are a test.' },
							{ role: 'user', content: 'Say something.' }
						],
						temperature: 0.9,
						seed,
						maxTokens: 24
					},
					undefined,
					onTokens
				);
			const batches: string[] = [];
			const streamed = await ask(5, (b) => {
				batches.push(b);
			});
			const again = await ask(5);
			const other = await ask(6);
			const schema = {
				type: 'object',
				properties: {
					answer: { type: 'string', maxLength: 12 },
					tags: { type: 'array', items: { type: 'string', maxLength: 6 }, maxItems: 3 }
				},
				required: ['answer', 'tags'],
				additionalProperties: false
			};
			const json = await engine.generate({
				messages: [{ role: 'user', content: 'Answer in JSON.' }],
				temperature: 0,
				maxTokens: 96,
				jsonSchema: schema
			});
			const count = await engine.countTokens('the answer is the count of heads');
			const countAgain = await engine.countTokens('the answer is the count of heads');
			return { streamed, batches, again, other, json, count, countAgain };
		});
		expect(answers.batches.length).toBeGreaterThan(0);
		expect(answers.batches.join('')).toBe(answers.streamed.text);
		expect(answers.streamed.text.length).toBeGreaterThan(0);
		// End-of-turn is unsampleable in the synthetic model: a free answer runs to max_tokens.
		expect(answers.streamed.finishReason).toBe('length');
		expect(answers.streamed.usage.completionTokens).toBe(24);
		expect(answers.again.text).toBe(answers.streamed.text);
		expect(answers.other.text).not.toBe(answers.streamed.text);
		expect(answers.json.finishReason).toBe('stop');
		const parsed = JSON.parse(answers.json.text) as { answer: unknown; tags: unknown };
		expect(typeof parsed.answer).toBe('string');
		expect(Array.isArray(parsed.tags)).toBe(true);
		expect(answers.count).toBeGreaterThan(0);
		expect(answers.count).toBeLessThan('the answer is the count of heads'.length);
		expect(answers.countAgain).toBe(answers.count);

		const stopped = await page.evaluate(async () => {
			const engine = (window as unknown as EngineWindow).skilloptEngine;
			const controller = new AbortController();
			let pieces = 0;
			const result = await engine.generate(
				{
					messages: [{ role: 'user', content: 'Go on forever.' }],
					temperature: 0.8,
					maxTokens: 3000
				},
				controller.signal,
				() => {
					pieces++;
					controller.abort();
				}
			);
			// The engine stays usable after a stop.
			const after = await engine.generate({
				messages: [{ role: 'user', content: 'Once more.' }],
				temperature: 0,
				maxTokens: 4
			});
			return { result, pieces, after };
		});
		expect(stopped.result.finishReason).toBe('abort');
		expect(stopped.result.text.length).toBeGreaterThan(0);
		expect(stopped.result.usage.completionTokens).toBeLessThan(3000);
		expect(stopped.after.finishReason).toBe('length');

		const cache = await page.evaluate(async (modelUrl) => {
			const engine = (window as unknown as EngineWindow).skilloptEngine;
			const config = { kind: 'wllama', modelUrl: '' } as const;
			await engine.unload();
			const afterUnload = await engine.refreshStatus();
			const listed = await engine.listCached(config);
			return { afterUnload, listed, modelUrl };
		}, url);
		expect(cache.afterUnload.state).toBe('empty');
		expect(cache.listed).toEqual([{ modelId: url, sizeBytes: syntheticGguf().length }]);

		// Offline: the cached copy loads although the URL no longer answers.
		const before = served.requests();
		await context.unroute(`**${MODEL_PATH}`);
		await context.route(`**${MODEL_PATH}`, (route) => route.abort('internetdisconnected'));
		const offline = await page.evaluate(async (modelUrl) => {
			const engine = (window as unknown as EngineWindow).skilloptEngine;
			const status = await engine.load({ kind: 'wllama', modelUrl });
			await engine.unload();
			await engine.deleteCached(modelUrl, { kind: 'wllama', modelUrl: '' });
			return { status, listed: await engine.listCached({ kind: 'wllama', modelUrl: '' }) };
		}, url);
		expect(offline.status.state).toBe('ready');
		expect(served.requests()).toBe(before);
		expect(offline.listed).toEqual([]);
	});

	test('a broken GGUF fails with llama.cpp’s own error text, not a typed-array error', async ({
		page,
		context
	}) => {
		await serveModels(context);
		await openWithEngine(page);
		await page.getByLabel('Custom GGUF URL').check();
		await page.getByTestId('cpu-custom-url').fill(new URL(BROKEN_PATH, page.url()).href);
		await page.getByRole('button', { name: 'Load model' }).click();
		const error = page.getByTestId('model-error');
		await expect(error).toContainText('llama.context_length');
		await expect(error).not.toContainText('typed array');
		await expect(page.getByTestId('model-loaded')).toBeHidden();
	});
});
