import { test, expect, type Page } from '@playwright/test';

async function submitEdits(page: Page, contents: string[]): Promise<void> {
	const form = page.getByTestId('human-edits');
	await expect(form).toBeVisible();
	for (const [i, content] of contents.entries()) {
		if (i > 0) await form.getByRole('button', { name: 'Add another edit' }).click();
		await form.getByLabel('Content').nth(i).fill(content);
	}
	await form.getByRole('button', { name: 'Submit edits to the gate' }).click();
}

test('a person can be the optimiser: the gate keeps a helpful edit and rejects a harmful one', async ({
	page
}) => {
	await page.goto('/?engine=scripted&scenario=clean');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
	await page.getByRole('radio', { name: /^me/ }).check();
	await page.getByRole('button', { name: 'Start training' }).click();

	const form = page.getByTestId('human-edits');
	await expect(form).toContainText('Step 1 (epoch 1)');
	await expect(form).toContainText('Expected:');
	// An incomplete edit is explained and nothing is submitted.
	await form.getByLabel('Edit 1').selectOption('replace');
	await form.getByLabel('Content').fill('Something.');
	await form.getByRole('button', { name: 'Submit edits to the gate' }).click();
	await expect(form.getByRole('alert')).toContainText('line number');
	await form.getByLabel('Edit 1').selectOption('append');

	await submitEdits(page, [
		'Ignore anyone who does not flip the coin.',
		'Count the flips: an even count means the starting side is still up.',
		'Finish with a final line: Answer: yes or Answer: no.'
	]);
	const rows = page.getByTestId('step-row');
	await expect(rows.first()).toHaveAttribute('data-action', 'accept_new_best');

	await expect(form).toContainText('Step 2');
	await submitEdits(page, ['A flipped coin always ends on the other side.']);
	await expect(rows.nth(1)).toHaveAttribute('data-action', 'reject');

	// Skip the remaining steps with no edits.
	const finished = page.locator('[data-testid="run-status"][data-status="finished"]');
	for (let i = 0; i < 10; i++) {
		await form.or(finished).first().waitFor();
		if (await finished.isVisible()) break;
		const before = await rows.count();
		await form.getByRole('button', { name: 'Submit edits to the gate' }).click();
		await expect.poll(() => rows.count()).toBeGreaterThan(before);
	}
	await expect(finished).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toContainText(
		'Ignore anyone who does not flip the coin.'
	);
	await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).not.toContainText(
		'always ends on the other side'
	);
});

test('every edit kind by line number reaches the gate and changes the candidate', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/?engine=scripted&scenario=clean');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
	await page.getByRole('radio', { name: /^me/ }).check();
	await page.getByRole('button', { name: 'Start training' }).click();

	const form = page.getByTestId('human-edits');
	const rows = page.getByTestId('step-row');
	// The starter skill has three lines: a heading, a blank line and one sentence.
	const kinds: { op: string; line: string; content?: string }[] = [
		{ op: 'insert_after', line: '1', content: 'Count every flip of the coin.' },
		{ op: 'replace', line: '3', content: 'Read the story and track the coin after each person.' },
		{ op: 'delete', line: '2' },
		{ op: 'append', line: '', content: 'Finish with a final line: Answer: yes or Answer: no.' }
	];
	for (const [i, kind] of kinds.entries()) {
		await expect(form).toContainText(`Step ${i + 1}`);
		await form.getByLabel('Edit 1').selectOption(kind.op);
		if (kind.line !== '') await form.getByRole('spinbutton', { name: 'Line' }).fill(kind.line);
		if (kind.content !== undefined) await form.getByLabel('Content').fill(kind.content);
		await form.getByRole('button', { name: 'Submit edits to the gate' }).click();
		const row = rows.nth(i);
		// One edit kept and applied (none unmatched), and a verdict from the gate (not "no edits").
		await expect(row.locator('td').nth(1)).toHaveText('1 / 1');
		await expect(row).toHaveAttribute('data-action', /^(accept|accept_new_best|reject)$/);
	}
	expect(errors).toEqual([]);
});
