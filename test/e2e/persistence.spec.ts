import { test, expect, type Page, type BrowserContext, type Browser } from '@playwright/test';

const URL = '/?engine=scripted&scenario=stepwise-pauses';

async function open(page: Page, url = URL): Promise<void> {
	await page.goto(url);
	await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
}

async function startRun(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await page.getByRole('button', { name: 'Start training' }).click();
}

/** Release every pause point until the run has finished; waits for states, never for time. */
async function finishRun(page: Page): Promise<void> {
	const finished = page.locator('[data-testid="run-status"][data-status="finished"]');
	const pause = page.getByTestId('sim-paused').getByRole('button', { name: 'Continue' }).first();
	for (let i = 0; i < 20; i++) {
		await pause.or(finished).first().waitFor({ timeout: 30_000 });
		if (await finished.isVisible()) return;
		await pause.click();
	}
	throw new Error('the run did not finish');
}

interface Outcome {
	summary: string;
	skill: string;
	rollouts: number;
}

/** Type at the end of the skill, then save a version with Ctrl/⌘+S; returns the editor. */
async function appendAndSaveVersion(page: Page, text: string) {
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await editor.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.insertText(text);
	await page.keyboard.press('ControlOrMeta+S');
	await expect(page.getByText('Version saved.')).toBeVisible();
	return editor;
}

async function result(page: Page): Promise<Outcome> {
	return {
		summary: (await page.getByTestId('run-summary').textContent()) ?? '',
		skill: (await page.getByRole('textbox', { name: 'Skill (markdown)' }).textContent()) ?? '',
		rollouts: Number(await page.getByTestId('run-rollouts').textContent())
	};
}

async function uninterrupted(browser: Browser): Promise<Outcome> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await open(page);
	await startRun(page);
	await finishRun(page);
	const r = await result(page);
	await context.close();
	return r;
}

test.describe('nothing is lost', () => {
	test('an edited skill and its saved versions survive a reload', async ({ page }) => {
		await open(page);
		const editor = await appendAndSaveVersion(page, '\n- Count every flip.');
		await page.keyboard.insertText('\n- Only flips change the coin.');
		await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

		await page.reload();
		await expect(editor).toContainText('Only flips change the coin.');
		await expect(editor).toContainText('Count every flip.');
		await page.getByTestId('history-button').click();
		const versions = page.getByTestId('version-list').getByRole('button');
		await expect(versions).toHaveCount(2); // the starter and the saved one
		await versions.nth(1).click();
		await expect(page.getByTestId('version-text')).not.toContainText('Count every flip.');
		await page.getByRole('button', { name: 'Restore this version' }).click();
		await expect(editor).not.toContainText('Count every flip.');
	});

	test('the chosen task and model survive a reload', async ({ page }) => {
		await page.goto('/');
		await page.getByTestId('family-select').selectOption('word-sorting');
		await page.getByTestId('seed-input').fill('7');
		await page.getByRole('radio', { name: /Simulated model/ }).check();
		await page.getByTestId('scenario-select').selectOption('clean');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toBeVisible();
		await expect(page.getByTestId('pack-summary')).toContainText('Word sorting');
		await page.reload();
		await expect(page.getByTestId('family-select')).toHaveValue('word-sorting');
		await expect(page.getByTestId('seed-input')).toHaveValue('7');
		await expect(page.getByRole('radio', { name: /Simulated model/ })).toBeChecked();
		await expect(page.getByTestId('scenario-select')).toHaveValue('clean');
	});

	for (const pausePoint of ['step-1-reflect', 'step-2-reflect']) {
		test(`a run reloaded at ${pausePoint} resumes and ends exactly like an uninterrupted run`, async ({
			page,
			browser
		}) => {
			// Two whole runs in one test: room for a loaded machine.
			test.setTimeout(90_000);
			const reference = await uninterrupted(browser);
			await open(page);
			await startRun(page);
			const paused = page.getByTestId('sim-paused');
			// Release earlier pause points until the chosen one holds the run.
			for (;;) {
				await expect(paused).toBeVisible();
				if ((await paused.textContent())?.includes(pausePoint)) break;
				await paused.getByRole('button', { name: 'Continue' }).click();
			}
			await page.reload();
			const offer = page.getByTestId('resume-offer');
			await expect(offer).toContainText('interrupted at epoch 1');
			await offer.getByRole('button', { name: 'Resume run' }).click();
			await finishRun(page);
			const resumed = await result(page);
			expect(resumed.summary).toBe(reference.summary);
			expect(resumed.skill).toBe(reference.skill);
			// It continued: the rollouts done before the reload were not done again.
			expect(resumed.rollouts).toBeGreaterThan(0);
			expect(resumed.rollouts).toBeLessThan(reference.rollouts);
		});
	}

	test('a stopped run is offered for resuming and then ends like an uninterrupted run', async ({
		page,
		browser
	}) => {
		const reference = await uninterrupted(browser);
		await open(page);
		await startRun(page);
		await expect(page.getByTestId('sim-paused')).toContainText('step-1-reflect');
		await page.getByRole('button', { name: 'Stop run' }).click();
		const offer = page.getByTestId('resume-offer');
		await expect(offer).toContainText('paused at epoch 1');
		await offer.getByRole('button', { name: 'Resume run' }).click();
		await finishRun(page);
		const resumed = await result(page);
		expect(resumed.summary).toBe(reference.summary);
		expect(resumed.skill).toBe(reference.skill);
	});

	test('a second tab follows a running run read-only and cannot drive it', async ({ browser }) => {
		const context: BrowserContext = await browser.newContext();
		const first = await context.newPage();
		await open(first);
		await startRun(first);
		await expect(first.getByTestId('sim-paused')).toContainText('step-1-reflect');

		const second = await context.newPage();
		await open(second);
		await expect(second.getByTestId('following')).toContainText('another tab');
		await expect(second.getByTestId('resume-offer')).toBeHidden();
		await second.getByRole('button', { name: 'Load model' }).click();
		await expect(second.getByTestId('model-loaded')).toBeVisible();
		await expect(second.getByRole('button', { name: 'Start training' })).toBeDisabled();

		// The first tab goes on; the second sees its steps arrive.
		await first.getByTestId('sim-paused').getByRole('button', { name: 'Continue' }).click();
		await expect(first.getByTestId('sim-paused')).toContainText('step-2-reflect');
		await expect(second.getByTestId('following')).not.toContainText('(0 step records');
		await context.close();
	});

	test('export, then import into a fresh profile, restores the workspace', async ({
		page,
		browser
	}) => {
		await open(page);
		const editor = await appendAndSaveVersion(page, '\n- Exported rule.');
		await startRun(page);
		await finishRun(page);
		const finishedSkill = await editor.textContent();

		await page.getByRole('button', { name: 'Storage & backup' }).click();
		await expect(page.getByTestId('stored-runs')).toContainText('finished');
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export workspace' }).click();
		const file = await (await download).path();

		const fresh = await browser.newContext();
		const other = await fresh.newPage();
		await open(other);
		await expect(other.getByRole('textbox', { name: 'Skill (markdown)' })).not.toContainText(
			'Exported rule.'
		);
		await other.getByRole('button', { name: 'Storage & backup' }).click();
		// A corrupt file is refused and changes nothing.
		await other.getByTestId('import-workspace').setInputFiles({
			name: 'broken.json',
			mimeType: 'application/json',
			buffer: Buffer.from('{"format": "skillopt-playground.workspace.v1", "skills": 3}')
		});
		await other.getByRole('button', { name: 'Replace this workspace' }).click();
		await expect(other.getByTestId('workspace-import-error')).toBeVisible();
		await other.getByTestId('import-workspace').setInputFiles(file);
		await other.getByRole('button', { name: 'Replace this workspace' }).click();
		await expect(other.getByRole('textbox', { name: 'Skill (markdown)' })).toHaveText(
			finishedSkill ?? ''
		);
		await other.getByTestId('history-button').click();
		await expect(other.getByTestId('version-list').getByRole('button')).toHaveCount(
			await countVersions(page)
		);
		await other.keyboard.press('Escape');
		await other.getByRole('button', { name: 'Storage & backup' }).click();
		await expect(other.getByTestId('stored-runs')).toContainText('finished');
		await fresh.close();
	});
});

