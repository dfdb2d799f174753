/**
 * The run view's charts, val-item grid and exports with the simulated model: the chart's table
 * holds the step rows' scores, a click on a plotted point and a table row each select that step,
 * the grid shows an accepted step's fixed and broken items and opens one, the JSON and CSV
 * downloads hold the run, a second run overlays the first, and axe-core finds nothing serious
 * in light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { test, expect, type Locator, type Page } from '@playwright/test';

async function finishRun(page: Page, batch: number): Promise<void> {
	await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
	await page.getByRole('spinbutton', { name: 'Batch', exact: true }).fill(String(batch));
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});
}

async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).include('[data-testid="run-view"]').analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
	const pending = page.waitForEvent('download');
	await button.click();
	const file = await pending;
	return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

const scores = (verdict: string): [string, string] | null => {
	const m = /^candidate ([\d.]+%) vs current ([\d.]+%)/.exec(verdict);
	return m?.[1] && m[2] ? [m[1], m[2]] : null;
};

test('charts, the val-item grid and the exports of a run, overlaid with a second run', async ({
	page
}) => {
	test.setTimeout(150_000);
	await page.goto('/?engine=scripted&scenario=default');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText('scenario “default”');
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await finishRun(page, 8);

	const view = page.getByTestId('run-view');
	const rows = view.locator('[data-testid="step-row"][data-kind="step"]');
	const val = view.locator('[data-testid="chart"][data-metric="val"]');
	await val.getByText('Table of “Val score per step”').click();
	const tableRows = val.getByTestId('chart-row');
	await expect(tableRows).toHaveCount(await rows.count());

	// Each step's current and candidate val score in the table equal the step row's.
	const verdicts = await rows.locator('td.verdict').allTextContents();
	const keys = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
	let compared = 0;
	for (const [i, verdict] of verdicts.entries()) {
		const row = val.locator(`[data-testid="chart-row"][data-key="${keys[i]}"]`);
		const pair = scores(verdict);
		if (pair === null) continue;
		await expect(row.locator('td[data-series="candidate"]')).toHaveText(pair[0]);
		await expect(row.locator('td[data-series="current"]')).toHaveText(pair[1]);
		compared++;
	}
	expect(compared).toBeGreaterThan(1);

	// A click on the canvas at a point's position selects that step: x is train items seen, and
	// the x axis spans the first to the last step.
	const seen = (await tableRows.locator('td:nth-child(2)').allTextContents()).map(Number);
	const first = seen[0] ?? 0;
	const last = seen.at(-1) ?? 1;
	const target = 2;
	const over = val.locator('.u-over');
	const box = await over.boundingBox();
	if (box === null) throw new Error('the plot is not laid out');
	await over.click({
		position: { x: (((seen[target] ?? 0) - first) / (last - first)) * box.width, y: box.height / 2 }
	});
	const pickedKey = await tableRows.nth(target).getAttribute('data-key');
	const picked = view.locator(`[data-testid="step-row"][data-key="${pickedKey}"]`);
	await expect(picked.getByRole('button')).toHaveAttribute('aria-expanded', 'true');
	await expect(tableRows.nth(target)).toHaveClass(/selected/);

	// A table row is the keyboard path to the same selection.
	await tableRows.nth(0).getByRole('button').focus();
	await page.keyboard.press('Enter');
	await expect(rows.nth(0).getByRole('button')).toHaveAttribute('aria-expanded', 'true');
	await expect(picked.getByRole('button')).toHaveAttribute('aria-expanded', 'false');

	// The grid: an accepted step with at least one fixed and one broken item; a cell opens it.
	const grid = view.getByTestId('val-grid');
	const acceptedKeys = await grid
		.locator('[data-testid="grid-column"][data-action^="accept"]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
	let both: string | null = null;
	for (const key of acceptedKeys) {
		const cells = grid.locator(`[data-testid="grid-cell"][data-key="${key}"]`);
		const fixed = await cells.and(page.locator('[data-state="fixed"]')).count();
		const broken = await cells.and(page.locator('[data-state="broken"]')).count();
		if (fixed > 0 && broken > 0) {
			both = key;
			break;
		}
	}
	expect(both, 'an accepted step with fixed and broken items').not.toBeNull();
	const brokenCell = grid
		.locator(`[data-testid="grid-cell"][data-key="${both}"][data-state="broken"]`)
		.first();
	await expect(brokenCell).toHaveText('▼');
	await expect(brokenCell).toHaveAccessibleName(/: broken$/);
	const item = await brokenCell.getAttribute('data-item');
	await brokenCell.click();
	const itemDetail = view.getByTestId('val-item-detail');
	await expect(itemDetail).toContainText(`Val item ${item}`);
	await expect(itemDetail.getByTestId('val-item-result')).toContainText('fail');
	await expect(itemDetail.locator('h4')).toBeFocused();

	expect(await seriousViolations(page), 'light').toEqual([]);
	await page.getByTestId('theme-toggle').click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(await seriousViolations(page), 'dark').toEqual([]);
	await page.getByTestId('theme-toggle').click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

	// The exports of the live run.
	const json = await download(page, view.getByTestId('export-run-json'));
	expect(json.name).toMatch(/^run-\d{4}-\d\d-\d\d-\d{4}\.json$/);
	const doc = JSON.parse(json.text) as {
		format: string;
		records: { kind: string }[];
		run: { settings: { batchSize: number } };
	};
	expect(doc.format).toBe('skillopt-playground.run-export.v1');
	expect(doc.run.settings.batchSize).toBe(8);
	expect(doc.records.filter((r) => r.kind === 'step')).toHaveLength(verdicts.length);
	const csv = await download(page, view.getByTestId('export-steps-csv'));
	const lines = csv.text.trimEnd().split('\r\n');
	expect(lines[0]).toBe(
		'epoch,step,step_in_epoch,train_items_seen,current_val,candidate_val,candidate_val_bound,verdict,edits_kept,edits_applied,rollouts'
	);
	expect(lines).toHaveLength(verdicts.length + 1);
	const firstPair = scores(verdicts[0] ?? '');
	const firstCells = lines[1]?.split(',') ?? [];
	expect(firstCells.slice(0, 4)).toEqual(['1', '1', '1', '8']);
	if (firstPair) expect(`${(Number(firstCells[4]) * 100).toFixed(1)}%`).toBe(firstPair[1]);

	// A second run with another batch size, overlaid with the first on train items seen.
	await finishRun(page, 20);
	const select = view.getByTestId('overlay-select');
	await select.selectOption({ index: 1 });
	await expect(val).toHaveAttribute('data-runs', '2');
	await expect(val).toHaveAttribute('data-series', '6');
	await expect(val.getByTestId('chart-legend-item').filter({ hasText: 'current ·' })).toHaveCount(
		2
	);
	await expect(val.getByTestId('chart-row-overlay')).toHaveCount(verdicts.length);
	await page.getByTestId('theme-toggle').click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(await seriousViolations(page), 'overlay, dark').toEqual([]);

	// A stored run exports the same steps.
	await page
		.locator('[data-testid="past-run"]')
		.last()
		.getByRole('button', { name: /Open/ })
		.click();
	const stored = page.locator('[data-testid="run-view"][data-mode="stored"]');
	const storedCsv = await download(page, stored.getByTestId('export-steps-csv'));
	expect(storedCsv.text).toBe(csv.text);
});
