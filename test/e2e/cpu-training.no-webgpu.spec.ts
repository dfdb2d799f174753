/**
 * Without WebGPU (this file runs only in the no-WebGPU project): the app starts on the
 * simulation and says why, offers the CPU engine, loads a custom GGUF URL (the synthetic model,
 * served from the app's origin) and runs one short training with the real runtime as executor
 * and optimiser. Its edits are schema-valid nonsense: they must be handled (unmatched or
 * rejected, and recorded) and the run must finish cleanly.
 */
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { syntheticGguf } from '../support/synthetic-gguf.ts';

const MODEL_PATH = '/test-models/synthetic.gguf';

async function tinyPack(): Promise<string> {
	const pack = JSON.parse(
		await readFile(new URL('../fixtures/imports/tiny-addition.pack.json', import.meta.url), 'utf8')
	) as Record<string, unknown> & { items: Record<string, unknown>[] };
	return JSON.stringify({
		...pack,
		id: 'tiny-addition-cpu',
		generation: { maxTokens: 24, temperature: 0, stop: [] },
		items: pack.items.map(({ split: _split, ...item }) => item),
		splitRule: { salt: 'cpu-e2e', sizes: { train: 4, val: 10, test: 2 } }
	});
}

test('without WebGPU: the simulation by default, and a custom GGUF loads and trains on the CPU', async ({
	page,
	context
}) => {
	test.setTimeout(90_000);
	const model = syntheticGguf();
	await context.route(`**${MODEL_PATH}`, (route) =>
		route.fulfill({ body: model, headers: { 'content-type': 'application/octet-stream' } })
	);
	const requests: string[] = [];
	page.on('request', (r) => requests.push(r.url()));
	await page.goto('/');
	await expect(page.getByTestId('default-reason')).toContainText('No CPU model is downloaded yet');
	await expect(page.getByRole('radio', { name: /Simulated model/ })).toBeChecked();

	await page.getByRole('button', { name: 'Import data…' }).click();
	await page.getByTestId('import-file').setInputFiles({
		name: 'tiny.pack.json',
		mimeType: 'application/json',
		buffer: Buffer.from(await tinyPack())
	});
	await page.getByTestId('import-dialog').getByRole('button', { name: 'Use this pack' }).click();
	await expect(page.getByTestId('split-sizes')).toContainText('val 10');

	await page.getByRole('radio', { name: /CPU model/ }).check();
	await expect(page.getByTestId('cpu-threads')).toContainText('cross-origin isolated');
	await page.getByLabel('Custom GGUF URL').check();
	await page.getByTestId('cpu-custom-url').fill('not a url');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByText('must name a .gguf file')).toBeVisible();
	// Nothing of llama.cpp is fetched before a CPU model is loaded.
	expect(requests.filter((u) => /wllama|llm\.worker/.test(u))).toEqual([]);
	await page.getByTestId('cpu-custom-url').fill(new URL(MODEL_PATH, page.url()).href);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText('llama.cpp on the CPU', {
		timeout: 20_000
	});

	expect(requests.some((u) => /wllama.*\.wasm/.test(u))).toBe(true);
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
	await page.getByRole('spinbutton', { name: 'Batch' }).fill('2');
	await page.getByRole('button', { name: 'Start training' }).click();
	const status = page.getByTestId('run-status');
	await expect(status).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });

	const rows = page.getByTestId('step-row');
	expect(await rows.count()).toBeGreaterThanOrEqual(2);
	// A random model scores 0 on addition before and after any edit: nothing may be accepted.
	// Every step is recorded; the model's edits apply (or not) and are rejected on a tie: a
	// random model scores 0 on addition with any skill, and ties never replace the current one.
	const actions = await rows.evaluateAll((els) => els.map((e) => e.dataset['action']));
	for (const action of actions) expect(['reject', 'skip_no_patches']).toContain(action);
	expect(actions).toContain('reject');
	// The run view names a tie as such in the verdict.
	await expect(rows.filter({ hasText: 'rejected' }).first().locator('td.verdict')).toContainText(
		/tie/
	);
	await expect(page.getByTestId('run-summary')).toContainText(/Val: seed 0(\.0)?% → best 0(\.0)?%/);
	await expect(page.locator('form[aria-labelledby="run-heading"] [role="alert"]')).toHaveCount(0);
});
