/**
 * Gated against ungated, and one change at a time, on coin flip with the simulated model: a
 * finished run compared with the gate off draws both val curves on one chart and shows four
 * test scores (each run's final and best-on-val skill), the sentence names a step the gated run
 * rejected and the ungated one accepted (checked against both step tables); "run again with
 * edit budget 1" adds a third curve, also when reloaded mid-run and resumed; the comparison
 * survives a reload; reruns leave the editor's skill alone; a lesson can hide the rerun controls;
 * axe-core finds nothing serious, light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';

const finished = (page: Page) =>
	expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 90_000
	});

async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).include('[data-testid="run-compare"]').analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The verdict cell of step `index` in the run view's step table. */
async function actionOf(page: Page, index: number): Promise<string | null> {
	const row = page
		.getByTestId('run-view')
		.locator('[data-testid="step-row"][data-kind="step"]')
		.nth(index - 1);
	return row.getAttribute('data-action');
}

test('compare with the gate off, then run again with edit budget 1: three curves, four test scores, a cited step', async ({
	page
}) => {
	test.setTimeout(300_000);
	await page.goto('/?engine=scripted&scenario=default');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText('scenario “default”');
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await expect(page.getByTestId('family-select')).toHaveValue('coin-flip');
	await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
	await page.getByRole('button', { name: 'Start training' }).click();
	await finished(page);
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	const trained = await editor.textContent();

	const compare = page.getByTestId('run-compare');
	await expect(compare).toBeVisible();
	await noSerious(page);
	await compare.getByRole('button', { name: 'Compare with the gate off' }).click();
	await expect(compare.getByText('Reruns can start once this run ends.')).toBeVisible();
	await finished(page);

	// Two curves on one chart, one row per run, each with two test scores.
	const chart = compare.locator('[data-testid="chart"][data-metric="compare-val"]');
	await expect(chart).toHaveAttribute('data-runs', '2');
	await expect(chart.getByTestId('chart-legend-item')).toContainText([
		'current · gate off (this run)',
		'accepted · gate off (this run)',
		'current · original',
		'accepted · original'
	]);
	const rows = compare.getByTestId('compare-row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(0)).toContainText('original');
	await expect(rows.nth(1)).toContainText('gate off (this run)');
	const testScores = await compare
		.locator('[data-testid="test-final"], [data-testid="test-best"]')
		.allTextContents();
	expect(testScores).toHaveLength(4);
	for (const s of testScores) expect(s).toMatch(/^\d+\.\d%$/);

	// The sentence cites a step the gated run rejected and this (ungated) run accepted.
	const story = compare.getByTestId('gate-story');
	await expect(story).toContainText('the gated run rejected its candidate');
	const cited = /At step (\d+) \(epoch 1\)/.exec((await story.textContent()) ?? '');
	expect(cited).not.toBeNull();
	const step = Number(cited?.[1]);
	expect(await actionOf(page, step)).toBe('force_accept');
	await expect(story).toContainText('On test, the gated run’s final skill scores');
	// The rerun is a comparison: the editor keeps the first run's best skill, the panel its gate.
	await expect(editor).toHaveText(trained ?? '');
	await page.getByText('More settings').click();
	await expect(page.getByRole('checkbox', { name: /^Gate on/ })).toBeChecked();

	// One more change: a constant budget of one edit per step.
	await compare.getByTestId('rerun-setting').selectOption('budget');
	await compare.getByRole('spinbutton', { name: 'Edits per step (constant)' }).fill('1');
	await expect(compare.getByText('Now: cosine, 3 down to 1 per step.')).toBeVisible();
	// In step mode, and reloaded while paused: the resumed rerun is still a rerun.
	await page.getByTestId('step-mode').check();
	await compare.getByRole('button', { name: 'Run again' }).click();
	await expect(page.getByTestId('pause-title')).toHaveText(
		'Paused after scoring the seed skill on val'
	);
	await page.reload();
	const offer = page.getByTestId('resume-offer');
	await offer.getByRole('button', { name: 'Resume run' }).click();
	await expect(page.getByTestId('pause-title')).toBeVisible();
	await page.getByRole('button', { name: 'Resume (no more pauses)' }).click();
	await finished(page);
	// Resumed, it kept its own settings and left the panel's (cosine, 3 down to 1).
	await page.getByText('More settings').click();
	await expect(page.getByRole('combobox', { name: 'Edit budget', exact: true })).toHaveValue(
		'cosine'
	);
	await expect(chart).toHaveAttribute('data-runs', '3');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(2)).toContainText('edit budget 1 (constant) (this run)');
	await expect(chart.getByTestId('chart-legend-item')).toContainText([
		'current · edit budget 1 (constant) (this run)'
	]);
	await noSerious(page);

	// After a reload the original run, opened from the list, still shows all three.
	await page.reload();
	const past = page.getByTestId('past-run');
	await expect(past).toHaveCount(3);
	// The list tells reruns from runs of one's own.
	await expect(page.getByTestId('past-run-rerun')).toHaveText([
		'· rerun: edit budget 1 (constant)',
		'· rerun: gate off'
	]);
	// Newest first: the original is the last.
	await past.last().getByRole('button', { name: /Open/ }).click();
	await expect(chart).toHaveAttribute('data-runs', '3');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(0)).toContainText('original (this run)');
	await expect(story).toContainText(`At step ${step} (epoch 1)`);
	expect(await actionOf(page, step)).toBe('reject');
	await expect(editor).toHaveText(trained ?? '');
});

