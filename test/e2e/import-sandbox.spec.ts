import { test, expect, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A v1 pack of 12 val items whose grader is the given JavaScript. */
function codePack(code: string, timeoutMs: number): string {
	const items = Array.from({ length: 16 }, (_, i) => ({
		id: `q${i}`,
		input: `What is ${i} + 1?`,
		answer: String(i + 1),
		split: i < 12 ? 'val' : 'train'
	}));
	return JSON.stringify({
		format: 'skillopt-playground.pack.v1',
		id: 'code-graded',
		title: 'Code graded',
		description: 'A pack whose grader is user code.',
		prompt: { template: '{{input}}\n\n{{contract}}', contract: 'Answer: <number>' },
		grader: { type: 'js', code, timeoutMs },
		items
	});
}

async function importPack(page: Page, name: string, body: string): Promise<void> {
	await page.getByRole('button', { name: 'Import data…' }).click();
	await page.getByTestId('import-file').setInputFiles({
		name,
		mimeType: 'application/json',
		buffer: Buffer.from(body)
	});
}

async function useCodePack(page: Page, code: string, timeoutMs: number): Promise<void> {
	await importPack(page, 'code.pack.json', codePack(code, timeoutMs));
	const dialog = page.getByTestId('import-dialog');
	await expect(dialog.getByTestId('code-notice')).toContainText('This pack contains code');
	const use = dialog.getByRole('button', { name: 'Use this pack' });
	await expect(use).toBeDisabled();
	await dialog.getByLabel('I have read the code and want to run it').check();
	await use.click();
	await expect(page.getByTestId('pack-summary')).toContainText('contains code');
	await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
}

async function grade(page: Page, output: string): Promise<void> {
	const dialog = page.getByRole('dialog');
	await dialog.getByTestId('try-output').fill(output);
	await dialog.getByRole('button', { name: 'Grade' }).click();
}

test.describe('code graders run in a sandbox', () => {
	let server: Server;
	let hits = 0;
	let base = '';

	test.beforeAll(async () => {
		server = createServer((_request, response) => {
			hits++;
			response.setHeader('access-control-allow-origin', '*');
			response.setHeader('content-type', 'text/javascript');
			response.end('self.leaked = true;');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	test('a working predicate grades outputs', async ({ page }) => {
		await page.goto('/');
		await useCodePack(page, 'return output.trim().endsWith(String(item.answer));', 500);
		const dialog = page.getByRole('dialog');
		const gold = (await dialog.getByTestId('item-gold').textContent())?.trim() ?? '';
		await grade(page, `Answer: ${gold}`);
		await expect(dialog.getByTestId('try-result')).toContainText('hard 1');
		await grade(page, 'Answer: 999');
		await expect(dialog.getByTestId('try-result')).toContainText('hard 0');
	});

	test('an infinite loop is stopped at its timeout while the page stays responsive', async ({
		page
	}) => {
		await page.goto('/');
		await useCodePack(page, 'while (true) {}', 3000);
		const dialog = page.getByRole('dialog');
		await grade(page, 'Answer: 1');
		await expect(dialog.getByRole('button', { name: 'Grading…' })).toBeVisible();
		// The main thread keeps painting frames and handling input during the loop.
		const frames = await page.evaluate(
			() =>
				new Promise<number>((resolve) => {
					let n = 0;
					const tick = () => (++n === 10 ? resolve(n) : requestAnimationFrame(tick));
					requestAnimationFrame(tick);
				})
		);
		expect(frames).toBe(10);
		await dialog.getByTestId('try-output').fill('typing still works');
		await expect(dialog.getByTestId('try-output')).toHaveValue('typing still works');
		await expect(dialog.getByRole('button', { name: 'Grading…' })).toBeVisible();
		await expect(dialog.getByTestId('try-result')).toContainText(
			/hard 0 .*timed out after 3000 ms/i,
			{
				timeout: 8000
			}
		);
		// A fresh worker replaces the stopped one: the next grade runs normally (and times out again).
		await grade(page, 'Answer: 2');
		await expect(dialog.getByTestId('try-result')).toContainText(/timed out/i, { timeout: 8000 });
	});

	for (const [name, snippet] of [
		['fetch', `await fetch(URL)`],
		['XMLHttpRequest', `const x = new XMLHttpRequest(); x.open('GET', URL, false); x.send();`],
		[
			'WebSocket',
			`const ws = new WebSocket(URL.replace('http', 'ws')); await new Promise((ok, no) => { ws.onopen = ok; ws.onerror = () => no(new Error('ws failed')); });`
		],
		['importScripts', `importScripts(URL)`],
		['dynamic import()', `await import(URL)`]
	] as const) {
		test(`${name} fails inside the sandbox and nothing reaches the network`, async ({ page }) => {
			await page.goto('/');
			hits = 0;
			const code = `const URL = ${JSON.stringify(`${base}/probe.js`)};
try { ${snippet}; return { hard: 1, soft: 1 }; } catch (error) { return { hard: 0, soft: 0 }; }`;
			await useCodePack(page, code, 2000);
			await grade(page, 'Answer: 1');
			await expect(page.getByRole('dialog').getByTestId('try-result')).toContainText('hard 0');
			expect(hits).toBe(0);
		});
	}
});

test.describe('import', () => {
	test('a CSV gets a column mapping and a guessed numeric grader', async ({ page }) => {
		await page.goto('/');
		const rows = [
			'question,answer',
			...Array.from({ length: 30 }, (_, i) => `"${i} + 2 = ?",${i + 2}`)
		];
		await importPack(page, 'sums.csv', rows.join('\n'));
		const dialog = page.getByTestId('import-dialog');
		await expect(dialog.getByTestId('import-summary')).toContainText('Table rows');
		await expect(dialog.getByTestId('import-summary')).toContainText('30 items');
		await expect(dialog.getByTestId('map-input')).toHaveValue('question');
		await expect(dialog.getByTestId('grader-json')).toHaveValue(/"numeric"/);
		await dialog.getByRole('button', { name: 'Use this pack' }).click();
		await expect(page.getByTestId('pack-summary')).toContainText('imported from sums.csv');
	});

	test('GSM8K rows are recognised and their #### answers extracted', async ({ page }) => {
		await page.goto('/');
		const lines = Array.from({ length: 20 }, (_, i) =>
			JSON.stringify({
				question: `Tom has ${i} pens and buys 3. How many?`,
				answer: `${i} + 3 = ${i + 3}\n#### ${i + 3}`
			})
		);
		await importPack(page, 'gsm8k.jsonl', lines.join('\n'));
		const dialog = page.getByTestId('import-dialog');
		await expect(dialog.getByTestId('import-summary')).toContainText('GSM8K');
		await dialog.getByRole('button', { name: 'Use this pack' }).click();
		await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
		await expect(page.getByRole('dialog').getByTestId('item-gold')).toHaveText(/^\d+$/);
	});

	test('a broken pack lists specific errors and changes nothing', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByTestId('pack-summary')).toContainText('Coin flip');
		const broken = JSON.stringify({
			format: 'skillopt-playground.pack.v1',
			id: 'broken',
			grader: { type: 'regex', pattern: '(unclosed' },
			items: Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, input: 'x', answer: 'y' }))
		});
		await importPack(page, 'broken.pack.json', broken);
		const dialog = page.getByTestId('import-dialog');
		const errors = dialog.getByTestId('import-errors');
		await expect(errors).toContainText('(unclosed');
		// A second file with duplicate ids is explained item by item.
		const duplicated = JSON.stringify({
			format: 'skillopt-playground.pack.v1',
			id: 'dups',
			grader: { type: 'exact' },
			items: [
				{ id: 'a', input: 'x', answer: 'y' },
				{ id: 'a', input: 'dup', answer: 'z' }
			]
		});
		await dialog.getByTestId('import-file').setInputFiles({
			name: 'dups.pack.json',
			mimeType: 'application/json',
			buffer: Buffer.from(duplicated)
		});
		await expect(errors).toContainText("duplicate id 'a'");
		await expect(dialog.getByRole('button', { name: 'Use this pack' })).toBeDisabled();
		await dialog.getByRole('button', { name: 'Cancel' }).click();
		await expect(page.getByTestId('pack-summary')).toContainText('Coin flip');
	});

	test('a promptfoo file with one model-graded test imports the others, saying why', async ({
		page
	}) => {
		await page.goto('/');
		const tests = Array.from({ length: 12 }, (_, i) => ({
			vars: { input: `Say hi ${i}` },
			assert:
				i === 3
					? [{ type: 'llm-rubric', value: 'is friendly' }]
					: [{ type: 'contains', value: 'hi' }]
		}));
		await importPack(page, 'promptfooconfig.json', JSON.stringify({ tests }));
		const dialog = page.getByTestId('import-dialog');
		await expect(dialog.getByTestId('import-summary')).toContainText('11 items');
		await expect(dialog.getByTestId('import-warnings')).toContainText(
			'1 model-graded test was skipped: there is no judge model in the browser'
		);
		await expect(dialog.getByTestId('import-errors')).toBeHidden();
		await dialog.getByRole('button', { name: 'Use this pack' }).click();
		await expect(page.getByTestId('pack-summary')).toContainText('imported from promptfooconfig');
	});

	test('a file that is not JSON says where it breaks', async ({ page }) => {
		await page.goto('/');
		await importPack(page, 'rows.jsonl', '{"input": "a", "answer": "b"}\n{"input": \n');
		await expect(page.getByTestId('import-errors')).toContainText('rows.jsonl, line 2');
	});
});

