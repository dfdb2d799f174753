/**
 * Drives the app as a user would for the browser figures: a 200-step run against the simulated
 * model (5 epochs × 40 train items in batches of 1), clicks during it, then a reload with the
 * stored run. Selectors are the ones the end-to-end tests use.
 */
import type { Page } from '@playwright/test';
import { NOW } from './page-scripts.ts';

export const RUN_EPOCHS = 5;
export const RUN_BATCH = 1;
/** Train items a run uses by default (`LOOP_DEFAULTS.trainItems`). */
const TRAIN_ITEMS = 40;
export const RUN_STEPS = RUN_EPOCHS * Math.ceil(TRAIN_ITEMS / RUN_BATCH);

const RUN_TIMEOUT_MS = 8 * 60_000;
const CLICK_EVERY_MS = 1_000;
const MAX_CLICKS = 30;

export const SCENARIO_URL = '/?engine=scripted&scenario=default';

/** Loads the simulated model and the starter skill and sets the run to 200 steps. */
export async function prepareRun(page: Page): Promise<void> {
	await page.goto(SCENARIO_URL);
	await page.getByRole('button', { name: 'Load model' }).click();
	await page.getByTestId('model-loaded').waitFor();
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await page.getByLabel('Epochs').fill(String(RUN_EPOCHS));
	await page.getByLabel('Batch').fill(String(RUN_BATCH));
}

export interface RunOutcome {
	wallMs: number;
	steps: number;
	status: string;
	clicks: number;
}

/**
 * Starts the run and waits for it to end, clicking the panel's heading (nothing happens, but the
 * browser still dispatches and times the click) every second when `click` is set.
 */
export async function runToEnd(page: Page, click: boolean): Promise<RunOutcome> {
	const status = page.getByTestId('run-status');
	const started = Date.now();
	await page.getByRole('button', { name: 'Start training' }).click();
	await status.and(page.locator('[data-status="running"]')).waitFor();
	let clicks = 0;
	const done = page.locator('[data-testid="run-status"]:not([data-status="running"])');
	while (Date.now() - started < RUN_TIMEOUT_MS) {
		const ended = await done
			.waitFor({ timeout: CLICK_EVERY_MS })
			.then(() => true)
			.catch(() => false);
		if (ended) break;
		if (click && clicks < MAX_CLICKS) {
			await page.locator('#run-heading').click();
			clicks++;
		}
	}
	const wallMs = Date.now() - started;
	const final = (await status.getAttribute('data-status')) ?? 'unknown';
	const steps = Number((await page.getByTestId('run-steps').textContent()) ?? 'NaN');
	return { wallMs, steps, status: final, clicks };
}

export interface ReloadTimes {
	/** Ms from navigation start until the editor took a keystroke. */
	editorMs: number | null;
	/** Until "Load model" could be clicked, and until Start was enabled after clicking it. */
	loadModelMs: number | null;
	startEnabledMs: number | null;
	/** Until the stored run was listed among past runs (null: no list in this build). */
	runListedMs: number | null;
	/**
	 * Until the stored run's last step row was drawn (null: not drawn within the wait); where the
	 * build lists past runs, after clicking its "Open" as soon as it was listed.
	 */
	runViewMs: number | null;
	runViewRows: number;
}

const pageNow = async (page: Page) => Number(await page.evaluate(NOW));

/** Reloads and times the way back to work; `steps` is the stored run's length. */
export async function timeReload(page: Page, steps: number): Promise<ReloadTimes> {
	await page.reload({ waitUntil: 'commit' });
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await editor.waitFor();
	const before = ((await editor.textContent()) ?? '').length;
	await editor.click();
	await page.keyboard.press('End');
	await page.keyboard.type('x');
	let editorMs: number | null = null;
	for (let i = 0; i < 200 && editorMs === null; i++) {
		if (((await editor.textContent()) ?? '').length > before) editorMs = await pageNow(page);
	}
	const load = page.getByRole('button', { name: 'Load model' });
	await load.and(page.locator(':enabled')).waitFor();
	const loadModelMs = await pageNow(page);
	await load.click();
	const start = page.getByRole('button', { name: 'Start training' });
	const startEnabledMs = await start
		.and(page.locator(':enabled'))
		.waitFor({ timeout: 10_000 })
		.then(() => pageNow(page))
		.catch(() => null);
	// The stored run's rows: drawn by itself, or opened from the list of past runs.
	const lastRow = page.getByTestId('step-row').nth(Math.max(0, steps - 1));
	const drawn = (timeout: number) =>
		lastRow
			.waitFor({ timeout })
			.then(() => pageNow(page))
			.catch(() => null);
	let runListedMs: number | null = null;
	let runViewMs = await drawn(1_000);
	if (runViewMs === null) {
		const listed = page.getByTestId('past-run').first();
		runListedMs = await listed
			.waitFor({ timeout: 4_000 })
			.then(() => pageNow(page))
			.catch(() => null);
		if (runListedMs !== null) {
			await listed.getByRole('button', { name: /Open/ }).click();
			runViewMs = await drawn(10_000);
		}
	}
	return {
		editorMs,
		loadModelMs,
		startEnabledMs,
		runListedMs,
		runViewMs,
		runViewRows: await page.getByTestId('step-row').count()
	};
}
