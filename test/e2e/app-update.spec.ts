// An old page whose lazy chunk is gone after a deploy offers the reload instead of failing with
// "Failed to fetch dynamically imported module" — but never in the middle of a run. Service
// workers are blocked (the default), so the missing chunk is a plain 404 from the server.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const STORAGE_CHUNK = /\/assets\/StorageDialog-[^/]*\.js$/;

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('a lazy chunk gone from the server offers the reload, which keeps the draft', async ({
	page,
	context
}) => {
	await page.emulateMedia({ colorScheme: 'light' });
	await page.goto('/?engine=scripted');
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await expect(page.getByRole('button', { name: 'Storage & backup' })).toBeVisible();
	await editor.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.type('\nTyped just before the deploy.');

	await context.route(STORAGE_CHUNK, (route) => route.fulfill({ status: 404, body: 'gone' }));
	await page.getByRole('button', { name: 'Storage & backup' }).click();
	const prompt = page.getByTestId('update-prompt');
	await expect(prompt).toContainText('A new version is available — reload');
	await expect(prompt).toContainText('no longer on the server');

	expect(await seriousViolations(page), 'light').toEqual([]);
	await page.getByTestId('theme-toggle').click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(await seriousViolations(page), 'dark').toEqual([]);

	await context.unroute(STORAGE_CHUNK);
	await prompt.getByRole('button', { name: 'Reload' }).click();
	await expect(editor).toContainText('Typed just before the deploy.');
	await expect(prompt).toBeHidden();
	// The new page loads the dialog again.
	await page.getByRole('button', { name: 'Storage & backup' }).click();
	await expect(page.getByRole('dialog')).toBeVisible();
});

test('the reload is not offered while a training run is in progress', async ({ page, context }) => {
	await page.goto('/?engine=scripted&scenario=stepwise-pauses');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.getByTestId('sim-paused')).toBeVisible();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');

	await context.route(STORAGE_CHUNK, (route) => route.fulfill({ status: 404, body: 'gone' }));
	const gone = page.waitForResponse(STORAGE_CHUNK);
	await page.getByRole('button', { name: 'Storage & backup' }).click();
	const prompt = page.getByTestId('update-prompt');
	// Give the failed import time to be reported; the prompt must still not show.
	await gone;
	await page.waitForTimeout(500);
	await expect(prompt).toBeHidden();

	await page.getByRole('button', { name: 'Stop run' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
	await expect(prompt).toContainText('A new version is available — reload');
});

test('an engine chunk gone from the server (in the model worker) offers the reload too', async ({
	page,
	context
}) => {
	await page.goto('/?engine=scripted');
	await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
	await context.route(/\/assets\/scripted-engine-[^/]*\.js$/, (route) =>
		route.fulfill({ status: 404, body: 'gone' })
	);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-error')).toBeVisible();
	await expect(page.getByTestId('update-prompt')).toContainText(
		'A new version is available — reload'
	);
});

test('a chunk that fails because the server is unreachable offers no reload', async ({
	page,
	context
}) => {
	await page.goto('/?engine=scripted');
	await expect(page.getByRole('button', { name: 'Storage & backup' })).toBeVisible();
	// The network is gone: the chunk and the worker's check of the server both fail.
	await context.route(/\/(assets\/StorageDialog-[^/]*\.js|sw\.js)$/, (route) =>
		route.abort('internetdisconnected')
	);
	const failed = page.waitForEvent('requestfailed', (r) => r.url().endsWith('sw.js'));
	await page.getByRole('button', { name: 'Storage & backup' }).click();
	await failed;
	await page.waitForTimeout(300);
	await expect(page.getByTestId('update-prompt')).toBeHidden();
});
