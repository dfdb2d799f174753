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
