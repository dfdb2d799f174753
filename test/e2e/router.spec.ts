/**
 * The router check and description training, as a user would run them on the simulated model:
 * two skills on two packs, the coin-flip skill with a vague description; after the library has
 * measured that its body helps, the router check shows the confusion matrix and flags
 * "description and body disagree"; training the description raises held-out routing accuracy,
 * rejects what does not strictly improve, and applying it leaves the body byte-identical; all
 * of it is still shown after a reload; axe finds nothing serious, light and dark.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.include('[data-testid="router-dialog"]')
		.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The editor's text with protected-block widgets turned back into their markers. */
function editorSkill(page: Page): Promise<string> {
	return page.getByRole('textbox', { name: 'Skill (markdown)' }).evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		for (const w of copy.querySelectorAll<HTMLElement>('.cm-protected-marker'))
			w.replaceWith(w.title.split(' — ')[0] ?? '');
		return copy.textContent ?? '';
	});
}

async function describe(page: Page, name: string, description: string): Promise<void> {
	await page.getByTestId('skills-button').click();
	const dialog = page.getByTestId('skills-dialog');
	await dialog.getByRole('button', { name: `Rename ${name}` }).click();
	await dialog.getByLabel('Description', { exact: true }).fill(description);
	await dialog.getByRole('button', { name: 'Save' }).click();
	await page.keyboard.press('Escape');
}

test('router check flags a vague description; description training improves routing and keeps the body', async ({
	page
}) => {
	test.setTimeout(240_000);
	await page.goto('/?engine=scripted');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText('scenario “default”');

	// Skill 1 on coin flip, trained briefly, with a description that names nothing it does.
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
	await page.getByRole('spinbutton', { name: 'Batch' }).fill('4');
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 90_000
	});
	await describe(page, 'Skill', 'Helps with reasoning.');

	// Skill 2 on date arithmetic, described by what its requests are about.
	await page.getByTestId('family-select').selectOption('date-arithmetic');
	await page.getByTestId('skills-button').click();
	await page.getByTestId('new-skill-name').fill('Dates');
	await page
		.getByTestId('skills-dialog')
		.getByLabel('Description (optional)')
		.fill('Solves calendar questions: dates, weekdays, days before or after a day.');
	await page.getByRole('button', { name: 'Create and open' }).click();
	await page.keyboard.press('Escape');

	// The library measures each body's effect, then opens the router check.
	await page.getByTestId('library-button').click();
	const library = page.getByTestId('library-dialog');
	await library.getByTestId('evaluate-all').click();
	await expect(
		library.getByTestId('library-row').filter({ hasText: 'not evaluated yet' })
	).toHaveCount(0, { timeout: 90_000 });
	await expect(library.getByTestId('library-job')).toBeHidden({ timeout: 90_000 });
	await library.getByTestId('router-open').click();
	const router = page.getByTestId('router-dialog');
	await expect(router).toBeVisible();
	await router.getByTestId('router-run').click();
	await expect(router.getByTestId('router-summary')).toContainText('temperature 0, seed 1', {
		timeout: 60_000
	});
	await expect(router.getByTestId('router-summary')).toContainText('one call per query');
	const matrix = router.getByTestId('router-matrix');
	await expect(matrix.getByRole('columnheader', { name: 'no skill' })).toBeVisible();
	await expect(matrix.getByRole('rowheader', { name: 'Skill', exact: true })).toBeVisible();
	const coin = router.getByTestId('router-skill-row').filter({
		has: page.getByRole('rowheader', { name: 'Skill', exact: true })
	});
	await expect(coin.getByTestId('router-verdict')).toContainText('description and body disagree');
	await expect(coin).toContainText('0 of 10');
	const dates = router.getByTestId('router-skill-row').filter({
		has: page.getByRole('rowheader', { name: 'Dates', exact: true })
	});
	await expect(dates.getByTestId('router-verdict')).not.toContainText('disagree');
	expect(await seriousViolations(page)).toEqual([]);

	// Train the coin skill's description; the body must not change.
	await page
		.getByRole('dialog', { name: 'Router check' })
		.getByRole('button', { name: 'Close' })
		.click();
	await page
		.getByRole('dialog', { name: 'Skill library' })
		.getByRole('button', { name: 'Close' })
		.click();
	await page.getByTestId('skills-button').click();
	await page
		.getByTestId('skills-dialog')
		.getByRole('button', { name: 'Open', exact: true })
		.click();
	await page.keyboard.press('Escape');
	await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toContainText(
		'Coin puzzles'
	);
	const bodyBefore = await editorSkill(page);
	await page.getByTestId('library-button').click();
	await library.getByTestId('router-open').click();
	await router.getByTestId('train-skill').selectOption({ label: 'Skill' });
	await router.getByTestId('train-description').click();
	const outcome = router.getByTestId('description-outcome');
	await expect(outcome).toBeVisible({ timeout: 90_000 });
	const steps = router.getByTestId('description-step');
	await expect(steps.and(page.locator('[data-verdict="accepted"]')).first()).toBeVisible();
	// The first proposal for the vague description only rewords it: a tie, rejected.
	await expect(steps.first()).toHaveAttribute('data-verdict', 'tie');
	await expect(steps.first()).toContainText('a tie → rejected');
	const text = (await outcome.textContent()) ?? '';
	const [before, after] = [...text.matchAll(/(\d+\.\d)%/g)].map((m) => Number(m[1]));
	expect(after).toBeGreaterThan(before ?? 100);
	const trained = (await outcome.getByTestId('trained-description').textContent()) ?? '';
	expect(trained).toContain('Helps with reasoning.');
	expect(trained.length).toBeLessThanOrEqual(1024);
	await router.getByTestId('apply-description').click();
	await expect(router.getByTestId('description-applied')).toBeVisible();
	await page.emulateMedia({ colorScheme: 'dark' });
	expect(await seriousViolations(page)).toEqual([]);
	await page
		.getByRole('dialog', { name: 'Router check' })
		.getByRole('button', { name: 'Close' })
		.click();
	await page
		.getByRole('dialog', { name: 'Skill library' })
		.getByRole('button', { name: 'Close' })
		.click();
	expect(await editorSkill(page)).toBe(bodyBefore);
	await page.getByTestId('skills-button').click();
	await expect(page.getByTestId('skills-dialog')).toContainText(trained);
	await page.keyboard.press('Escape');

	// After a reload the check and the training are still shown.
	await page.reload();
	// The workspace is open again (both skills listed) before the library is asked for.
	await expect(page.getByTestId('skills-button')).toHaveText('Skills (2)');
	await expect(page.getByTestId('save-state')).toBeVisible();
	await page.getByTestId('library-button').click();
	await expect(library).toBeVisible();
	await library.getByTestId('router-open').click();
	await expect(router.getByTestId('router-summary')).toContainText('Routing accuracy');
	await expect(router.getByTestId('description-applied')).toBeVisible();
	await expect(router.getByTestId('trained-description')).toHaveText(trained);
	expect(await editorSkill(page)).toBe(bodyBefore);
});
