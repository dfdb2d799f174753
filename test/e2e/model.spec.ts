import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

test.describe('simulated model', () => {
	test('loads without WebLLM and runs the executor over a few items with progress', async ({
		page
	}) => {
		const scripts: string[] = [];
		page.on('request', (r) => scripts.push(r.url()));
		await page.goto('/?engine=scripted');
		await expect(page.getByTestId('simulation-note')).toContainText('not a language model');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toHaveText(
			/Simulated model \(scripted, not a language model\)/
		);
		await page.getByRole('spinbutton', { name: 'Items' }).fill('6');
		await page.getByRole('button', { name: 'Run with this skill' }).click();
		const results = page.getByTestId('trial-results');
		await expect(results.getByTestId('trial-row')).toHaveCount(6);
		await expect(results.getByTestId('trial-progress')).toHaveText('· 6/6 items');
		await expect(results.getByTestId('trial-score')).toHaveText(/hard \d+%/);
		await expect(results).toContainText('Simulated model');
		// Every row has a grade with a one-line explanation, and an output that reads like a model's.
		const first = results.getByTestId('trial-row').first();
		await first.locator('summary').click();
		await expect(first.locator('pre')).not.toHaveText('…');
		expect(scripts.some((u) => /webllm-engine/.test(u))).toBe(false);
		expect(scripts.some((u) => /scripted-engine/.test(u))).toBe(true);
	});

	test('a streaming answer is visible while it streams; a stopped one is not graded', async ({
		page
	}) => {
		await page.goto('/?engine=scripted&scenario=slow-stream');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toBeVisible();
		// About 100 tokens a second: each answer streams for a fraction of a second, so the test
		// follows whichever row is streaming.
		await page.getByRole('spinbutton', { name: 'Items' }).fill('20');
		await page.getByRole('button', { name: 'Run with this skill' }).click();
		const streaming = page
			.getByTestId('trial-row')
			.filter({ has: page.getByTestId('trial-row-state').getByText('generating…') })
			.first();
		await expect(streaming.locator('pre')).toBeVisible();
		await expect(streaming.locator('pre')).not.toHaveText('…');
		await page.getByRole('button', { name: 'Stop' }).click();
		const states = page.getByTestId('trial-row-state');
		await expect(states.filter({ hasText: 'stopped — not graded' })).toHaveCount(1);
		await expect(page.getByTestId('trial-progress')).not.toContainText('running');
	});

	test('a skill that states the task’s lessons scores higher than the starter skill', async ({
		page
	}) => {
		await page.goto('/?engine=scripted&scenario=clean');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toBeVisible();
		await page.getByRole('spinbutton', { name: 'Items' }).fill('20');
		page.once('dialog', (d) => void d.accept());
		await page.getByRole('button', { name: 'Load starter skill' }).click();
		await page.getByRole('button', { name: 'Run with this skill' }).click();
		const score = page.getByTestId('trial-score');
		await expect(score).toBeVisible();
		const starter = Number((await score.textContent())?.match(/(\d+)%/)?.[1]);

		const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
		await editor.click();
		await page.keyboard.press('ControlOrMeta+End');
		await page.keyboard.insertText(
			[
				'',
				'## Rules',
				'- Only a person who flips the coin changes it; ignore anyone who does not flip it or only looks at it.',
				'- Count the flips: an even number of flips means the coin is still heads up, an odd number means tails.',
				'- Finish with a final line: Answer: yes or Answer: no.'
			].join('\n')
		);
		await page.getByRole('button', { name: 'Run with this skill' }).click();
		await expect(page.getByTestId('trial-progress')).toHaveText('· 20/20 items');
		const taught = Number((await score.textContent())?.match(/(\d+)%/)?.[1]);
		expect(taught).toBeGreaterThan(starter);
	});
});