test.describe('import from a URL', () => {
	let server: Server;
	let base = '';

	test.beforeAll(async () => {
		server = createServer((request, response) => {
			response.setHeader('access-control-allow-origin', '*');
			if (request.url === '/data/sums.jsonl') {
				const rows = Array.from({ length: 24 }, (_, i) =>
					JSON.stringify({ question: `${i} + 5 = ?`, answer: String(i + 5) })
				);
				return void response.end(rows.join('\n'));
			}
			response.statusCode = 404;
			response.end('missing');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	test('fetches, recognises and imports rows; a missing file is explained', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('button', { name: 'Import data…' }).click();
		const dialog = page.getByTestId('import-dialog');
		await dialog.getByLabel('From a URL').fill(`${base}/data/nothing.jsonl`);
		await dialog.getByRole('button', { name: 'Fetch' }).click();
		await expect(dialog.getByTestId('import-errors')).toContainText('404');
		await dialog.getByLabel('From a URL').fill(`${base}/data/sums.jsonl`);
		await dialog.getByRole('button', { name: 'Fetch' }).click();
		await expect(dialog.getByTestId('import-summary')).toContainText('24 items');
		await dialog.getByRole('button', { name: 'Use this pack' }).click();
		await expect(page.getByTestId('pack-summary')).toContainText('imported from sums.jsonl');
	});
});
