/**
 * The first run that teaches itself: on a first visit the guided tour opens, runs by keyboard
 * (Space does each step) from picking coin flip to the first verdict row, can be skipped with
 * Escape or "Skip tour" and reopened from the Tour button; "Quick run" finishes a small run.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
	let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
	if (include) builder = builder.include(include);
	const { violations } = await builder.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

const focused = (page: Page, testId: string) =>
	page.getByTestId(testId).evaluate((el) => el === document.activeElement);

test.describe('first visit', () => {
	// A first visit: nothing stored (the other specs start with the tour marked as seen).
	test.use({ storageState: { cookies: [], origins: [] } });

	test('the tour runs by keyboard to the first verdict and the end, then stays closed', async ({
		page
	}) => {
		test.setTimeout(150_000);
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await page.goto('/');
		const tour = page.getByRole('dialog', { name: /Step 1 of 5: Pick a task/ });
		await expect(tour).toBeVisible();
		await expect.poll(() => focused(page, 'tour-next')).toBe(true);
		for (const theme of ['light', 'dark'] as const) {
			await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
			expect(await seriousViolations(page), `tour, ${theme}`).toEqual([]);
		}
		await page.evaluate(() => delete document.documentElement.dataset.theme);

		const panel = page.getByTestId('tour');
		await page.keyboard.press('Space');
		await expect(panel).toHaveAttribute('data-step', 'model');
		await expect(page.getByTestId('family-select')).toHaveValue('coin-flip');
		await expect(page.getByTestId('split-sizes')).toContainText('train 8 · val 10 · test 10');
		await expect.poll(() => focused(page, 'tour-next')).toBe(true);
		await page.keyboard.press('Space');
		await expect(panel).toHaveAttribute('data-step', 'start', { timeout: 20_000 });
		await expect(page.getByTestId('model-loaded')).toBeVisible();
		await expect(page.locator('[data-tour-target]')).toHaveAttribute('data-testid', 'run-toggle');
		await expect.poll(() => focused(page, 'tour-next')).toBe(true);
		await page.keyboard.press('Space');
		await expect(panel).toHaveAttribute('data-step', 'verdict', { timeout: 20_000 });
		await expect.poll(() => focused(page, 'tour-next')).toBe(true);
		await page.keyboard.press('Space');
		await expect(panel).toHaveAttribute('data-step', 'done', { timeout: 90_000 });
		await expect(page.getByTestId('tour-note')).toContainText('First verdict:');
		await expect(page.getByRole('dialog', { name: /Step 5 of 5/ })).toBeVisible();
		for (const theme of ['light', 'dark'] as const) {
			await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
			expect(await seriousViolations(page), `tour with a run, ${theme}`).toEqual([]);
		}
		await page.evaluate(() => delete document.documentElement.dataset.theme);
		await expect.poll(() => focused(page, 'tour-next')).toBe(true);
		await page.keyboard.press('Space');
		await expect(panel).toHaveCount(0);
		await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
			timeout: 60_000
		});

		await page.reload();
		await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
		await page.waitForTimeout(500);
		await expect(panel).toHaveCount(0);
		expect(errors).toEqual([]);
	});

	test('the tour can be skipped with Escape or Skip, and reopened from the Tour button', async ({
		page
	}) => {
		await page.goto('/');
		const panel = page.getByTestId('tour');
		await expect(panel).toBeVisible();
		await expect.poll(() => focused(page, 'tour-next')).toBe(true);
		await page.keyboard.press('Escape');
		await expect(panel).toHaveCount(0);

		await page.reload();
		await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
		await page.waitForTimeout(500);
		await expect(panel).toHaveCount(0);

		// Reopened by keyboard; focus goes back to the Tour button when it closes.
		await page.getByTestId('tour-button').focus();
		await page.keyboard.press('Enter');
		await expect(panel).toHaveAttribute('data-step', 'task');
		await expect.poll(() => focused(page, 'tour-next')).toBe(true);
		await panel.getByRole('button', { name: 'Skip tour' }).click();
		await expect(panel).toHaveCount(0);
		await expect.poll(() => focused(page, 'tour-button')).toBe(true);

		// `?tour=on` opens it even after it was seen; `?tour=off` keeps a first visit quiet.
		await page.goto('/?tour=on');
		await expect(panel).toBeVisible();
	});

	test('?tour=off keeps a first visit without the tour, and a lesson link never opens it', async ({
		page
	}) => {
		await page.goto('/?tour=off');
		await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
		await page.waitForTimeout(500);
		await expect(page.getByTestId('tour')).toHaveCount(0);
		expect(await page.evaluate(() => localStorage.getItem('skillopt-tour'))).toBeNull();

		await page.goto('/#lesson:v1:AAAA');
		await expect(page.getByTestId('lesson-error')).toBeVisible();
		await page.waitForTimeout(500);
		await expect(page.getByTestId('tour')).toHaveCount(0);
	});
});

test('Quick run finishes a small run with the simulated model', async ({ page }) => {
	test.setTimeout(120_000);
	await page.goto('/');
	await expect(page.getByTestId('tour')).toHaveCount(0);
	await page.getByRole('button', { name: 'Quick run' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible({ timeout: 20_000 });
	await expect(page.getByTestId('split-sizes')).toContainText('train 8 · val 10 · test 10');
	await expect(page.getByRole('spinbutton', { name: 'Epochs' })).toHaveValue('1');
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 90_000
	});
	await expect(page.getByTestId('step-row').first()).toBeVisible();
});
