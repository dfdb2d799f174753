// Nothing lost unseen: dataset edits survive a change of difficulty and back, and a second tab's
// save of the same skill is noticed, offered, and never overwrites text without keeping it.
import { test, expect, type Page } from '@playwright/test';

const EDITED = 'A coin is heads up. Nobody touches it. Is it still heads up? (my edit)';

test('dataset edits come back after changing difficulty and changing it back', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByTestId('split-sizes')).toContainText('val 40');
	await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
	const dialog = page.getByRole('dialog');
	await dialog.getByRole('button', { name: 'Edit item' }).click();
	await dialog.getByTestId('item-form').getByLabel('Input').fill(EDITED);
	await dialog.getByRole('button', { name: 'Save item' }).click();
	await expect(dialog.getByRole('option').first()).toContainText('(my edit)');
	await page.keyboard.press('Escape');

	await page.getByTestId('difficulty-select').selectOption('3');
	await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
	await expect(dialog.getByRole('option').first()).not.toContainText('(my edit)');
	await page.keyboard.press('Escape');
	await page.getByTestId('difficulty-select').selectOption('2');
	await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
	await expect(dialog.getByRole('option').first()).toContainText('(my edit)');
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('pack-notice')).toContainText('Your edited items');
	// Discarding is a deliberate choice.
	await page.getByRole('button', { name: 'Discard my edits' }).click();
	await expect(page.getByTestId('pack-notice')).toBeHidden();
	await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
	await expect(dialog.getByRole('option').first()).not.toContainText('(my edit)');
});

async function typeAtEnd(page: Page, text: string): Promise<void> {
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await editor.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.insertText(text);
	await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

async function versionTexts(page: Page): Promise<string[]> {
	await page.getByRole('button', { name: /History/ }).click();
	const dialog = page.getByRole('dialog');
	// The dialog loads on first open: wait for its list before counting (count() does not wait).
	await expect(dialog.getByTestId('version-list')).toBeVisible();
	const list = dialog.getByTestId('version-list').getByRole('button');
	const texts: string[] = [];
	for (let i = 0; i < (await list.count()); i++) {
		await list.nth(i).click();
		const label = (await list.nth(i).textContent()) ?? '';
		texts.push(`${label} :: ${(await dialog.getByTestId('version-text').textContent()) ?? ''}`);
	}
	await page.keyboard.press('Escape');
	return texts;
}

test('a second tab’s save is noticed and offered; nothing is overwritten unseen', async ({
	context
}) => {
	const a = await context.newPage();
	await a.goto('/');
	await expect(a.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
	const b = await context.newPage();
	await b.goto('/');
	await expect(b.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();

	await typeAtEnd(b, '\nLine from tab B.');
	const notice = a.getByTestId('other-tab');
	await expect(notice).toContainText('Another tab saved a different text of this skill');
	// Tab A keeps typing and saves over it: tab B's text is kept as a version first.
	await typeAtEnd(a, '\nLine from tab A.');
	await a.getByRole('button', { name: 'Keep this tab’s text' }).click();
	await expect(notice).toBeHidden();
	const kept = await versionTexts(a);
	expect(kept.some((v) => v.includes('from another tab') && v.includes('Line from tab B.'))).toBe(
		true
	);

	// Tab B hears tab A's save and loads it; its own text is in the history first (here it is
	// already there, kept by tab A, so it is not added twice).
	await expect(b.getByTestId('other-tab')).toBeVisible();
	await b.getByRole('button', { name: 'Load it' }).click();
	const editorB = b.getByRole('textbox', { name: 'Skill (markdown)' });
	await expect(editorB).toContainText('Line from tab A.');
	await expect(editorB).not.toContainText('Line from tab B.');
	const history = await versionTexts(b);
	expect(
		history.some((v) => v.includes('from another tab') && v.includes('Line from tab B.'))
	).toBe(true);
});