test.describe('WebLLM in the model worker', () => {
	let server: Server;
	let base = '';
	const requested: string[] = [];

	test.beforeAll(async () => {
		server = createServer((request, response) => {
			requested.push(request.url ?? '');
			response.setHeader('access-control-allow-origin', '*');
			response.statusCode = 404;
			response.end('not here');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	test('offers only f32 variants on an adapter without shader-f16', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByTestId('webgpu-status')).toHaveAttribute('data-status', 'ready');
		await page.getByRole('radio', { name: /Local model/ }).check();
		await expect(page.getByTestId('f32-note')).toBeVisible();
		const options = await page.getByTestId('webllm-model').locator('option').allTextContents();
		expect(options.length).toBeGreaterThan(5);
		for (const option of options) expect(option).toContain('· f32 ·');
		// SwiftShader is a fallback adapter: the app warns that generation would be far too slow.
		await expect(page.getByTestId('vram-warning')).toContainText('software fallback');
	});

	test('a model whose weights cannot be fetched fails with a clear message, not a hang', async ({
		page
	}) => {
		const scripts: string[] = [];
		page.on('request', (r) => scripts.push(r.url()));
		const unhandled: string[] = [];
		page.on('pageerror', (e) => unhandled.push(e.message));
		page.on('console', (m) => {
			if (m.type() === 'error' && /uncaught|unhandled/i.test(m.text())) unhandled.push(m.text());
		});
		await page.goto('/');
		await expect(page.getByTestId('webgpu-status')).toHaveAttribute('data-status', 'ready');
		expect(scripts.some((u) => /webllm-engine|llm\.worker/.test(u))).toBe(false);
		await page.getByRole('radio', { name: /Local model/ }).check();
		await page.getByLabel('Custom model (your own MLC build)').check();
		const custom = page.getByTestId('custom-model');
		// The custom form has the window and memory fields, and the software-adapter warning.
		await expect(custom.getByTestId('custom-context')).toBeVisible();
		await expect(custom.getByTestId('custom-vram')).toBeVisible();
		await expect(custom.getByTestId('vram-warning')).toContainText('software fallback');
		await custom.getByLabel('Model id').fill('Missing-0.5B-q4f32_1-MLC');
		await custom.getByLabel('Weights URL').fill(`${base}/weights/`);
		await custom.getByLabel('Model library URL (.wasm)').fill(`${base}/lib/model-v0_2_86.wasm`);
		await page.getByRole('button', { name: 'Load model' }).click();
		const error = page.getByTestId('model-error');
		await expect(error).toBeVisible({ timeout: 20_000 });
		await expect(error).toContainText(base);
		await expect(error).toContainText(/404|offline/i);
		await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
		// WebLLM itself was fetched (in the worker) and asked our server for the model's files.
		expect(scripts.some((u) => /webllm-engine/.test(u))).toBe(true);
		expect(requested.some((u) => u.includes('mlc-chat-config.json'))).toBe(true);
		expect(unhandled).toEqual([]);
	});

	test('invalid custom model fields are explained and nothing loads', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('radio', { name: /Local model/ }).check();
		await page.getByLabel('Custom model (your own MLC build)').check();
		const custom = page.getByTestId('custom-model');
		await custom.getByLabel('Model id').fill('x');
		await custom.getByLabel('Weights URL').fill('weights/');
		await custom
			.getByLabel('Model library URL (.wasm)')
			.fill('https://example.org/lib-v0_2_40.wasm');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(custom).toContainText('absolute URL');
		await expect(custom).toContainText('v0_2_40');
		await expect(page.getByTestId('load-progress')).toBeHidden();
	});
});

test('after loading, the model panel offers reload and unload, not cancel', async ({ page }) => {
	await page.goto('/?engine=scripted');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Reload model' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Unload' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Cancel loading' })).toBeHidden();
	await page.getByRole('button', { name: 'Unload' }).click();
	await expect(page.getByRole('button', { name: 'Load model' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Run with this skill' })).toBeDisabled();
});
