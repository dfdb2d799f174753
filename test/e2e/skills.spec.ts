/** The minimal skills list: new, rename with a description, switch (nothing lost), delete. */
import { test, expect } from '@playwright/test';

test('skills: create, rename, switch back and forth without losing text, delete with confirmation', async ({
	page
}) => {
	await page.goto('/?engine=scripted');
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await editor.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.insertText('\n- First skill rule.');
	await page.getByTestId('skills-button').click();
	const dialog = page.getByTestId('skills-dialog');
	await dialog.getByTestId('new-skill-name').fill('Dates');
	await dialog.getByRole('button', { name: 'Create and open' }).click();
	await expect(dialog.getByTestId('skill-item')).toHaveCount(2);
	await expect(dialog.getByTestId('skill-item').filter({ hasText: '(open)' })).toContainText(
		'Dates'
	);
	await page.keyboard.press('Escape');
	await expect(editor).not.toContainText('First skill rule.');

	await page.getByTestId('skills-button').click();
	const first = dialog.getByTestId('skill-item').filter({ hasNotText: 'Dates' });
	await first.getByRole('button', { name: /^Rename/ }).click();
	await first.getByLabel('Name').fill('Coins');
	await first.getByLabel('Description').fill('Counts real flips only');
	await first.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toContainText('Counts real flips only');
	await dialog
		.getByTestId('skill-item')
		.filter({ hasText: 'Coins' })
		.getByRole('button', { name: 'Open' })
		.click();
	await page.keyboard.press('Escape');
	await expect(editor).toContainText('First skill rule.');

	// After a reload the open skill and the list are as they were.
	await page.reload();
	await expect(editor).toContainText('First skill rule.');
	await page.getByTestId('skills-button').click();
	await expect(dialog.getByTestId('skill-item')).toHaveCount(2);
	page.once('dialog', (d) => void d.accept());
	await dialog.getByRole('button', { name: 'Delete Dates' }).click();
	await expect(dialog.getByTestId('skill-item')).toHaveCount(1);
	await expect(dialog.getByRole('button', { name: 'Delete Coins' })).toBeDisabled();
});

test('a run saves its best into the skill it started from, even when another skill is open', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/?engine=scripted&scenario=stepwise-pauses');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toContainText('scenario “stepwise-pauses”');
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	const starter = (await editor.textContent()) ?? '';
	const note = page.getByTestId('run-skill-note');
	const paused = page.getByTestId('sim-paused');

	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(paused).toContainText('step-1-reflect');
	await expect(note).toHaveText('This run trains “Skill”; its best will be saved there.');

	// Mid-run, open another skill and give it some text of its own.
	await page.getByTestId('skills-button').click();
	const dialog = page.getByTestId('skills-dialog');
	await dialog.getByTestId('new-skill-name').fill('Other');
	await dialog.getByRole('button', { name: 'Create and open' }).click();
	await page.keyboard.press('Escape');
	await editor.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.insertText('\n- A rule of the other skill.');
	const other = (await editor.textContent()) ?? '';
	await expect(note).toContainText('its best will be saved there, not into the skill open now');

	await paused.getByRole('button', { name: 'Continue' }).click();
	await expect(paused).toContainText('step-2-reflect');
	await paused.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});
	await expect(note).toHaveText(
		'This run trained “Skill”; its best was saved there (open it from Skills).'
	);
	// The open skill is untouched, and no best can be loaded into it by mistake.
	await expect(editor).toHaveText(other);
	await expect(page.getByRole('button', { name: 'Load best skill into editor' })).toHaveCount(0);

	// After a reload: the run's skill holds its best, the other one what was typed into it.
	await page.reload();
	await expect(editor).toHaveText(other);
	await page.getByTestId('skills-button').click();
	await dialog
		.getByTestId('skill-item')
		.filter({ hasNotText: 'Other' })
		.getByRole('button', { name: 'Open' })
		.click();
	await page.keyboard.press('Escape');
	await expect(editor).not.toHaveText(starter);
	await expect(editor).not.toHaveText(other);
	await page.getByRole('button', { name: 'History' }).click();
	await expect(page.getByText('best skill of a run').first()).toBeVisible();
});
