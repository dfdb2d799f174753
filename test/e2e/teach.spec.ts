/**
 * Teaching the method with the simulated model: step mode pauses after every stage and goes on
 * from the keyboard, and the strip marks the stage done and the one next; a kept edit dropped
 * before the gate changes the gated candidate, is recorded as the person's and survives a reload
 * and resume, and so does a drop ticked but not yet sent on when the page reloads; Pause then
 * Resume ends like an uninterrupted run, also with a reload while paused; the deep-learning
 * analogy is reachable by keyboard and named for screen readers; axe-core finds nothing serious
 * on the new states, light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Browser, type Page } from '@playwright/test';

async function loadSimulation(page: Page, scenario = 'clean'): Promise<void> {
	await page.goto(`/?engine=scripted&scenario=${scenario}`);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText(`scenario “${scenario}”`);
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
}

async function noSeriousViolations(page: Page, selectors: string[]): Promise<void> {
	let builder = new AxeBuilder({ page });
	for (const s of selectors) builder = builder.include(s);
	const results = await builder.analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
		[]
	);
}

const finished = (page: Page) => page.locator('[data-testid="run-status"][data-status="finished"]');

interface Outcome {
	summary: string;
	skill: string;
}

async function outcome(page: Page): Promise<Outcome> {
	return {
		summary: (await page.getByTestId('run-summary').textContent()) ?? '',
		skill: (await page.getByRole('textbox', { name: 'Skill (markdown)' }).textContent()) ?? ''
	};
}

async function uninterrupted(browser: Browser, epochs: string): Promise<Outcome> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await loadSimulation(page);
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill(epochs);
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(finished(page)).toBeVisible({ timeout: 60_000 });
	const result = await outcome(page);
	await context.close();
	return result;
}

/** Presses Space (or Enter) on the focused "Next stage", then waits for the next pause or the end. */
async function nextByKey(page: Page, key: 'Space' | 'Enter' = 'Space'): Promise<void> {
	const next = page.getByTestId('next-stage');
	await expect(next).toBeFocused();
	const before = await page.getByTestId('pause-title').textContent();
	await page.keyboard.press(key);
	// The final test stage scores up to three skills on the whole test split: slow under load.
	await expect(page.getByTestId('pause-title').or(finished(page)).first()).not.toHaveText(
		before ?? '',
		{ timeout: 60_000 }
	);
}

