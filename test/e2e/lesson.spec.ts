/**
 * Lesson links: a teacher makes one from the current skill and settings; a learner's fresh
 * profile previews it without writing anything, starts it as a new skill with one click, sees
 * the banner and the hidden controls, keeps it over a reload, resets it (their work kept as a
 * version) and leaves it. A hostile lesson link shows one sentence and writes nothing.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { encodeLessonFragment } from '../../src/lib/share/lesson-codec.ts';
import { baselineState, storedState, waitForApp, watchPage } from '../support/stored-state.ts';

const FIXTURE = readFileSync(
	new URL('../fixtures/share/lesson-v1.txt', import.meta.url),
	'utf8'
).trim();
const FIXTURE_LESSON = JSON.parse(
	readFileSync(new URL('../fixtures/share/lesson-v1.json', import.meta.url), 'utf8')
) as Parameters<typeof encodeLessonFragment>[0];

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
	let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
	if (include) builder = builder.include(include);
	const { violations } = await builder.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** axe in light and dark; the theme is set on the page only (the toggle would store it). */
async function bothThemes(page: Page, label: string, include?: string): Promise<void> {
	for (const theme of ['light', 'dark'] as const) {
		await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
		expect(await seriousViolations(page, include), `${label}, ${theme}`).toEqual([]);
	}
	await page.evaluate(() => delete document.documentElement.dataset.theme);
}

const editorOf = (page: Page) => page.getByRole('textbox', { name: 'Skill (markdown)' });

