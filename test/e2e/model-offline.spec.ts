// The network drops after the page loaded: loading a model must fail fast with the cause, and
// Cancel must cancel. The model worker's script is the request that fails.
import { test, expect } from '@playwright/test';

test.use({ serviceWorkers: 'block' });

const WORKER = /\/assets\/llm\.worker-[^/]*\.js/;

test('a model worker that cannot be fetched fails the load fast, naming the cause', async ({
	page,
	context
}) => {
	await page.goto('/?engine=scripted');
	await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
	await context.route(WORKER, (route) => route.abort('internetdisconnected'));
	const started = Date.now();
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-error')).toContainText(
		'could not load the model worker — are you offline?',
		{ timeout: 5_000 }
	);
	expect(Date.now() - started).toBeLessThan(5_000);
	await expect(page.getByTestId('load-progress')).toBeHidden();
	// Back online, the next load starts a fresh worker and works.
	await context.unroute(WORKER);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
});

test('Cancel ends a load whose worker never arrives', async ({ page, context }) => {
	await page.goto('/?engine=scripted');
	await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
	// The request hangs: no answer, no failure.
	await context.route(WORKER, () => undefined);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('load-progress')).toBeVisible();
	await page.getByRole('button', { name: 'Cancel loading' }).click();
	await expect(page.getByTestId('model-error')).toHaveText('Loading was cancelled.', {
		timeout: 2_000
	});
	await expect(page.getByTestId('load-progress')).toBeHidden();
	await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
});
