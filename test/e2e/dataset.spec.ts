import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';

test.describe('dataset view', () => {
	test.beforeEach(async ({ page }) => {
		await page.goto('/');
		await expect(page.getByTestId('split-sizes')).toContainText('val 40');
	});

	test('browses each split and shows the rendered prompt with the current skill', async ({
		page
	}) => {
		await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
		const dialog = page.getByRole('dialog');
		await expect(dialog.getByRole('tab', { name: /val \(40\)/ })).toHaveAttribute(
			'aria-selected',
			'true'
		);
		await dialog.getByRole('tab', { name: /test \(100\)/ }).click();
		await expect(dialog.getByRole('option')).toHaveCount(100);
		await expect(dialog.getByTestId('prompt-system')).toContainText('# Skill');
		await expect(dialog.getByTestId('prompt-user')).toContainText('Answer: yes or Answer: no');
		// Keyboard: arrow down moves the selection.
		const first = await dialog.getByTestId('item-gold').textContent();
		await dialog.getByTestId('item-list').focus();
		await page.keyboard.press('ArrowDown');
		await expect(dialog.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
		expect(first).toMatch(/^(yes|no)$/);
		await page.keyboard.press('Escape');
		await expect(dialog).toBeHidden();
	});

	test('refuses an item whose gold its grader rejects, and saves valid edits', async ({ page }) => {
		await page.getByTestId('family-select').selectOption('word-problems');
		await expect(page.getByTestId('pack-summary')).toContainText('Answer: <number>');
		await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
		const dialog = page.getByRole('dialog');
		const gold = (await dialog.getByTestId('item-gold').textContent()) ?? '';
		await dialog.getByRole('button', { name: 'Edit item' }).click();
		const form = dialog.getByTestId('item-form');
		await form.getByLabel('Gold answer').fill('about twelve');
		await form.getByRole('button', { name: 'Save item' }).click();
		await expect(form.getByRole('alert')).toContainText(
			"grader does not accept this item's own answer"
		);
		await form.getByRole('button', { name: 'Cancel' }).click();
		await expect(dialog.getByTestId('item-gold')).toHaveText(gold);

		await dialog.getByRole('button', { name: 'Edit item' }).click();
		await form.getByLabel('Gold answer').fill('1,234');
		await form.getByRole('button', { name: 'Save item' }).click();
		await expect(dialog.getByTestId('item-gold')).toHaveText('1,234');

		const valTab = dialog.getByRole('tab', { name: /^val/ });
		const before = Number((await valTab.textContent())?.match(/\d+/)?.[0]);
		await dialog.getByRole('button', { name: 'Add item to val' }).click();
		await form.getByLabel('Input').fill('');
		await form.getByRole('button', { name: 'Save item' }).click();
		await expect(form.getByRole('alert')).toHaveText('The item needs an input.');
		await form.getByLabel('Input').fill('Ana has 3 apples and buys 4 more. How many apples now?');
		await form.getByLabel('Gold answer').fill('7');
		await form.getByRole('button', { name: 'Save item' }).click();
		await expect(valTab).toHaveText(`val (${before + 1})`);
	});

	test('the grader explains a wrong output in one line', async ({ page }) => {
		await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
		const dialog = page.getByRole('dialog');
		const gold = ((await dialog.getByTestId('item-gold').textContent()) ?? '').trim();
		const wrong = gold === 'yes' ? 'no' : 'yes';
		await dialog.getByTestId('try-output').fill(`Thinking...\nAnswer: ${wrong}`);
		await dialog.getByRole('button', { name: 'Grade' }).click();
		await expect(dialog.getByTestId('try-result')).toContainText('hard 0');
		await dialog.getByTestId('try-output').fill(`Answer: ${gold}`);
		await dialog.getByRole('button', { name: 'Grade' }).click();
		await expect(dialog.getByTestId('try-result')).toContainText('hard 1');
	});

	test('exports the pack as a v1 JSON file', async ({ page }) => {
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export pack' }).click();
		const file = await download;
		expect(file.suggestedFilename()).toBe('coin-flip.pack.json');
		const path = await file.path();
		const json = JSON.parse(await readFile(path, 'utf8')) as {
			format: string;
			splits: Record<string, unknown[]>;
		};
		expect(json.format).toBe('skillopt-playground.pack.v1');
		expect(json.splits.val).toHaveLength(40);
	});

	test('changing the family, difficulty or seed regenerates the pack', async ({ page }) => {
		await page.getByTestId('family-select').selectOption('word-problems');
		await expect(page.getByTestId('pack-summary')).toContainText('Answer:');
		await expect(page.getByTestId('split-sizes')).not.toContainText('val 40');
		await page.getByTestId('family-select').selectOption('coin-flip');
		await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
		const firstId = page.getByRole('dialog').getByRole('option').first().locator('.id');
		await expect(firstId).toContainText('#1-');
		await page.keyboard.press('Escape');
		await page.getByTestId('seed-input').fill('2');
		await page.getByRole('button', { name: 'Browse & edit dataset' }).click();
		await expect(firstId).toContainText('#2-');
	});

	test('loads the task’s starter skill into the editor after confirming', async ({ page }) => {
		page.once('dialog', (d) => void d.accept());
		await page.getByRole('button', { name: 'Load starter skill' }).click();
		await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).not.toContainText(
			'work the task step by step'
		);
		// One undo restores the previous skill.
		await page.getByRole('textbox', { name: 'Skill (markdown)' }).click();
		await page.keyboard.press('ControlOrMeta+Z');
		await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toContainText(
			'work the task step by step'
		);
	});
});

test('split sizes are configurable and a val split under 10 is refused', async ({ page }) => {
	await page.goto('/');
	await page.getByText('Split sizes').click();
	await page.getByTestId('size-val').fill('12');
	await expect(page.getByTestId('split-sizes')).toContainText('val 12');
	await page.getByTestId('size-val').fill('5');
	await expect(page.getByRole('alert')).toContainText('at least 10 items');
	await expect(page.getByTestId('split-sizes')).toContainText('val 12');
	await page.getByRole('button', { name: 'Defaults' }).click();
	await expect(page.getByTestId('split-sizes')).toContainText('val 40');
	await expect(page.getByRole('alert')).toBeHidden();
});