async function noSerious(page: Page): Promise<void> {
	await page.emulateMedia({ colorScheme: 'light' });
	expect(await seriousViolations(page)).toEqual([]);
	await page.emulateMedia({ colorScheme: 'dark' });
	expect(await seriousViolations(page)).toEqual([]);
	await page.emulateMedia({ colorScheme: 'light' });
}

test('a lesson that hides the rerun controls shows no compare section after a run', async ({
	page,
	browser
}) => {
	test.setTimeout(150_000);
	await page.goto('/?engine=scripted');
	await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
	await page.getByRole('button', { name: 'Make lesson link' }).click();
	const dialog = page.getByTestId('lesson-dialog');
	await dialog.getByLabel('Lesson title').fill('No reruns today');
	await dialog.getByRole('checkbox', { name: /^Reruns/ }).check();
	await expect(dialog.getByTestId('lesson-dialog-contents')).toContainText('Hidden: Reruns');
	const link = await dialog.getByTestId('lesson-link').inputValue();

	const learner = await browser.newContext();
	const other = await learner.newPage();
	await other.goto(link.replace(/^https?:\/\/[^/]+\//, '/?engine=scripted'));
	await other.getByRole('button', { name: /Start the lesson/ }).click();
	await other.getByRole('button', { name: 'Load model' }).click();
	await other.getByRole('button', { name: 'Start training' }).click();
	// Step mode may come with the lesson: go on without pausing.
	const pause = other.getByTestId('pause-title');
	const status = other.getByTestId('run-status');
	await expect(pause.or(status.and(other.locator('[data-status="finished"]')))).toBeVisible({
		timeout: 60_000
	});
	if (await pause.isVisible())
		await other.getByRole('button', { name: 'Resume (no more pauses)' }).click();
	await expect(status).toHaveAttribute('data-status', 'finished', { timeout: 90_000 });
	await expect(other.getByTestId('run-summary')).toBeVisible();
	// In the page (so loaded), but hidden with its controls.
	await expect(other.getByTestId('run-compare')).toHaveCount(1);
	await expect(other.getByTestId('run-compare')).toBeHidden();
	await expect(other.getByRole('button', { name: 'Compare with the gate off' })).toBeHidden();
	await learner.close();
});
