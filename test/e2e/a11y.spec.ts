/**
 * Accessibility and layout on the main states, kept lean (one training run per test):
 * axe-core finds no serious or critical violation on first load, after a run and in each dialog,
 * light and dark; the editor's gutter and markdown markers are checked by computed contrast
 * (axe reports contrast over CodeMirror's layers as "incomplete"); at 390 px every dialog fits;
 * a whole run works from the keyboard and focus comes back after each dialog.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

interface DialogCase {
	name: string;
	opener: (page: Page) => Locator;
}

const DIALOGS: DialogCase[] = [
	{ name: 'Storage & backup', opener: (p) => p.getByRole('button', { name: 'Storage & backup' }) },
	{ name: 'Skill history', opener: (p) => p.getByTestId('history-button') },
	{ name: 'Dataset', opener: (p) => p.getByRole('button', { name: /Browse & edit dataset/ }) },
	{ name: 'Import a dataset', opener: (p) => p.getByRole('button', { name: 'Import data…' }) }
];

async function seriousViolations(page: Page, include?: string): Promise<string[]> {
	let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
	if (include) builder = builder.include(include);
	const { violations } = await builder.analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Contrast of the editor's line numbers and markdown markers against what is behind them. */
async function editorContrast(page: Page): Promise<{ gutter: number; markers: number[] }> {
	return page.evaluate(() => {
		const rgb = (css: string) => {
			const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(css);
			return m
				? { c: [m[1], m[2], m[3]].map(Number), a: m[4] === undefined ? 1 : Number(m[4]) }
				: null;
		};
		const lum = (c: number[]) => {
			const [r, g, b] = c.map((v) => {
				const s = v / 255;
				return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
			});
			return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
		};
		const background = (el: Element | null): number[] => {
			for (let e = el; e; e = e.parentElement) {
				const bg = rgb(getComputedStyle(e).backgroundColor);
				if (bg && bg.a > 0.5) return bg.c;
			}
			return [255, 255, 255];
		};
		const contrast = (el: Element) => {
			const fg = rgb(getComputedStyle(el).color)?.c ?? [0, 0, 0];
			const [a, b] = [lum(fg), lum(background(el))];
			return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		};
		const number = document.querySelector('.cm-lineNumbers .cm-gutterElement:not(:first-child)');
		const markers = [...document.querySelectorAll('.cm-line span')].filter((s) =>
			/^(#+|\*\*?|-|`+|>)$/.test(s.textContent ?? '')
		);
		return { gutter: number ? contrast(number) : 0, markers: markers.map(contrast) };
	});
}

async function expectEditorContrast(page: Page): Promise<void> {
	await expect.poll(async () => (await editorContrast(page)).markers.length).toBeGreaterThan(0);
	const { gutter, markers } = await editorContrast(page);
	expect(gutter).toBeGreaterThanOrEqual(4.5);
	for (const m of markers) expect(m).toBeGreaterThanOrEqual(4.5);
}

/** Press Tab until `target` has focus: the way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, max = 200): Promise<void> {
	for (let i = 0; i < max; i++) {
		if (await target.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error('could not reach the control with Tab');
}

const focused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

async function startSimulation(page: Page, scenario = 'default'): Promise<void> {
	await page.goto(`/?engine=scripted&scenario=${scenario}`);
	await expect(page.getByTestId('webgpu-status')).not.toHaveAttribute('data-status', 'probing');
	await expect(page.getByTestId('history-button')).toBeVisible();
}

test('no serious axe violations on first load, after a run and in each dialog, light and dark', async ({
	page
}) => {
	test.setTimeout(120_000);
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.emulateMedia({ colorScheme: 'light' });
	await startSimulation(page);
	const toggle = page.getByTestId('theme-toggle');

	expect(await seriousViolations(page), 'first load, light').toEqual([]);
	await expectEditorContrast(page);
	await toggle.click();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(await seriousViolations(page), 'first load, dark').toEqual([]);
	await expectEditorContrast(page);
	await toggle.click();

	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', {
		timeout: 60_000
	});

	for (const theme of ['light', 'dark'] as const) {
		if (theme === 'dark') await toggle.click();
		await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
		expect(await seriousViolations(page), `after a run, ${theme}`).toEqual([]);
		for (const dialog of DIALOGS) {
			await dialog.opener(page).click();
			await expect(page.locator('dialog[open]')).toBeVisible();
			expect(await seriousViolations(page, 'dialog[open]'), `${dialog.name}, ${theme}`).toEqual([]);
			await page.keyboard.press('Escape');
			await expect(page.locator('dialog[open]')).toHaveCount(0);
		}
	}
	await expectEditorContrast(page);

	// The in-app choice outlives a reload.
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(errors).toEqual([]);
});

test('keyboard only at 390 px: a whole run, focus kept and returned, every dialog fits', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.emulateMedia({ colorScheme: 'dark' });
	await startSimulation(page);
	// The OS setting alone gives the dark editor too.
	await expectEditorContrast(page);

	const load = page.getByTestId('load-toggle');
	await tabTo(page, load);
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	expect(await focused(load)).toBe(true);

	const epochs = page.getByRole('spinbutton', { name: 'Epochs' });
	await tabTo(page, epochs);
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.type('1');
	const toggle = page.getByTestId('run-toggle');
	await tabTo(page, toggle);
	await page.keyboard.press('Enter');
	const status = page.getByTestId('run-status');
	await expect(toggle).toHaveText('Stop run');
	expect(await focused(toggle)).toBe(true);
	await page.keyboard.press('Enter');
	await expect(status).toHaveAttribute('data-status', /stopped|finished/);
	expect(await focused(toggle)).toBe(true);
	await page.keyboard.press('Enter');
	await expect(status).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
	expect(await focused(toggle)).toBe(true);

	for (const dialog of DIALOGS) {
		const opener = dialog.opener(page);
		await tabTo(page, opener);
		await page.keyboard.press('Enter');
		const open = page.locator('dialog[open]');
		await expect(open).toBeVisible();
		const fit = await open.evaluate((d) => {
			const box = d.getBoundingClientRect();
			const controls = [...d.querySelectorAll('button, select, input, pre, ul')].map((el) => {
				el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
				const r = el.getBoundingClientRect();
				return { left: r.left, right: r.right, width: r.width };
			});
			return {
				left: box.left,
				right: box.right,
				overflowX: d.scrollWidth - d.clientWidth,
				outside: controls.filter(
					(r) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1)
				)
			};
		});
		expect(fit.left, dialog.name).toBeGreaterThanOrEqual(0);
		expect(fit.right, dialog.name).toBeLessThanOrEqual(390);
		expect(fit.overflowX, dialog.name).toBeLessThanOrEqual(1);
		expect(fit.outside, dialog.name).toEqual([]);
		if (dialog.name === 'Skill history') {
			await expect(open.getByRole('button', { name: 'Restore this version' })).toBeInViewport();
		}
		await page.keyboard.press('Escape');
		await expect(open).toHaveCount(0);
		await expect.poll(() => focused(opener), `focus back on ${dialog.name}'s opener`).toBe(true);
	}
});
