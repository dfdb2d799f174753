/**
 * Helpers for specs that check "nothing was written": the app's stored state with ids and times
 * masked (two fresh profiles compare equal), the wait for the app's opening writes, and a watch
 * for JavaScript dialogs and uncaught errors.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export async function storedState(context: BrowserContext): Promise<unknown> {
	const state = await context.storageState({ indexedDB: true });
	const mask = (value: unknown, key = ''): unknown => {
		if (Array.isArray(value)) return value.map((v) => mask(v));
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
		if (typeof value === 'number' && /At$|^at$/.test(key)) return '<time>';
		if (typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value)) return '<id>';
		return value;
	};
	return mask(state.origins);
}

export async function waitForApp(page: Page): Promise<void> {
	await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
	await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
	// The task pack and settings are saved right after opening; let those writes land.
	await page.waitForTimeout(750);
}

/** The stored state of a fresh profile that opened the app without any link. */
export async function baselineState(browser: Browser, path = '/'): Promise<unknown> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(path);
	await waitForApp(page);
	const state = await storedState(context);
	await context.close();
	return state;
}

export function watchPage(page: Page): { dialogs: string[]; errors: string[] } {
	const seen = { dialogs: [] as string[], errors: [] as string[] };
	page.on('dialog', (d) => {
		seen.dialogs.push(d.message());
		void d.dismiss();
	});
	page.on('pageerror', (e) => seen.errors.push(e.message));
	return seen;
}
