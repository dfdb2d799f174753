// The classroom check on a CI laptop: SwiftShader is named a software adapter, the simulation is
// recommended, the summary line lands on the clipboard, and "Download this model now" caches a
// CPU model (the synthetic GGUF, served from the app's origin) with progress, then says so.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { syntheticGguf } from '../support/synthetic-gguf.ts';

const MODEL_PATH = '/test-models/classroom.gguf';

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page })
		.include('dialog[open]')
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function openCheck(page: Page): Promise<void> {
	await expect(page.getByTestId('webgpu-status')).not.toHaveAttribute('data-status', 'probing');
	await page.getByRole('button', { name: 'Classroom check' }).click();
	await expect(page.getByRole('dialog', { name: 'Classroom check' })).toBeVisible();
}

test('SwiftShader shows as software, the simulation is recommended, and the summary is copied', async ({
	page,
	context
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.emulateMedia({ colorScheme: 'light' });
	await page.goto('/');
	await openCheck(page);
	const dialog = page.getByRole('dialog', { name: 'Classroom check' });

	await expect(dialog.getByTestId('check-adapter')).toContainText('(software)');
	await expect(dialog.getByTestId('check-f16')).toContainText('no');
	await expect(dialog.getByTestId('check-recommended')).toHaveAttribute('data-engine', 'scripted');
	await expect(dialog.getByTestId('check-recommended')).toContainText('simulation');
	// The default WebLLM model on a software adapter: it would load, far too slowly.
	await expect(dialog.getByTestId('check-fit')).toHaveAttribute('data-verdict', 'too-slow');
	await expect(dialog.getByRole('table')).toContainText('maxStorageBuffersPerShaderStage');
	await expect(dialog.getByTestId('check-storage')).toContainText('free of');
	await expect(dialog.getByTestId('check-cached')).toHaveText('none yet');
	// Service workers are blocked in this spec: the check says the app is not ready offline.
	await expect(dialog.getByTestId('check-offline')).toHaveAttribute('data-state', 'unsupported');

	const summary = (await dialog.getByTestId('check-summary').textContent())?.trim() ?? '';
	expect(summary).toMatch(/WebGPU: [^·]*swiftshader[^·]*\(software\)/i);
	expect(summary).toContain('recommended: simulation');
	await dialog.getByRole('button', { name: 'Copy summary' }).click();
	await expect(dialog.getByRole('button', { name: 'Copied' })).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(summary);

	expect(await seriousViolations(page), 'light').toEqual([]);
	await page.keyboard.press('Escape');
	await page.getByTestId('theme-toggle').click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await openCheck(page);
	expect(await seriousViolations(page), 'dark').toEqual([]);
});

test('"Download this model now" caches a CPU model with progress and lists it as cached', async ({
	page,
	context
}) => {
	test.setTimeout(60_000);
	const model = syntheticGguf();
	await context.route(`**${MODEL_PATH}`, (route) =>
		route.fulfill({
			body: model,
			headers: { 'content-type': 'application/octet-stream', etag: '"classroom-1"' }
		})
	);
	await page.goto('/?engine=wllama');
	await page.getByLabel('Custom GGUF URL').check();
	const url = new URL(MODEL_PATH, page.url()).href;
	await page.getByTestId('cpu-custom-url').fill(url);
	await openCheck(page);
	const dialog = page.getByRole('dialog', { name: 'Classroom check' });
	await expect(dialog.getByRole('combobox', { name: 'Model' })).toHaveValue(`wllama:${url}`);
	await expect(dialog).toContainText('restarts from the beginning');

	await dialog.getByRole('button', { name: 'Download this model now' }).click();
	const status = dialog.getByTestId('check-download');
	await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
	await expect(status).toContainText('in this browser’s cache and was unloaded');
	await expect(dialog.getByTestId('check-selected-cached')).toBeVisible();
	await expect(dialog.getByTestId('check-cached')).toContainText(`${url} (CPU)`);
	// The model panel's own state is untouched: nothing is loaded there.
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('model-loaded')).toHaveCount(0);
});