test('step mode: pauses after each stage, keyboard to go on, a dropped edit gated, recorded, kept over a reload', async ({
	page
}) => {
	test.setTimeout(180_000);
	await loadSimulation(page);
	// One step per epoch (batch = the whole train split), three epochs: every epoch-end stage.
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('3');
	await page.getByRole('spinbutton', { name: 'Batch' }).fill('40');
	await page.getByTestId('step-mode').check();
	await page.getByRole('button', { name: 'Start training' }).click();

	const title = page.getByTestId('pause-title');
	const analogy = page.getByTestId('pause-analogy');
	await expect(title).toHaveText('Paused after scoring the seed skill on val');
	await expect(page.getByTestId('run-status')).toContainText('Paused');
	await nextByKey(page);
	await expect(title).toHaveText('Paused after epoch 1 · step 1 · rollout');
	await expect(page.getByTestId('stage-current')).toHaveText('rollout · done');
	await expect(page.getByTestId('stage-next')).toHaveText('reflect · next');
	await expect(analogy).toContainText('forward pass');
	await expect(page.getByTestId('pause-produced')).toContainText('train items answered');
	await nextByKey(page, 'Enter');
	await expect(title).toHaveText('Paused after epoch 1 · step 1 · reflect');
	await expect(analogy).toContainText('backward pass (textual gradients)');
	await nextByKey(page);
	await expect(title).toHaveText('Paused after epoch 1 · step 1 · merge');
	await expect(analogy).toContainText('gradient accumulation');
	await nextByKey(page);

	// Before the gate: the kept edits, one of which is dropped.
	await expect(title).toHaveText('Paused before the gate of step 1');
	// The strip shows the stage that finished and the one that waits for the person.
	const strip = page.getByTestId('stage-strip');
	await expect(strip.getByTestId('stage-current')).toHaveText('select · done');
	await expect(strip.getByTestId('stage-next')).toHaveText('validate · next');
	const kept = page.getByTestId('review-edit');
	expect(await kept.count()).toBeGreaterThanOrEqual(2);
	const droppedContent = (await kept.first().locator('textarea').inputValue()).trim();
	const keptContent = (await kept.nth(1).locator('textarea').inputValue()).trim();
	expect(droppedContent).not.toBe('');
	await noSeriousViolations(page, ['[data-testid="stage-pause"]']);
	await page.emulateMedia({ colorScheme: 'dark' });
	await noSeriousViolations(page, ['[data-testid="stage-pause"]']);
	await page.emulateMedia({ colorScheme: 'light' });
	await kept.first().getByRole('checkbox', { name: 'Drop edit 1' }).check();
	await page.getByTestId('next-stage').focus();
	await nextByKey(page);
	await expect(title).toHaveText('Paused after epoch 1 · step 1 · validate');
	await expect(page.getByTestId('pause-produced')).toContainText('Step 1:');

	const view = page.getByTestId('run-view');
	async function checkStepOne(): Promise<void> {
		const row = view.getByTestId('step-row').first();
		await row.getByRole('button').click();
		const detail = view.getByTestId('step-detail');
		await expect(detail.getByTestId('edit-table')).toContainText('dropped by you');
		const diff = detail.getByTestId('skill-diff');
		await expect(diff).toContainText(keptContent.slice(0, 30));
		await expect(diff).not.toContainText(droppedContent.slice(0, 30));
		await row.getByRole('button').click();
	}
	await checkStepOne();

	// A reload while paused: the run is offered for resuming, step mode still on.
	await page.reload();
	const offer = page.getByTestId('resume-offer');
	await offer.getByRole('button', { name: 'Resume run' }).click();
	await expect(title).toHaveText(/^Paused after end of epoch 1/);
	await checkStepOne();
	await page.getByTestId('next-stage').focus();
	const seen: string[] = [];
	const stepTwoReview = 'Paused before the gate of step 2';
	let reloadedInReview = false;
	for (let i = 0; i < 40 && !(await finished(page).isVisible()); i++) {
		const now = (await title.textContent()) ?? '';
		seen.push(now);
		if (now === stepTwoReview && !reloadedInReview) {
			// A drop ticked, then a reload before "Next stage": the review comes back as it was left.
			reloadedInReview = true;
			await kept.first().getByRole('checkbox', { name: 'Drop edit 1' }).check();
			await page.reload();
			await page.getByTestId('resume-offer').getByRole('button', { name: 'Resume run' }).click();
			await expect(title).toBeVisible();
			for (let j = 0; j < 10 && (await title.textContent()) !== stepTwoReview; j++) {
				await page.getByTestId('next-stage').focus();
				await nextByKey(page);
			}
			await expect(title).toHaveText(stepTwoReview);
			await expect(kept.first().getByRole('checkbox', { name: 'Drop edit 1' })).toBeChecked();
			await page.getByTestId('next-stage').focus();
		}
		await nextByKey(page);
	}
	await expect(finished(page)).toBeVisible();
	expect(reloadedInReview).toBe(true);
	// The drop made before the reload reached the gate of step 2.
	const stepTwo = view.locator('[data-testid="step-row"][data-kind="step"]').nth(1);
	if ((await stepTwo.getAttribute('data-action')) === 'skip_no_patches')
		await expect(stepTwo).toContainText('you dropped every kept edit');
	else {
		await stepTwo.getByRole('button').click();
		await expect(view.getByTestId('step-detail').getByTestId('edit-table')).toContainText(
			'dropped by you'
		);
		await stepTwo.getByRole('button').click();
	}
	for (const stage of ['slow-update', 'slow-gate', 'meta-skill']) {
		expect(seen.some((t) => t.includes(`· ${stage}`))).toBe(true);
	}
	expect(seen).toContain('Paused before the gate of step 2');
	expect(seen).toContain('Paused after final evaluation · promote');
	await checkStepOne();
});

