// Offline after the first visit, for real: the spec serves a copy of the build on a spare port,
// lets the service worker precache it, stops the server, and reloads. Then a rebuilt copy with a
// changed asset is served on the same origin: the page offers the new version, and taking it
// reloads into it. Service workers are allowed here only (every other spec blocks them).
import { test, expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import {
	copyBuild,
	makeNextDeploy,
	removeCopy,
	servePreview,
	sparePort,
	type StaticHost
} from '../support/preview-server.ts';

test.use({ serviceWorkers: 'allow' });
test.describe.configure({ mode: 'serial' });

const DIST = join(process.cwd(), 'dist');

/** Resolves once a worker controls the page and has every precache entry in its cache. */
async function waitForOfflineReady(page: Page): Promise<{ cached: number; expected: number }> {
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
	let status = { cached: 0, expected: -1 };
	await expect
		.poll(
			async () => {
				status = await page.evaluate(
					() =>
						new Promise<{ cached: number; expected: number }>((resolve) => {
							const channel = new MessageChannel();
							channel.port1.onmessage = (event) => resolve(event.data);
							navigator.serviceWorker.controller?.postMessage({ type: 'OFFLINE_STATUS' }, [
								channel.port2
							]);
						})
				);
				return status.expected > 0 && status.cached === status.expected;
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
	return status;
}

async function refused(url: string): Promise<boolean> {
	try {
		await fetch(url);
		return false;
	} catch {
		return true;
	}
}

test('after one online visit the app reloads with its server gone and trains the simulation', async ({
	page
}) => {
	test.setTimeout(90_000);
	const dir = copyBuild(DIST, 'offline');
	const port = await sparePort();
	let host: StaticHost | null = await servePreview(dir, port);
	try {
		await page.goto(`${host.url}/?engine=scripted&scenario=clean`);
		await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
		const status = await waitForOfflineReady(page);
		expect(status.expected).toBeGreaterThan(20);

		await host.stop();
		host = null;
		expect(await refused(`http://127.0.0.1:${port}/`)).toBe(true);

		await page.reload();
		await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
		expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		// The cached responses keep the isolation headers: llama.cpp can still use threads.
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toContainText('scenario “clean”');
		page.once('dialog', (d) => void d.accept());
		await page.getByRole('button', { name: 'Load starter skill' }).click();
		await page.getByRole('button', { name: 'Start training' }).click();
		await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
			timeout: 60_000
		});
		await expect(page.getByTestId('run-summary')).toContainText(/Val: seed .* → best/);

		// A lazily loaded dialog still opens (its chunk is precached) and says the app is ready.
		await page.getByRole('button', { name: 'Classroom check' }).click();
		await expect(page.getByTestId('check-offline')).toHaveAttribute('data-state', 'ready');
		await expect(page.getByTestId('check-summary')).toContainText('offline: ready');
	} finally {
		await host?.stop();
		removeCopy(dir);
	}
});

test('a rebuild with a changed asset offers "A new version is available — reload"', async ({
	page
}) => {
	test.setTimeout(60_000);
	const first = copyBuild(DIST, 'deploy-a');
	const next = copyBuild(DIST, 'deploy-b');
	const marker = makeNextDeploy(next);
	const port = await sparePort();
	let host: StaticHost | null = await servePreview(first, port);
	try {
		await page.goto(`${host.url}/?engine=scripted`);
		await waitForOfflineReady(page);
		const prompt = page.getByTestId('update-prompt');
		await expect(prompt).toBeHidden();

		// The deploy: same origin, new files.
		await host.stop();
		host = await servePreview(next, port);
		await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
		await expect(prompt).toContainText('A new version is available — reload', {
			timeout: 20_000
		});
		// Still the old page until the user agrees.
		await expect(page.locator('meta[name="skillopt-build"]')).toHaveCount(0);

		await prompt.getByRole('button', { name: 'Reload' }).click();
		await expect(page.locator('meta[name="skillopt-build"]')).toHaveAttribute('content', marker, {
			timeout: 15_000
		});
		await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
		await expect(prompt).toBeHidden();
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	} finally {
		await host?.stop();
		removeCopy(first);
		removeCopy(next);
	}
});

test('a host that sends no isolation headers still gets an isolated page once the worker serves it', async ({
	page
}) => {
	test.setTimeout(60_000);
	const dir = copyBuild(DIST, 'bare-host');
	const port = await sparePort();
	const host = await servePreview(dir, port, { isolationHeaders: false });
	try {
		await page.goto(`${host.url}/?engine=scripted`);
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
		await waitForOfflineReady(page);
		await page.reload();
		await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
		expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
	} finally {
		await host.stop();
		removeCopy(dir);
	}
});
