import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { encodeShareFragment } from '../../src/lib/share/codec.ts';

const FIXTURE_LINK = readFileSync(
	new URL('../fixtures/share/link-v1.txt', import.meta.url),
	'utf8'
).trim();

/** The app's stored state with ids and times masked, so two fresh profiles compare equal. */
async function storedState(context: BrowserContext): Promise<unknown> {
	const state = await context.storageState({ indexedDB: true });
	const mask = (value: unknown, key = ''): unknown => {
		if (Array.isArray(value)) return value.map((v) => mask(v));
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
		if (typeof value === 'number' && /At$|^at$/.test(key)) return '<time>';
		if (typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value)) return '<id>';
		return value;
	};
	return mask(state.origins);
}

async function waitForApp(page: Page): Promise<void> {
	await expect(page.getByRole('textbox', { name: 'Skill (markdown)' })).toBeVisible();
	await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
	// The task pack and settings are saved right after opening; let those writes land.
	await page.waitForTimeout(750);
}

async function baseline(browser: Browser): Promise<unknown> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await waitForApp(page);
	const state = await storedState(context);
	await context.close();
	return state;
}

/** The editor's skill text: protected-block markers are drawn as labelled widgets; put them back. */
function editorSkill(page: Page): Promise<string> {
	return page.getByRole('textbox', { name: 'Skill (markdown)' }).evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		for (const w of copy.querySelectorAll<HTMLElement>('.cm-protected-marker'))
			w.replaceWith(w.title.split(' — ')[0] ?? '');
		return copy.textContent ?? '';
	});
}

/** Watches a page for JavaScript dialogs and uncaught errors. */
function watch(page: Page): { dialogs: string[]; errors: string[] } {
	const seen = { dialogs: [] as string[], errors: [] as string[] };
	page.on('dialog', (d) => {
		seen.dialogs.push(d.message());
		void d.dismiss();
	});
	page.on('pageerror', (e) => seen.errors.push(e.message));
	return seen;
}