async function countVersions(page: Page): Promise<number> {
	await page.keyboard.press('Escape');
	await page.getByTestId('history-button').click();
	// The dialog loads on first open: wait for its list before counting (count() does not wait).
	await expect(page.getByTestId('version-list')).toBeVisible();
	const n = await page.getByTestId('version-list').getByRole('button').count();
	await page.keyboard.press('Escape');
	return n;
}

test('the storage panel shows usage, cached models and lets old runs be deleted', async ({
	page
}) => {
	await open(page, '/?engine=scripted&scenario=clean');
	await startRun(page);
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished');
	await page.getByRole('button', { name: 'Storage & backup' }).click();
	const dialog = page.getByTestId('storage-dialog');
	await expect(dialog.getByTestId('storage-usage')).toContainText('Using');
	await dialog.getByRole('button', { name: 'Check cached models' }).click();
	await expect(dialog.getByTestId('cached-models')).toContainText('No model weights are cached');
	const runs = dialog.getByTestId('stored-runs').getByRole('listitem');
	await expect(runs).toHaveCount(1);
	page.once('dialog', (d) => void d.accept());
	await runs.first().getByRole('button', { name: 'Delete' }).click();
	await expect(dialog.getByText('No saved runs.')).toBeVisible();
});

test('without IndexedDB the app still works and says that nothing is saved', async ({ page }) => {
	await page.addInitScript(() => {
		Object.defineProperty(window, 'indexedDB', {
			get() {
				throw new DOMException(
					'The user denied permission to access the database.',
					'SecurityError'
				);
			}
		});
	});
	await page.goto('/?engine=scripted');
	await expect(page.getByTestId('workspace-problem')).toContainText('not being saved');
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await editor.click();
	await page.keyboard.insertText('still editable ');
	await expect(editor).toContainText('still editable');
	await page.getByRole('button', { name: 'Load model' }).click();
	await page.getByRole('button', { name: 'Start training' }).click();
	// A whole default run takes about 8 s alone; the suite runs two workers at once.
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});
});
