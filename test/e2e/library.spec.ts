/**
 * The skill library, as a user would use it, on the simulated model: two skills trained on two
 * packs (a built-in family and an imported pack) appear with their pack, effect sizes, Wilson
 * intervals, paired counts and McNemar p-values, with the plain average beside them; one skill
 * is evaluated on other engines — the simulation and the CPU engine (llama.cpp in WebAssembly)
 * on the synthetic GGUF model the test writes — as a matrix with a row per engine; everything
 * is still there after a reload; axe finds nothing serious, light and dark.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { syntheticGguf } from '../support/synthetic-gguf.ts';

const MODEL_PATH = '/test-models/synthetic.gguf';

async function tinyPack(): Promise<string> {
	const pack = JSON.parse(
		await readFile(new URL('../fixtures/imports/tiny-addition.pack.json', import.meta.url), 'utf8')
	) as Record<string, unknown> & { items: Record<string, unknown>[] };
	return JSON.stringify({
		...pack,
		id: 'tiny-addition-library',
		title: 'Sums',
		// Short answers: the CPU engine's random model writes until max tokens.
		generation: { maxTokens: 24, temperature: 0, stop: [] },
		items: pack.items.map(({ split: _split, ...item }) => item),
		splitRule: { salt: 'library-e2e', sizes: { train: 4, val: 10, test: 2 } }
	});
}

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.include('dialog[open]')
		.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function train(page: Page): Promise<void> {
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
	await page.getByRole('spinbutton', { name: 'Batch' }).fill('2');
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});
}

test('library: two skills on two packs with effect sizes and the average; transfer to the simulation and the CPU engine; after a reload', async ({
	page,
	context
}) => {
	test.setTimeout(240_000);
	const model = syntheticGguf();
	await context.route(`**${MODEL_PATH}`, (route) =>
		route.fulfill({ body: model, headers: { 'content-type': 'application/octet-stream' } })
	);
	await page.goto('/?engine=scripted');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText('scenario “default”');

	// Skill 1, the workspace's first skill, on a small coin-flip pack.
	await page.getByText('Split sizes').click();
	await page.getByTestId('size-train').fill('4');
	await page.getByTestId('size-test').fill('6');
	await expect(page.getByTestId('split-sizes')).toContainText('test 6');
	await train(page);

	// Skill 2, "Sums", on an imported pack.
	await page.getByTestId('skills-button').click();
	await page.getByTestId('new-skill-name').fill('Sums');
	await page.getByRole('button', { name: 'Create and open' }).click();
	await page.keyboard.press('Escape');
	await page.getByRole('button', { name: 'Import data…' }).click();
	await page.getByTestId('import-file').setInputFiles({
		name: 'sums.pack.json',
		mimeType: 'application/json',
		buffer: Buffer.from(await tinyPack())
	});
	await page.getByTestId('import-dialog').getByRole('button', { name: 'Use this pack' }).click();
	await expect(page.getByTestId('split-sizes')).toContainText('val 10');
	await train(page);

	// The library: both skills with their packs, evaluated in the background.
	await page.getByTestId('library-button').click();
	const dialog = page.getByTestId('library-dialog');
	const rows = dialog.getByTestId('library-row');
	await expect(rows).toHaveCount(2);
	await expect(rows.filter({ hasText: 'Sums' })).toContainText('not evaluated yet');
	await dialog.getByTestId('evaluate-all').click();
	// The simulation is quick: the job may be over before it could be seen.
	await expect(rows.filter({ hasText: 'not evaluated yet' })).toHaveCount(0, { timeout: 60_000 });
	await expect(dialog.getByTestId('library-job')).toBeHidden({ timeout: 60_000 });
	await expect(dialog.getByRole('alert')).toHaveCount(0);
	for (const [title, pack, items] of [
		['Skill', 'Coin flip', '6'],
		['Sums', 'Sums', '2']
	] as const) {
		const row = rows.filter({ has: page.getByRole('rowheader', { name: title, exact: true }) });
		await expect(row).toContainText(pack);
		await expect(row.getByTestId('items')).toHaveText(items);
		await expect(row.getByTestId('effect-none')).toHaveText(/^[+−±]\d+\.\d pts$/);
		await expect(row.getByTestId('effect-seed')).toContainText(/pts/);
		await expect(row.getByTestId('p-none')).toHaveText(/^(\d\.\d{3}|< 0\.001)$/);
		await expect(row.getByTestId('paired')).toHaveText(/^\d+ · \d+ · \d+ · \d+$/);
		// Wilson intervals per arm.
		await expect(row).toContainText(/\d+\.\d%–\d+\.\d%/);
		await expect(row).toContainText('Simulated model');
	}
	// The paired counts add up to the item count.
	const paired = (await rows.first().getByTestId('paired').textContent()) ?? '';
	const items = Number(await rows.first().getByTestId('items').textContent());
	expect(paired.split(' · ').reduce((sum, n) => sum + Number(n), 0)).toBe(items);
	await expect(dialog.getByTestId('library-average')).toContainText('Plain average over 2 skills');
	await expect(dialog.getByTestId('average-note')).toBeVisible();
	// Sortable: sorting by skill name puts "Skill" before "Sums", and the header says so.
	await dialog.getByRole('button', { name: 'Skill', exact: true }).click();
	await expect(dialog.getByRole('columnheader', { name: /^Skill/ })).toHaveAttribute(
		'aria-sort',
		'ascending'
	);
	await expect(rows.first()).toHaveAttribute('data-skill', 'Skill');

	// Transfer "Sums" to the simulation and the CPU engine on the synthetic model.
	await dialog.getByTestId('transfer-skill').selectOption({ label: 'Sums' });
	await dialog.getByTestId('transfer-cpu').check();
	await dialog.getByTestId('transfer-cpu-url').fill(new URL(MODEL_PATH, page.url()).href);
	await dialog.getByRole('button', { name: 'Evaluate on these models' }).click();
	await expect(dialog.getByTestId('transfer-row')).toHaveCount(2, { timeout: 90_000 });
	await expect(dialog.getByTestId('library-job')).toBeHidden({ timeout: 90_000 });
	await expect(dialog.getByRole('alert')).toHaveCount(0);
	const matrix = dialog.getByTestId('transfer-row');
	await expect(matrix).toHaveCount(2);
	await expect(matrix.and(page.locator('[data-engine="scripted"]'))).toContainText(
		'Simulated model'
	);
	await expect(matrix.and(page.locator('[data-engine="wllama"]'))).toContainText(
		'synthetic.gguf — CPU engine (llama.cpp)'
	);
	for (const row of await matrix.all()) await expect(row).toContainText(/[+−±]\d+\.\d pts/);

	expect(await seriousViolations(page), 'library, light').toEqual([]);
	await page.keyboard.press('Escape');
	await page.getByTestId('theme-toggle').click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await page.getByTestId('library-button').click();
	await expect(dialog.getByTestId('transfer-row')).toHaveCount(2);
	expect(await seriousViolations(page), 'library, dark').toEqual([]);

	// After a reload the results are there, with their model, date and seed.
	await page.reload();
	await page.getByTestId('library-button').click();
	await expect(rows).toHaveCount(2);
	for (const row of await rows.all())
		await expect(row.getByTestId('effect-none')).toHaveText(/pts/);
	await expect(rows.first()).toContainText(/seed 0/);
	await dialog.getByTestId('transfer-skill').selectOption({ label: 'Sums' });
	await expect(dialog.getByTestId('transfer-row')).toHaveCount(2);

	// Readable at 390 px: the dialog fits the viewport; the tables scroll inside it.
	await page.setViewportSize({ width: 390, height: 844 });
	const box = await page.locator('dialog[open]').boundingBox();
	expect(box?.width ?? 999).toBeLessThanOrEqual(390);
});
