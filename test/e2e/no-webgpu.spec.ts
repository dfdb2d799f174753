import { test, expect } from '@playwright/test';

// Runs in the project launched without --enable-unsafe-webgpu: navigator.gpu exists but offers
// no adapter, which is what a user on an unsupported GPU or browser sees.
test('the header says "No WebGPU" and what still works', async ({ page }) => {
	await page.goto('/');
	const status = page.getByTestId('webgpu-status');
	await expect(status).toHaveAttribute('data-status', 'unavailable');
	await expect(page.getByTestId('webgpu-summary')).toHaveText('No WebGPU');
	await expect(page.getByTestId('webgpu-explanation')).toContainText('still work');
	await expect(status).toContainText('offered no adapter');
	// The editor is unaffected.
	await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
});