test('Pause, Next stage, a reload while paused and Resume: the run ends like an uninterrupted one', async ({
	page,
	browser
}) => {
	test.setTimeout(150_000);
	const reference = await uninterrupted(browser, '2');
	await loadSimulation(page);
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('2');
	await page.getByRole('button', { name: 'Start training' }).click();
	await page.getByTestId('pause-run').click();
	const title = page.getByTestId('pause-title');
	await expect(title).toHaveText(/^Paused (after|before)/);
	await expect(page.getByTestId('run-status')).toContainText('Paused');
	// Next stage runs one stage and waits again.
	const first = await title.textContent();
	await page.getByTestId('next-stage').click();
	await expect(title).not.toHaveText(first ?? '');
	await expect(title).toHaveText(/^Paused (after|before)/);
	// A reload while paused: resumed, the run runs one stage and waits again.
	await page.reload();
	const offer = page.getByTestId('resume-offer');
	await expect(offer).toContainText('You had paused it');
	await offer.getByRole('button', { name: 'Resume run' }).click();
	await expect(title).toHaveText(/^Paused (after|before)/);
	await expect(page.getByTestId('run-status')).toContainText('Paused');
	await page.getByTestId('resume-run').click();
	await expect(finished(page)).toBeVisible({ timeout: 60_000 });
	const resumed = await outcome(page);
	expect(resumed.summary).toBe(reference.summary);
	expect(resumed.skill).toBe(reference.skill);
});

test('the deep-learning analogy: keyboard-reachable, named for screen readers, axe clean', async ({
	page
}) => {
	await loadSimulation(page);
	const toggle = page.getByRole('button', { name: 'Deep-learning analogy' });
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await toggle.focus();
	await page.keyboard.press('Enter');
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	const panel = page.getByRole('complementary', { name: 'SkillOpt as deep learning' });
	await expect(panel).toBeVisible();
	// The next Tab stop after the toggle is inside the panel.
	await page.keyboard.press('Tab');
	await expect(panel.getByRole('button', { name: 'Close' })).toBeFocused();
	const pairs: [string, RegExp][] = [
		['The skill = the weights', /model stays frozen/],
		['Rollout = forward pass', /train batch/],
		['Failure and success analysis = backward pass (textual gradients)', /edits/],
		['Merge = gradient accumulation', /combined/],
		['Edit budget and schedule = learning rate and its decay', /cosine/],
		['Rank and clip = gradient clipping', /budget/],
		['Apply the kept edits = the optimiser step', /candidate/],
		['The val gate = validation / model selection', /tie is rejected/],
		['Rejected-edit buffer = negative feedback', /rejected/],
		['Slow update = momentum / slow weights', /protected block/],
		['Meta skill = optimiser state', /executor never sees/],
		['Test split = held-out test set', /never looked at/]
	];
	for (const [name, description] of pairs) {
		const item = panel.getByRole('listitem', { name, exact: true });
		await expect(item).toBeVisible();
		await expect(item).toHaveAccessibleDescription(description);
	}
	await noSeriousViolations(page, ['[data-testid="analogy-panel"]', '#run-heading']);
	await page.emulateMedia({ colorScheme: 'dark' });
	await noSeriousViolations(page, ['[data-testid="analogy-panel"]']);
	await page.emulateMedia({ colorScheme: 'light' });
	// The scenario picker says what the simulation does and what to look for.
	await expect(page.getByTestId('scenario-about')).toContainText('Look for:');
	await expect(page.getByTestId('scenario-select')).toHaveAccessibleDescription(/Look for:/);
	await panel.getByRole('button', { name: 'Close' }).click();
	await expect(panel).toBeHidden();
});
