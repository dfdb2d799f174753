import { test, expect } from '@playwright/test';

test.describe('skill editor', () => {
	test('typing updates the character and token counts', async ({ page }) => {
		await page.goto('/');
		const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
		await expect(editor).toBeVisible();
		const chars = page.getByTestId('char-count');
		const tokens = page.getByTestId('token-count');
		const before = Number((await chars.textContent())?.replace(/,/g, ''));
		const tokensBefore = Number((await tokens.textContent())?.replace(/[~,]/g, ''));
		expect(before).toBeGreaterThan(0);

		await editor.click();
		await page.keyboard.press('ControlOrMeta+End');
		await page.keyboard.type('\nAlways count the flips.');

		await expect(chars).toHaveText(String(before + 24));
		const tokensAfter = Number((await tokens.textContent())?.replace(/[~,]/g, ''));
		expect(tokensAfter).toBeGreaterThan(tokensBefore);
		await expect(editor).toContainText('Always count the flips.');
	});

	test('select-all and delete empties the document, undo brings it back', async ({ page }) => {
		await page.goto('/');
		const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
		const chars = page.getByTestId('char-count');
		const original = await chars.textContent();
		await editor.click();
		await page.keyboard.press('ControlOrMeta+A');
		await page.keyboard.press('Delete');
		await expect(chars).toHaveText('0');
		await expect(page.getByTestId('skill-counts')).toContainText('0 characters');
		await page.keyboard.press('ControlOrMeta+Z');
		await expect(chars).toHaveText(original ?? '');
	});

	test('shows line numbers, wraps long lines and highlights markdown', async ({ page }) => {
		await page.goto('/');
		await expect(page.locator('.cm-lineNumbers .cm-gutterElement').nth(1)).toHaveText('1');
		await expect(page.locator('.cm-content')).toHaveClass(/cm-lineWrapping/);
		const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
		await editor.click();
		await page.keyboard.press('ControlOrMeta+End');
		const long = 'word '.repeat(120);
		await page.keyboard.insertText(`\n${long}`);
		// A wrapped line is taller than one line of text, and nothing scrolls sideways.
		const lastLine = page.locator('.cm-line').last();
		const box = await lastLine.boundingBox();
		expect(box?.height ?? 0).toBeGreaterThan(40);
		const scroller = page.locator('.cm-scroller');
		expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
		// The markdown mode arrives lazily and marks the "# Skill" heading.
		await expect(page.locator('.cm-line').first().locator('span').first()).toHaveCSS(
			'font-weight',
			'700'
		);
	});

	test('highlights fenced code blocks in their own language, loaded on demand', async ({
		page
	}) => {
		await page.goto('/');
		const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
		await editor.click();
		await page.keyboard.press('ControlOrMeta+End');
		await page.keyboard.insertText('\n\n```js\nconst answer = 42;\n```\n\nconst outside = 1;\n');
		// Inside the block `const` is a keyword token; the same word outside stays plain text.
		const keyword = page.locator('.cm-line', { hasText: 'const answer' }).locator('span', {
			hasText: /^const$/
		});
		await expect(keyword).toHaveCount(1);
		const plain = page.locator('.cm-line', { hasText: 'const outside' }).locator('span');
		await expect(plain).toHaveCount(0);
	});
});

test('the three working areas are present and nothing starts the model worker', async ({
	page
}) => {
	const scripts: string[] = [];
	page.on('request', (request) => {
		if (request.resourceType() === 'script') scripts.push(request.url());
	});
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'SkillOpt Playground' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Skill' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Task & run' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Results' })).toBeVisible();
	await expect(page.getByTestId('webgpu-status')).not.toHaveAttribute('data-status', 'probing');
	// The catalogue (model ids and sizes, a small chunk of its own) may load; WebLLM and the
	// model worker may not.
	expect(scripts.some((url) => /webllm-engine|llm\.worker/i.test(url))).toBe(false);
});
