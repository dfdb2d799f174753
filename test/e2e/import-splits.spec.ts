// Small imports that train: the import dialog shows the split it will make, lets the user change
// it within the rules, and the imported pack stays the task when split sizes change.
import { test, expect, type Page } from '@playwright/test';

async function importFile(page: Page, name: string, body: string): Promise<void> {
	await page.getByRole('button', { name: 'Import data…' }).click();
	await page.getByTestId('import-file').setInputFiles({
		name,
		mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json',
		buffer: Buffer.from(body)
	});
}

/** The kinds of the pack records in IndexedDB, sorted (runs in the page). */
function storedPackKinds(): Promise<string[]> {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('skillopt-playground');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const request = open.result.transaction('packs').objectStore('packs').getAll();
			request.onerror = () => reject(request.error);
			request.onsuccess = () => {
				const records = request.result as { source: { kind: string } }[];
				open.result.close();
				resolve(records.map((r) => r.source.kind).sort());
			};
		};
	});
}

const csv = (n: number) =>
	['question,expected', ...Array.from({ length: n }, (_, i) => `"${i} + 2 = ?",${i + 2}`)].join(
		'\n'
	);

test('a 10-row CSV is refused with the rule; 12 rows show their split with warnings', async ({
	page
}) => {
	await page.goto('/');
	await importFile(page, 'ten.csv', csv(10));
	const dialog = page.getByTestId('import-dialog');
	await expect(dialog.getByTestId('import-summary')).toContainText(
		'10 items → train 0 · val 10 · test 0'
	);
	await expect(dialog.getByTestId('import-errors')).toContainText(
		'an import needs at least 11 — 10 for val'
	);
	await expect(dialog.getByRole('button', { name: 'Use this pack' })).toBeDisabled();

	await dialog.getByTestId('import-file').setInputFiles({
		name: 'twelve.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(csv(12))
	});
	// `expected` is recognised as the answer column.
	await expect(dialog.getByTestId('map-answer')).toHaveValue('expected');
	const split = dialog.getByTestId('import-split');
	await expect(split.getByRole('spinbutton', { name: 'Train' })).toHaveValue('2');
	await expect(split.getByRole('spinbutton', { name: 'Val' })).toHaveValue('10');
	await expect(split.getByRole('spinbutton', { name: 'Test' })).toHaveValue('0');
	const warnings = dialog.getByTestId('import-warnings');
	await expect(warnings).toContainText('train has only 2 items');
	await expect(warnings).toContainText('no test score');
	// A val under 10 is refused with the rule, and a valid split can be used again.
	await split.getByRole('spinbutton', { name: 'Val' }).fill('9');
	await expect(dialog.getByTestId('import-errors')).toContainText('val needs at least 10 items');
	await expect(dialog.getByRole('button', { name: 'Use this pack' })).toBeDisabled();
	await split.getByRole('spinbutton', { name: 'Val' }).fill('10');
	await expect(dialog.getByRole('button', { name: 'Use this pack' })).toBeEnabled();
	await dialog.getByRole('button', { name: 'Use this pack' }).click();
	await expect(page.getByText('this run will have no test score')).toBeVisible();
});

test('a 20-row import trains after setting train 6 · val 10 · test 4', async ({ page }) => {
	await page.goto('/?engine=scripted&scenario=clean');
	await importFile(page, 'twenty.csv', csv(20));
	const split = page.getByTestId('import-split');
	await split.getByRole('spinbutton', { name: 'Train' }).fill('6');
	await split.getByRole('spinbutton', { name: 'Test' }).fill('4');
	await expect(page.getByTestId('import-summary')).toContainText(
		'20 items → train 6 · val 10 · test 4'
	);
	await page.getByRole('button', { name: 'Use this pack' }).click();
	await expect(page.getByTestId('split-sizes')).toContainText('train 6 · val 10 · test 4');
	// The Task menu names the imported pack.
	await expect(page.getByTestId('family-select').locator('option:checked')).toHaveText(
		'Imported: twenty'
	);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	await page.getByRole('spinbutton', { name: 'Epochs' }).fill('1');
	await page.getByRole('button', { name: 'Start training' }).click();
	await expect(page.locator('[data-testid="run-status"][data-status="finished"]')).toBeVisible({
		timeout: 20_000
	});
	await expect(page.getByTestId('run-summary')).toContainText('Test:');
	await expect(page.getByTestId('step-row').first()).toBeVisible();
});

test('changing split sizes keeps the imported pack, and the Task menu goes back to it', async ({
	page
}) => {
	await page.goto('/');
	await importFile(page, 'sums.csv', csv(30));
	await page.getByRole('button', { name: 'Use this pack' }).click();
	const summary = page.getByTestId('pack-summary');
	await expect(summary).toContainText('imported from sums.csv');
	await expect(page.getByTestId('split-sizes')).toContainText('train 10 · val 10 · test 10');
	await page.getByText('Split sizes').click();
	await page.getByTestId('size-test').fill('4');
	await page.getByTestId('size-val').fill('12');
	await expect(page.getByTestId('split-sizes')).toContainText('val 12');
	await expect(summary).toContainText('imported from sums.csv');
	await page.getByTestId('size-train').fill('14');
	await expect(page.getByTestId('split-sizes')).toContainText('train 14 · val 12 · test 4');
	// More than there are items is refused and changes nothing.
	await page.getByTestId('size-test').fill('40');
	await expect(page.getByRole('alert')).toContainText('there are only');
	await expect(page.getByTestId('split-sizes')).toContainText('train 14 · val 12 · test 4');
	await page.getByTestId('size-test').fill('4');

	await page.getByTestId('family-select').selectOption('coin-flip');
	await expect(summary).toContainText('Coin flip');
	await page.getByTestId('family-select').selectOption({ label: 'Imported: sums' });
	await expect(summary).toContainText('imported from sums.csv');
	await expect(page.getByTestId('split-sizes')).toContainText('train 14 · val 12 · test 4');

	// After a reload on a built-in family, the imported pack is still on offer.
	await page.getByTestId('family-select').selectOption('coin-flip');
	await expect(summary).toContainText('Coin flip');
	// The pack records are written just after the change: wait for both kinds to be stored.
	await expect.poll(() => page.evaluate(storedPackKinds)).toEqual(['built-in', 'imported']);
	await page.reload();
	await expect(summary).toContainText('Coin flip');
	await page.getByTestId('family-select').selectOption({ label: 'Imported: sums' });
	await expect(page.getByTestId('split-sizes')).toContainText('train 14 · val 12 · test 4');
});

test('Start is disabled, with the reason, while the train split is empty', async ({ page }) => {
	await page.goto('/?engine=scripted');
	const pack = {
		format: 'skillopt-playground.pack.v1',
		id: 'val-only',
		title: 'Val only',
		grader: { type: 'exact' },
		prompt: { template: '{{input}}', contract: 'Finish with a final line: Answer: <answer>' },
		items: Array.from({ length: 12 }, (_, i) => ({
			id: `v${i}`,
			input: `Say ${i}`,
			answer: String(i),
			split: 'val'
		}))
	};
	await importFile(page, 'val-only.pack.json', JSON.stringify(pack));
	await page.getByRole('button', { name: 'Use this pack' }).click();
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByTestId('model-loaded')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Start training' })).toBeDisabled();
	await expect(page.getByTestId('start-blocked')).toContainText('the train split is empty');
});
