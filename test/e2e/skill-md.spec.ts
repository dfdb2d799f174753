/**
 * Protected blocks in the editor and skills out and in: the markers show as labelled widgets, the
 * text between them is editable, deleting a block or a marker asks first (cancel keeps it, confirm
 * removes it, all from the keyboard); the prompt budget names the executor's context window;
 * SKILL.md imports into name, description and body, refuses a bad name with the rule, exports
 * with the body byte-identical on re-import; best_skill.md holds the run's best skill; axe finds
 * nothing serious on these views, light and dark.
 */
import { readFile } from 'node:fs/promises';
import { test, expect, type Download, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SLOW_LABEL =
	'Slow update — written by the loop at epoch ends; proposed edits cannot touch it';
const NAME_RULE =
	'A skill name is 1–64 characters of lowercase letters (a–z), digits and hyphens, and does not start or end with a hyphen or hold two in a row.';

const BODY = `# Skill: check the units

## Procedure
1. Convert every quantity to the unit the question asks for.

<!-- SLOW_UPDATE_START -->
Write the unit after every number.
<!-- SLOW_UPDATE_END -->
`;
const DESCRIPTION = 'Use for unit-conversion word problems; converts first, then answers.';

function skillMd(name: string, description = DESCRIPTION, body = BODY): string {
	return `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;
}

/** The editor's document as stored (the DOM shows widgets in place of the markers). */
function editorDoc(page: Page): Promise<string> {
	return page.evaluate(() => {
		interface Tiled {
			cmTile?: { root?: { view?: { state: { doc: { toString(): string } } } } };
		}
		const content = document.querySelector('.cm-content') as (Element & Tiled) | null;
		const view = content?.cmTile?.root?.view;
		if (!view) throw new Error('no editor view');
		return view.state.doc.toString();
	});
}

async function downloaded(download: Download): Promise<string> {
	const path = await download.path();
	return readFile(path, 'utf8');
}

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
	let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
	if (include) builder = builder.include(include);
	const { violations } = await builder.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function importSkillMd(page: Page, text: string, fileName = 'SKILL.md'): Promise<void> {
	await page.getByTestId('skill-md-import').setInputFiles({
		name: fileName,
		mimeType: 'text/markdown',
		buffer: Buffer.from(text, 'utf8')
	});
}

test('protected blocks: labelled widgets, editable content, deleting asks (keyboard only)', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/?engine=scripted');
	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await editor.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.insertText(
		'\n<!-- SLOW_UPDATE_START -->\nBe brief.\n<!-- SLOW_UPDATE_END -->\n'
	);
	const markers = page.locator('.cm-protected-marker');
	await expect(markers).toHaveCount(2);
	await expect(markers.first()).toHaveText(SLOW_LABEL);
	await expect(markers.last()).toHaveText('End of slow update');
	// The label is what assistive technology reads inside the editing area.
	await expect(editor).toContainText(SLOW_LABEL);

	// Editing between the markers works like any other text.
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('End');
	await page.keyboard.insertText(' Check units.');
	expect(await editorDoc(page)).toContain(
		'<!-- SLOW_UPDATE_START -->\nBe brief. Check units.\n<!-- SLOW_UPDATE_END -->'
	);

	// Backspace into the end marker asks; Escape cancels and changes nothing.
	const before = await editorDoc(page);
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.press('Backspace');
	await page.keyboard.press('Backspace');
	const confirm = page.getByTestId('confirm-dialog');
	await expect(confirm).toContainText('Remove the slow update end marker?');
	await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(confirm).toHaveCount(0);
	expect(await editorDoc(page)).toBe(before.replace(/\n$/, ''));
	await expect(editor).toBeFocused();

	// Deleting everything asks about the whole block; Cancel (Enter on the focused button) keeps it.
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('Delete');
	await expect(confirm).toContainText('Delete the slow update block');
	await expect(page.locator('dialog[open]')).toBeVisible();
	expect(await seriousViolations(page, 'dialog[open]'), 'confirm dialog').toEqual([]);
	await page.keyboard.press('Enter');
	await expect(confirm).toHaveCount(0);
	await expect(markers).toHaveCount(2);
	expect(await editorDoc(page)).toBe(before.replace(/\n$/, ''));

	// Confirming (Tab to the button, Enter) removes it as one change; undo brings it back.
	await expect(editor).toBeFocused();
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.press('Delete');
	await expect(confirm).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(confirm.getByRole('button', { name: 'Delete block' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(confirm).toHaveCount(0);
	await expect(markers).toHaveCount(0);
	expect(await editorDoc(page)).toBe('');
	await expect(editor).toBeFocused();
	await page.keyboard.press('ControlOrMeta+Z');
	await expect(markers).toHaveCount(2);
	expect(errors).toEqual([]);
});

test('the prompt budget sets the skill against the executor context window and warns when tight', async ({
	page
}) => {
	await page.goto('/?engine=scripted');
	const budget = page.getByTestId('prompt-budget');
	await expect(budget).toContainText('load a model');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	await expect(page.getByTestId('context-window')).toHaveText('4,096');
	await expect(budget).toHaveAttribute('data-level', 'ok');
	await expect(page.getByTestId('budget-warning')).toHaveCount(0);
	// The simulation's counts are estimates, and the line says so.
	await expect(page.getByTestId('skill-counts')).toContainText('tokens (approximate)');

	const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
	await editor.click();
	await page.keyboard.press('ControlOrMeta+End');
	await page.keyboard.insertText(`\n${'Always write the unit after every number. '.repeat(300)}`);
	await expect(budget).toHaveAttribute('data-level', 'over');
	await expect(page.getByTestId('budget-warning')).toContainText('prompts will not fit');
	await expect(page.getByTestId('budget-warning')).toContainText('of 4,096 tokens');
});

test('SKILL.md: import into name, description and body; refuse bad names; export round-trips', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/?engine=scripted');
	await page.getByTestId('skills-button').click();
	const dialog = page.getByTestId('skills-dialog');
	const items = dialog.getByTestId('skill-item');
	await expect(items).toHaveCount(1);

	// A 70-character name and an uppercase name are refused with the rule; nothing is written.
	await importSkillMd(page, skillMd('a'.repeat(70)));
	const error = dialog.getByTestId('skill-md-import-error');
	await expect(error).toContainText('70 characters long');
	await expect(error).toContainText(NAME_RULE);
	await importSkillMd(page, skillMd('Unit-Check'));
	await expect(error).toContainText('“Unit-Check” is not allowed');
	await expect(error).toContainText(NAME_RULE);
	await importSkillMd(page, '# No front matter\n');
	await expect(error).toContainText('does not start with “---”');
	await expect(items).toHaveCount(1);

	// A good file becomes a new skill, opened, with its markers as protected blocks again.
	await importSkillMd(page, skillMd('unit-check'));
	await expect(dialog.getByTestId('skill-md-imported')).toContainText('Imported “unit-check”');
	await expect(items).toHaveCount(2);
	const imported = items.filter({ hasText: '(open)' });
	await expect(imported).toContainText('unit-check');
	await expect(imported).toContainText(DESCRIPTION);
	await expect(page.locator('dialog[open]')).toBeVisible();
	for (const theme of ['light', 'dark'] as const) {
		await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
		expect(await seriousViolations(page, 'dialog[open]'), `skills dialog, ${theme}`).toEqual([]);
	}
	await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
	await page.keyboard.press('Escape');
	expect(await editorDoc(page)).toBe(BODY);
	await expect(page.locator('.cm-protected-marker')).toHaveCount(2);

	// Export: the name and description come from the skill; a bad name is refused with the rule.
	await page.getByTestId('skill-md-button').click();
	const file = page.getByTestId('skill-file-dialog');
	const name = file.getByTestId('skill-md-name');
	await expect(name).toHaveValue('unit-check');
	await expect(file.getByTestId('skill-md-description')).toHaveValue(DESCRIPTION);
	await name.fill('Unit Check');
	await file.getByTestId('skill-md-download').click();
	await expect(file).toContainText(NAME_RULE);
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	for (const theme of ['light', 'dark'] as const) {
		await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
		expect(await seriousViolations(page, 'dialog[open]'), `export dialog, ${theme}`).toEqual([]);
	}
	await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
	// From the keyboard: Enter in the name field downloads.
	await name.fill('unit-check');
	const [download] = await Promise.all([page.waitForEvent('download'), name.press('Enter')]);
	expect(download.suggestedFilename()).toBe('SKILL.md');
	const exported = await downloaded(download);
	expect(exported).toBe(skillMd('unit-check'));
	await page.keyboard.press('Escape');

	// Re-importing the export gives a second skill with the identical body.
	await page.getByTestId('skills-button').click();
	await importSkillMd(page, exported);
	await expect(items).toHaveCount(3);
	await page.keyboard.press('Escape');
	expect(await editorDoc(page)).toBe(BODY);
	expect(errors).toEqual([]);
});

test('best_skill.md holds the best skill of a finished run', async ({ page }) => {
	// A whole run and two axe passes: slow on a loaded machine.
	test.setTimeout(180_000);
	await page.goto('/?engine=scripted&scenario=default');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	page.once('dialog', (d) => void d.accept());
	await page.getByRole('button', { name: 'Load starter skill' }).click();
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('2');
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('download-best').click()
	]);
	expect(download.suggestedFilename()).toBe('best_skill.md');
	const best = await downloaded(download);
	// The best skill replaced the untouched starter in the editor: the two are the same text.
	expect(best).toBe(await editorDoc(page));
	expect(best).toContain('<!-- SLOW_UPDATE_START -->');
	await expect(page.locator('.cm-protected-marker').first()).toHaveText(SLOW_LABEL);
	for (const theme of ['light', 'dark'] as const) {
		await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
		// The editor with its widgets (the rest of the page has its own axe spec).
		expect(await seriousViolations(page, '.editor-panel'), `after a run, ${theme}`).toEqual([]);
	}
});
