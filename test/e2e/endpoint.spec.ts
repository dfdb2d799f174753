import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback server that speaks enough of the Chat Completions protocol, as Ollama would.
test.describe('OpenAI-compatible endpoint', () => {
	let server: Server;
	let base = '';
	const bodies: { model?: string; messages?: { role: string; content: string }[] }[] = [];
	let requireKey = false;

	test.beforeAll(async () => {
		server = createServer((request, response) => {
			response.setHeader('access-control-allow-origin', '*');
			response.setHeader('access-control-allow-headers', 'content-type, authorization');
			if (request.method === 'OPTIONS') return void response.end();
			if (requireKey && request.headers.authorization !== 'Bearer right-key') {
				response.statusCode = 401;
				return void response.end(JSON.stringify({ error: { message: 'invalid api key' } }));
			}
			response.setHeader('content-type', 'application/json');
			if (request.url?.endsWith('/models')) {
				return void response.end(JSON.stringify({ data: [{ id: 'tiny' }] }));
			}
			let raw = '';
			request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			request.on('end', () => {
				bodies.push(JSON.parse(raw) as (typeof bodies)[number]);
				response.end(
					JSON.stringify({
						choices: [
							{
								message: { role: 'assistant', content: 'Let me count.\nAnswer: yes' },
								finish_reason: 'stop'
							}
						],
						usage: { prompt_tokens: 50, completion_tokens: 6 }
					})
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	test('runs the executor through the endpoint with the skill as the system prompt', async ({
		page
	}) => {
		requireKey = false;
		await page.goto('/');
		await page.getByRole('radio', { name: 'OpenAI-compatible endpoint' }).check();
		await page.getByLabel('Base URL').fill(base);
		await page.getByLabel('Model name').fill('tiny');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toContainText(`tiny at ${base}`);
		await page.getByRole('spinbutton', { name: 'Items' }).fill('3');
		await page.getByRole('button', { name: 'Run with this skill' }).click();
		await expect(page.getByTestId('trial-progress')).toHaveText('· 3/3 items');
		await expect(page.getByTestId('trial-row')).toHaveCount(3);
		const last = bodies.at(-1);
		expect(last?.model).toBe('tiny');
		expect(last?.messages?.[0]?.role).toBe('system');
		expect(last?.messages?.[0]?.content).toContain('# Skill');
		expect(last?.messages?.at(-1)?.content).toContain('Answer: yes or Answer: no');
	});

	test('a rejected API key is explained', async ({ page }) => {
		requireKey = true;
		await page.goto('/');
		await page.getByRole('radio', { name: 'OpenAI-compatible endpoint' }).check();
		await page.getByLabel('Base URL').fill(base);
		await page.getByLabel('Model name').fill('tiny');
		await page.getByLabel('API key (optional)').fill('wrong-key');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-error')).toContainText(/401|API key/);
		await page.getByLabel('API key (optional)').fill('right-key');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toBeVisible();
	});
});
