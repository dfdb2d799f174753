/**
 * The run view with the simulated model, as a user sees it: the stage strip and ETA while a
 * run goes, verdicts with the scores before the decision, a step's detail (edits, diff, fixed
 * items, early stop), epoch rows, stage failures of a malformed-JSON run, the same detail after
 * a reload, a v1 run with its note, and axe-core on the view in light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';

async function loadSimulation(page: Page, scenario: string): Promise<void> {
	await page.goto(`/?engine=scripted&scenario=${scenario}`);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText(`scenario “${scenario}”`);
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
}

async function noSeriousViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).include('[data-testid="run-view"]').analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
		[]
	);
}

const percent = (text: string, label: string): number | undefined => {
	const m = new RegExp(`${label} ([\\d.]+)%`).exec(text);
	return m?.[1] === undefined ? undefined : Number(m[1]);
};

test('a run in the run view: strip and ETA live, verdicts, step and epoch detail, reopened after a reload', async ({
	page
}) => {
	test.setTimeout(90_000);
	await loadSimulation(page, 'stepwise-pauses');
	await expect(page.getByTestId('call-estimate')).toContainText('model calls');
	await page.getByRole('button', { name: 'Start training' }).click();
	const paused = page.getByTestId('sim-paused');
	await expect(paused).toContainText('step-1-reflect');
	const strip = page.getByTestId('stage-strip');
	await expect(strip.getByTestId('stage-current')).toHaveText('reflect');
	// Stopped, the run is paused: it opens read-only from the list and resumes from there.
	await page.getByRole('button', { name: 'Stop run' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
	const pausedRun = page.locator('[data-testid="past-run"][data-status="paused"]');
	await pausedRun.getByRole('button', { name: /Open/ }).click();
	const storedView = page.locator('[data-testid="run-view"][data-mode="stored"]');
	await expect(storedView).toContainText('read-only');
	await storedView.getByRole('button', { name: 'Resume' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
	await expect(paused).toContainText('step-2-reflect');
	await expect(page.getByTestId('run-eta')).toContainText(/about .* left/);
	await paused.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});

	const view = page.getByTestId('run-view');
	// No accepted row reads like an accepted tie: the scores are those before the decision.
	const accepted = view.locator('[data-testid="step-row"][data-action^="accept"]');
	expect(await accepted.count()).toBeGreaterThan(0);
	for (const text of await accepted.locator('td.verdict').allTextContents()) {
		expect(percent(text, 'candidate')).not.toBe(percent(text, 'current'));
	}
	const firstAccepted = accepted.first();
	const acceptedVerdict = await firstAccepted.locator('td.verdict').textContent();
	await firstAccepted.getByRole('button').click();
	const detail = view.getByTestId('step-detail');
	await expect(detail.getByTestId('edit-table').locator('tbody tr').first()).toBeVisible();
	await expect(detail.getByTestId('skill-diff').locator('.cm-changedLine').first()).toBeVisible();
	await expect(detail.getByTestId('fixed-count')).not.toHaveText(/^0 fixed/);
	await noSeriousViolations(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	await noSeriousViolations(page);
	await page.emulateMedia({ colorScheme: 'light' });
	await firstAccepted.getByRole('button').click();

	const early = view.locator('[data-testid="step-row"][data-status="early_reject"]').first();
	await expect(early.locator('td.verdict')).toContainText(
		/stopped after \d+ of \d+ items: at most/
	);
	await early.getByRole('button').click();
	await expect(view.getByTestId('early-stop')).toContainText('rollouts were saved');
	await expect(view.getByTestId('val-items')).toContainText('not evaluated');
	await early.getByRole('button').click();

	await view
		.locator('[data-testid="step-row"][data-kind="slow-update"]')
		.first()
		.getByRole('button')
		.click();
	await expect(view.getByTestId('slow-guidance')).not.toBeEmpty();
	await view
		.locator('[data-testid="step-row"][data-kind="slow-update"]')
		.first()
		.getByRole('button')
		.click();
	await view
		.locator('[data-testid="epoch-row"][data-kind="slow-block"]')
		.getByRole('button')
		.click();
	await expect(view.getByTestId('epoch-detail').getByTestId('skill-diff')).toBeVisible();
	await view
		.locator('[data-testid="epoch-row"][data-kind="slow-block"]')
		.getByRole('button')
		.click();
	await view
		.locator('[data-testid="epoch-row"][data-kind="epoch"]')
		.nth(1)
		.getByRole('button')
		.click();
	await expect(view.getByTestId('meta-skill')).not.toHaveText('(none)');

	// After a reload the run is listed and opens read-only with the same detail.
	await page.reload();
	const past = page.getByTestId('past-run');
	await expect(past).toHaveCount(1);
	await expect(past.first()).toContainText('finished');
	await past.first().getByRole('button', { name: /Open/ }).click();
	const stored = page.locator('[data-testid="run-view"][data-mode="stored"]');
	await expect(stored).toContainText('read-only');
	const again = stored.locator('[data-testid="step-row"][data-action^="accept"]').first();
	await expect(again.locator('td.verdict')).toHaveText(acceptedVerdict ?? '');
	await again.getByRole('button').click();
	await expect(stored.getByTestId('skill-diff').locator('.cm-changedLine').first()).toBeVisible();
});

test('a malformed-JSON run shows its stage failures with their fallback', async ({ page }) => {
	await loadSimulation(page, 'malformed-json');
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});
	const row = page.locator('[data-testid="step-row"]:not([data-failures="0"])').first();
	await row.getByRole('button').click();
	const failures = page.getByTestId('step-detail').getByTestId('stage-failures');
	await expect(failures).toContainText('→');
	await expect(failures).toContainText(/OptimiserOutputError|parse/);
});

test('a run recorded in format v1 opens with a note on what it did not record', async ({
	page
}) => {
	await page.goto('/?engine=scripted');
	await page.getByRole('button', { name: 'Storage & backup' }).click();
	await page
		.getByTestId('import-workspace')
		.setInputFiles('test/fixtures/runs/run-v1.workspace.json');
	await page.getByRole('button', { name: 'Replace this workspace' }).click();
	const past = page.getByTestId('past-run');
	await expect(past).toHaveCount(1);
	await past.first().getByRole('button', { name: /Open/ }).click();
	const view = page.locator('[data-testid="run-view"][data-mode="stored"]');
	await expect(view.getByTestId('legacy-note')).toContainText('run format v1');
	await expect(view.getByTestId('step-row')).toHaveCount(5);
	await expect(view.locator('[data-testid="epoch-row"]')).not.toHaveCount(0);
	await view.getByTestId('step-row').first().getByRole('button').click();
	await expect(view.getByTestId('step-detail').getByTestId('detail-verdict')).toContainText('→');
});