test.describe('share links', () => {
	test('share a trained skill, preview it in a fresh profile without writing, then import it', async ({
		page,
		browser
	}) => {
		test.setTimeout(120_000);
		await page.goto('/?engine=scripted&scenario=default');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toBeVisible();
		page.once('dialog', (d) => void d.accept());
		await page.getByRole('button', { name: 'Load starter skill' }).click();
		await page.getByRole('button', { name: 'Start training' }).click();
		await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
			timeout: 60_000
		});
		const skill = await editorSkill(page);

		await page.getByRole('button', { name: 'Share as link' }).click();
		const dialog = page.getByTestId('share-dialog');
		await dialog.getByLabel('Skill name').fill('Coin flips, trained');
		await dialog
			.getByLabel('Note (optional)')
			.fill('<script>alert(1)</script> trained in the e2e test');
		const contents = dialog.getByTestId('share-contents');
		await expect(contents).toContainText('The scores: seed and best skill on val and test');
		await expect(contents).toContainText('The score history');
		await expect(contents).toContainText('simulated model');
		const linkBox = dialog.getByTestId('share-link');
		await expect(linkBox).toHaveValue(/#share:v1:[A-Za-z0-9_-]+$/);
		const link = await linkBox.inputValue();
		await expect(dialog.getByTestId('share-length')).toContainText(
			`${link.length.toLocaleString('en')} characters`
		);
		// The limits it crosses are named.
		if (link.length > 2_000)
			await expect(dialog.getByTestId('share-length')).toContainText('Discord');
		else await expect(dialog.getByTestId('share-length')).not.toContainText('Discord');
		expect((await new AxeBuilder({ page }).include('dialog').analyze()).violations).toEqual([]);
		await dialog.getByLabel('Skill only (smaller)').check();
		await expect(linkBox).not.toHaveValue(link);
		expect((await linkBox.inputValue()).length).toBeLessThan(link.length);
		await expect(contents).not.toContainText('The scores');
		const small = await linkBox.inputValue();
		if (small.length <= 1_200) await expect(dialog.getByTestId('share-qr')).toBeVisible();
		else await expect(dialog.getByTestId('share-qr')).toHaveCount(0);
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		await dialog.getByRole('button', { name: 'Copy link' }).click();
		await expect(dialog.getByText('Link copied.')).toBeVisible();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(small);

		const before = await baseline(browser);
		const fresh = await browser.newContext();
		const other = await fresh.newPage();
		const seen = watch(other);
		const requests: string[] = [];
		other.on('request', (r) => requests.push(r.url()));
		await other.goto(link.replace(/^https?:\/\/[^/]+\//, '/?engine=scripted&scenario=default'));
		const preview = other.getByTestId('share-preview');
		await expect(preview).toBeVisible();
		await expect(preview.getByTestId('share-skill-name')).toHaveText('Coin flips, trained');
		// The editor's text content has no line breaks (CodeMirror draws lines as blocks).
		const shared = (await preview.getByTestId('share-skill-text').textContent()) ?? '';
		expect(shared.replace(/\n/g, '')).toBe(skill);
		expect(shared).toContain('\n');
		await expect(preview.getByTestId('share-note')).toHaveText(
			'<script>alert(1)</script> trained in the e2e test'
		);
		await expect(preview.getByTestId('share-scores')).toContainText('as reported by the sender');
		await expect(preview.getByTestId('share-history')).toBeVisible();
		await expect(preview.getByTestId('share-source')).toContainText('simulated model');
		await waitForApp(other);
		expect(await storedState(fresh)).toEqual(before);
		// Opening the link fetched nothing but the app itself.
		const origin = new URL(other.url()).origin;
		expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);

		// Compare with the editor: a diff and both sides' scores.
		await preview.getByRole('button', { name: 'Compare…' }).click();
		await expect(preview.getByTestId('compare-diff').locator('.cm-mergeView')).toBeVisible();
		await expect(preview.getByTestId('compare-scores')).toContainText('Your editor');
		// …and with a second pasted link (the committed version-1 fixture).
		await preview.getByLabel('another share link').check();
		await preview.getByLabel('Second link').fill(`https://elsewhere.example/#${FIXTURE_LINK}`);
		await preview.getByRole('button', { name: 'Read link' }).click();
		await expect(preview.getByTestId('compare-scores')).toContainText('Link: Date arithmetic');
		await expect(preview.getByTestId('compare-scores')).toContainText('75.0%');
		await expect(preview.getByTestId('compare-diff').locator('.cm-mergeView')).toBeVisible();
		expect((await new AxeBuilder({ page: other }).include('dialog').analyze()).violations).toEqual(
			[]
		);
		expect(await storedState(fresh)).toEqual(before);

		// Check here: re-score the test split with the engine of this tab (loading it is the
		// person's choice, and a write of its own: the model setting).
		await preview.getByRole('button', { name: 'Load the simulated model' }).click();
		await preview.getByRole('button', { name: 'Check here' }).click();
		await expect(preview.getByTestId('share-check')).toContainText(
			/Here: \d+\.\d% on \d+ test items with Simulated model/,
			{ timeout: 30_000 }
		);

		await preview.getByRole('button', { name: 'Import as a new skill' }).click();
		await expect(other.getByTestId('share-imported')).toContainText('Coin flips, trained');
		expect(new URL(other.url()).hash).toBe('');
		expect(JSON.stringify(await fresh.storageState({ indexedDB: true }))).toContain(
			'"provenance":"shared"'
		);
		// As a person finds it: in the skills list, beside the skill that was open, and it opens.
		const mine = await editorSkill(other);
		await other.getByTestId('skills-button').click();
		const skills = other.getByTestId('skills-dialog');
		await expect(skills.getByTestId('skill-item')).toHaveCount(2);
		const imported = skills.getByTestId('skill-item').filter({ hasText: 'Coin flips, trained' });
		await expect(imported).toHaveCount(1);
		await expect(imported).not.toContainText('(open)');
		await imported.getByRole('button', { name: 'Open' }).click();
		await expect(imported).toContainText('(open)');
		await other.keyboard.press('Escape');
		await expect.poll(() => editorSkill(other)).toBe(skill);
		expect(skill).not.toBe(mine);
		expect(seen).toEqual({ dialogs: [], errors: [] });
		await fresh.close();
	});

	test('a stored run is shared after a reload: its best skill, and the same scores in the preview', async ({
		page,
		browser
	}) => {
		test.setTimeout(120_000);
		await page.emulateMedia({ colorScheme: 'light' });
		await page.goto('/?engine=scripted&scenario=default');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByTestId('model-loaded')).toBeVisible();
		page.once('dialog', (d) => void d.accept());
		await page.getByRole('button', { name: 'Load starter skill' }).click();
		await page.getByRole('button', { name: 'Start training' }).click();
		await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
			timeout: 60_000
		});
		const summary = (await page.getByTestId('run-summary').textContent()) ?? '';
		const scores = /Val: seed ([\d.]+%) → best ([\d.]+%)\s*· Test: seed ([\d.]+%) → best ([\d.]+%)/
			.exec(summary)
			?.slice(1);
		expect(scores).toHaveLength(4);
		const editor = page.getByRole('textbox', { name: 'Skill (markdown)' });
		const best = await editorSkill(page);

		// After a reload, with the editor changed since: the stored run is what gets shared.
		await page.reload();
		await editor.click();
		await page.keyboard.press('ControlOrMeta+End');
		await page.keyboard.insertText('\n- Typed after the run.');
		await page
			.locator('[data-testid="past-run"][data-status="finished"]')
			.first()
			.getByRole('button', { name: /Open/ })
			.click();
		await page.getByTestId('share-run').click();
		const dialog = page.getByTestId('share-dialog');
		await expect(page.getByRole('dialog')).toContainText('Share this run’s best skill as a link');
		await expect(dialog.getByTestId('share-contents')).toContainText(
			'The scores: seed and best skill on val and test'
		);
		await expect(dialog.getByTestId('share-contents')).toContainText('The score history');
		// axe-core on the dialog in both themes (the theme toggle sits behind the modal).
		for (const theme of ['light', 'dark'] as const) {
			if (theme === 'dark') {
				await page.keyboard.press('Escape');
				await page.getByTestId('theme-toggle').click();
				await page.getByTestId('share-run').click();
			}
			if (theme === 'dark')
				await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
			await expect(dialog.getByTestId('share-link')).toHaveValue(/#share:v1:/);
			const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
			const serious = axe.violations.filter((v) =>
				['serious', 'critical'].includes(v.impact ?? '')
			);
			expect(serious, theme).toEqual([]);
		}
		const link = await dialog.getByTestId('share-link').inputValue();
		expect(link).toMatch(/#share:v1:/);

		const fresh = await browser.newContext();
		const other = await fresh.newPage();
		await other.goto(link.replace(/^https?:\/\/[^/]+\//, '/?engine=scripted'));
		const preview = other.getByTestId('share-preview');
		const [valSeed, valBest, testSeed, testBest] = scores ?? [];
		const table = preview.getByTestId('share-scores');
		await expect(table.getByRole('row', { name: /^Val/ })).toHaveText(`Val${valSeed}${valBest}`);
		await expect(table.getByRole('row', { name: /^Test/ })).toHaveText(
			`Test${testSeed}${testBest}`
		);
		await expect(preview.getByTestId('share-history')).toBeVisible();
		const shared = (await preview.getByTestId('share-skill-text').textContent()) ?? '';
		expect(shared.replace(/\n/g, '')).toBe(best);
		expect(shared).not.toContain('Typed after the run.');
		await fresh.close();
	});

	test('a hostile link shows one sentence, fires no dialog or error, and writes nothing', async ({
		browser
	}) => {
		const before = await baseline(browser);
		const context = await browser.newContext();
		const page = await context.newPage();
		const seen = watch(page);
		await page.goto('/#share:v1:PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg');
		await expect(page.getByTestId('share-error')).toHaveText(
			/^This share link cannot be opened: .+\.\s*Dismiss$/
		);
		await expect(page.getByTestId('share-preview')).toHaveCount(0);
		// The app works behind it.
		await waitForApp(page);
		await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();
		expect(await storedState(context)).toEqual(before);
		await page.getByTestId('share-error').getByRole('button', { name: 'Dismiss' }).click();
		await expect(page.getByTestId('share-error')).toHaveCount(0);
		expect(new URL(page.url()).hash).toBe('');
		expect(await storedState(context)).toEqual(before);

		// A link pasted into the address of the open tab opens too; dismissing it writes nothing.
		await page.evaluate((fragment) => (location.hash = fragment), FIXTURE_LINK);
		await expect(page.getByTestId('share-skill-name')).toHaveText('Date arithmetic');
		await page.getByTestId('share-preview').getByRole('button', { name: 'Dismiss' }).click();
		await expect(page.getByTestId('share-preview')).toHaveCount(0);
		expect(new URL(page.url()).hash).toBe('');
		expect(await storedState(context)).toEqual(before);
		expect(seen).toEqual({ dialogs: [], errors: [] });
		await context.close();
	});

	test('an included dataset with a JavaScript grader is flagged and not graded without consent', async ({
		page
	}) => {
		const fragment = await encodeShareFragment({
			title: 'Tiny sums',
			skill: { name: 'Sums', text: '# Sums\n- Add the numbers.' },
			source: { engine: 'simulation' },
			task: {
				kind: 'inline',
				title: 'Tiny sums',
				pack: {
					format: 'skillopt-playground.pack.v1',
					id: 'tiny-sums',
					title: 'Tiny sums',
					grader: { type: 'js', code: 'return output.includes(String(item.answer))' },
					items: [
						{ id: 'a', input: '1+1', answer: '2', split: 'test' },
						{ id: 'b', input: '2+3', answer: '5', split: 'test' }
					]
				}
			}
		});
		const seen = watch(page);
		await page.goto(`/?engine=scripted#${fragment}`);
		const preview = page.getByTestId('share-preview');
		await expect(preview.getByTestId('share-code-warning')).toContainText('JavaScript');
		await expect(preview.getByTestId('share-task')).toContainText('included in the link');
		await preview.getByRole('button', { name: 'Load the simulated model' }).click();
		const check = preview.getByRole('button', { name: 'Check here' });
		await expect(page.getByTestId('model-loaded')).toBeAttached();
		await expect(check).toBeDisabled();
		await preview.getByLabel('Allow its grader code').check();
		await expect(check).toBeEnabled();
		// With consent the grader's code runs (in the sandbox) and the split is scored.
		await check.click();
		await expect(preview.getByTestId('share-check')).toContainText(
			/Here: \d+\.\d% on 2 test items/
		);
		await preview.getByRole('button', { name: 'Dismiss' }).click();
		await expect(preview).toHaveCount(0);
		expect(new URL(page.url()).hash).toBe('');
		expect(seen).toEqual({ dialogs: [], errors: [] });
	});
});
