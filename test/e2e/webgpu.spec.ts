import { test, expect } from '@playwright/test';

// Runs in the project launched with --enable-unsafe-webgpu (SwiftShader on GPU-less machines).
test('the header reports a WebGPU adapter with its features', async ({ page }) => {
	await page.goto('/');
	const status = page.getByTestId('webgpu-status');
	await expect(status).toHaveAttribute('data-status', 'ready');
	const summary = page.getByTestId('webgpu-summary');
	await expect(summary).toHaveText(
		/^WebGPU ready \(.+, shader-f16 (yes|no), fallback adapter (yes|no)\)$/
	);
	// The worker's answer must agree with what the page itself sees.
	const fromPage = await page.evaluate(async () => {
		const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
		return adapter
			? { f16: adapter.features.has('shader-f16'), fallback: adapter.info.isFallbackAdapter }
			: null;
	});
	expect(fromPage).not.toBeNull();
	await expect(summary).toContainText(`shader-f16 ${fromPage?.f16 ? 'yes' : 'no'}`);
	await expect(summary).toContainText(`fallback adapter ${fromPage?.fallback ? 'yes' : 'no'}`);
});

test('a software adapter is called one and the simulation is preselected with the reason', async ({
	page
}) => {
	await page.goto('/');
	const fallback = await page.evaluate(
		async () => (await navigator.gpu.requestAdapter())?.info.isFallbackAdapter ?? null
	);
	test.skip(fallback !== true, 'this machine has a hardware adapter');
	await expect(page.getByTestId('webgpu-software')).toHaveText(
		'software WebGPU — too slow for real models'
	);
	await expect(page.getByRole('radio', { name: /Simulated model/ })).toBeChecked();
	await expect(page.getByTestId('default-reason')).toContainText('software WebGPU adapter');
});