test.describe('lesson links', () => {
	test('make a lesson, open it in a fresh profile, start it, reload, reset and leave', async ({
		page,
		browser
	}) => {
		test.setTimeout(120_000);
		await page.goto('/?engine=scripted');
		await waitForApp(page);
		const editor = editorOf(page);
		await editor.click();
		await page.keyboard.press('ControlOrMeta+End');
		await page.keyboard.insertText('\n- Lesson rule: count the flips one by one.');
		await page.getByRole('spinbutton', { name: 'Epochs' }).fill('2');
		await page.getByRole('spinbutton', { name: 'Batch' }).fill('5');

		await page.getByRole('button', { name: 'Make lesson link' }).click();
		const dialog = page.getByTestId('lesson-dialog');
		await expect(dialog).toBeVisible();
		expect(await seriousViolations(page, 'dialog[open]'), 'lesson dialog').toEqual([]);
		await dialog.getByLabel('Lesson title').fill('Gate lesson <b>one</b>');
		await dialog.getByLabel('Starting skill name').fill('Coin flips (class)');
		await dialog.getByRole('checkbox', { name: /^Task choice/ }).check();
		await dialog.getByRole('checkbox', { name: /^Training settings/ }).check();
		await expect(dialog.getByTestId('lesson-dialog-contents')).toContainText('2 epochs, batch 5');
		await expect(dialog.getByTestId('lesson-link')).toHaveValue(/#lesson:v1:[A-Za-z0-9_-]+$/);
		const link = await dialog.getByTestId('lesson-link').inputValue();
		await page.keyboard.press('Escape');

		// A learner's fresh profile: preview first, nothing written before the click.
		const before = await baselineState(browser, '/?engine=scripted');
		const learner = await browser.newContext();
		const other = await learner.newPage();
		const seen = watchPage(other);
		await other.goto(link.replace(/^https?:\/\/[^/]+\//, '/?engine=scripted'));
		const preview = other.getByTestId('lesson-preview');
		await expect(preview.getByTestId('lesson-title')).toHaveText('Gate lesson <b>one</b>');
		await expect(preview.getByTestId('lesson-contents')).toContainText('Hidden: Task choice');
		await expect(preview.getByTestId('lesson-skill-text')).toContainText('Lesson rule: count');
		await waitForApp(other);
		expect(await storedState(learner)).toEqual(before);
		await bothThemes(other, 'lesson preview', 'dialog[open]');
		expect(await storedState(learner)).toEqual(before);

		await preview.getByRole('button', { name: 'Start the lesson (opens as a new skill)' }).click();
		const banner = other.getByTestId('lesson-banner');
		await expect(
			banner.getByRole('heading', { name: 'Lesson: Gate lesson <b>one</b>' })
		).toBeVisible();
		await expect(preview).toHaveCount(0);
		expect(new URL(other.url()).hash).toBe('');
		await expect(banner.getByTestId('lesson-preset')).toContainText('Step mode on');
		// The teaching preset is applied: step mode on, the analogy panel open.
		await expect(other.getByTestId('step-mode')).toBeChecked();
		await expect(other.getByTestId('analogy-entry').first()).toBeVisible();
		await expect(banner.getByTestId('lesson-hidden')).toContainText('Task choice');
		const learnerEditor = editorOf(other);
		await expect(learnerEditor).toContainText('Lesson rule: count the flips one by one.');
		await expect(other.getByTestId('family-select')).toBeHidden();
		await expect(other.getByRole('spinbutton', { name: 'Epochs' })).toBeHidden();
		await expect(other.getByTestId('simulation-note')).toBeVisible();
		await other.getByTestId('skills-button').click();
		const skills = other.getByTestId('skills-dialog');
		await expect(skills.getByTestId('skill-item')).toHaveCount(2);
		await expect(skills.getByTestId('skill-item').filter({ hasText: '(open)' })).toContainText(
			'Coin flips (class)'
		);
		await other.keyboard.press('Escape');
		await bothThemes(other, 'lesson banner');

		// It survives a reload, with its settings.
		await other.reload();
		await expect(banner).toContainText('Lesson: Gate lesson');
		await expect(other.getByRole('spinbutton', { name: 'Epochs' })).toBeHidden();
		await expect(learnerEditor).toContainText('Lesson rule: count');

		// Reset: back to the starting skill; the learner's work is a saved version.
		await learnerEditor.click();
		await other.keyboard.press('ControlOrMeta+End');
		await other.keyboard.insertText('\n- My own rule from the workshop.');
		await expect(other.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
		await banner.getByRole('button', { name: 'Reset lesson' }).click();
		await expect(banner.getByTestId('lesson-message')).toContainText('kept as a saved version');
		await expect(learnerEditor).not.toContainText('My own rule from the workshop.');
		await expect(learnerEditor).toContainText('Lesson rule: count');
		await expect
			.poll(async () => JSON.stringify(await learner.storageState({ indexedDB: true })))
			.toContain('My own rule from the workshop.');

		// Leave: every control is back, the skill stays.
		await banner.getByRole('button', { name: 'Leave lesson' }).click();
		await expect(banner).toHaveCount(0);
		// The lesson's settings were applied, and survived the reload.
		await expect(other.getByRole('spinbutton', { name: 'Epochs' })).toHaveValue('2');
		await expect(other.getByRole('spinbutton', { name: 'Batch' })).toHaveValue('5');
		await expect(other.getByTestId('family-select')).toBeVisible();
		await other.reload();
		await waitForApp(other);
		await expect(banner).toHaveCount(0);
		await expect(learnerEditor).toContainText('Lesson rule: count');
		expect(seen).toEqual({ dialogs: [], errors: [] });
		await learner.close();
	});

	test('a hostile lesson link shows one sentence and writes nothing', async ({ browser }) => {
		const before = await baselineState(browser);
		const context = await browser.newContext();
		const page = await context.newPage();
		const seen = watchPage(page);
		const hostile = await encodeLessonFragment({
			...FIXTURE_LESSON,
			engine: { kind: 'webllm', model: 'javascript:alert(1)' }
		});
		await page.goto(`/#${hostile}`);
		await expect(page.getByTestId('lesson-error')).toHaveText(
			/^This lesson link cannot be opened: .+\.\s*Dismiss$/
		);
		await expect(page.getByTestId('lesson-preview')).toHaveCount(0);
		await waitForApp(page);
		expect(await storedState(context)).toEqual(before);
		await page.getByTestId('lesson-error').getByRole('button', { name: 'Dismiss' }).click();
		await expect(page.getByTestId('lesson-error')).toHaveCount(0);
		expect(new URL(page.url()).hash).toBe('');

		// Garbage after the tag, pasted into the open tab, too.
		await page.evaluate(() => (location.hash = 'lesson:v1:PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg'));
		await expect(page.getByTestId('lesson-error')).toContainText(
			'This lesson link cannot be opened'
		);
		await page.getByTestId('lesson-error').getByRole('button', { name: 'Dismiss' }).click();
		expect(await storedState(context)).toEqual(before);
		await expect(page.getByTestId('lesson-banner')).toHaveCount(0);
		expect(seen).toEqual({ dialogs: [], errors: [] });
		await context.close();
	});

	test('the committed v1 lesson opens; a WebLLM model the laptop cannot run falls back to the simulation', async ({
		page
	}) => {
		await page.goto(`/#${FIXTURE}`);
		await expect(page.getByTestId('lesson-title')).toHaveText(FIXTURE_LESSON.title);
		await page.getByTestId('lesson-preview').getByRole('button', { name: 'Dismiss' }).click();
		await expect(page.getByTestId('lesson-preview')).toHaveCount(0);

		const gpuLesson = await encodeLessonFragment({
			...FIXTURE_LESSON,
			engine: { kind: 'webllm', model: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' },
			hidden: ['model']
		});
		await page.evaluate((fragment) => (location.hash = fragment), gpuLesson);
		const preview = page.getByTestId('lesson-preview');
		// The test browser has no WebGPU adapter, or only SwiftShader's software one.
		await expect(preview.getByTestId('lesson-engine-note')).toContainText(
			'so the simulated model is selected instead'
		);
		await preview.getByRole('button', { name: /Start the lesson/ }).click();
		const banner = page.getByTestId('lesson-banner');
		await expect(banner.getByTestId('lesson-engine-note')).toContainText(
			'so the simulated model is selected instead'
		);
		await expect(page.getByTestId('simulation-note')).toBeVisible();
		await expect(page.getByRole('radio', { name: /Simulated model/ })).toBeHidden();
		await expect(page.getByTestId('model-loaded')).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Load model' })).toBeVisible();
	});
});
