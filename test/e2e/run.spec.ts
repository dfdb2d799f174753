import { test, expect, type Page } from '@playwright/test';

async function loadSimulation(page: Page, scenario: string): Promise<void> {
	await page.goto(`/?engine=scripted&scenario=${scenario}`);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText(`scenario “${scenario}”`);
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
}

test.describe('training run panel', () => {
	test('start, watch steps appear, stop, start again, and load the best skill', async ({
		page
	}) => {
		await loadSimulation(page, 'stepwise-pauses');
		const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
		const starter = await editor.textContent();
		const status = page.getByTestId('run-status');

		await page.getByRole('button', { name: 'Start training' }).click();
		await expect(page.getByTestId('sim-paused')).toContainText('step-1-reflect');
		await expect(status).toHaveAttribute('data-status', 'running');
		await expect(status).toContainText('epoch 1 · step 1');

		// Stop while the simulation holds the first analyst call.
		await page.getByRole('button', { name: 'Stop run' }).click();
		await expect(status).toHaveAttribute('data-status', 'stopped');
		await expect(page.getByRole('button', { name: 'Start training' })).toBeEnabled();

		// Start again; release the held call and wait for the next pause point.
		await page.getByRole('button', { name: 'Start training' }).click();
		await expect(status).toHaveAttribute('data-status', 'running');
		const paused = page.getByTestId('sim-paused');
		await expect(paused).toContainText('step-2-reflect');
		// The run is held again: the steps finished before it are in the table.
		await expect(page.getByTestId('step-row').first()).toBeVisible();
		await paused.getByRole('button', { name: 'Continue' }).click();

		await expect(status).toHaveAttribute('data-status', 'finished', { timeout: 30_000 });
		const rows = page.getByTestId('step-row');
		expect(await rows.count()).toBeGreaterThanOrEqual(5);
		await expect(page.getByTestId('run-summary')).toContainText(/Val: seed .* → best/);
		// The best skill replaced the (unchanged) starter skill in the editor; undo restores it.
		await expect(editor).not.toHaveText(starter ?? '');
		await editor.click();
		await page.keyboard.press('ControlOrMeta+Z');
		await expect(editor).toHaveText(starter ?? '');
		await page.getByRole('button', { name: 'Load best skill into editor' }).click();
		await expect(editor).not.toHaveText(starter ?? '');
	});

	test('a default-scenario run improves val over the seed skill and rejects some candidates', async ({
		page
	}) => {
		await loadSimulation(page, 'default');
		await page.getByRole('button', { name: 'Start training' }).click();
		await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
			timeout: 60_000
		});
		const summary = (await page.getByTestId('run-summary').textContent()) ?? '';
		const [seed, best] =
			[...summary.matchAll(/seed ([\d.]+)% → best ([\d.]+)%/g)][0]?.slice(1) ?? [];
		expect(Number(best)).toBeGreaterThan(Number(seed));
		await expect(
			page.locator('[data-testid="step-row"][data-action="reject"]').first()
		).toBeVisible();
	});
});
