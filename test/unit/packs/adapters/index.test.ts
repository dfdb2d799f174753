import { describe, expect, it } from 'vitest';
import { detectFormat, importData } from '../../../../src/core/packs/adapters/index.ts';
import type { ImportOptions } from '../../../../src/core/packs/adapters/index.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import { validatePack } from '../../../../src/core/packs/validate.ts';
import { fixture, hasher } from './fixtures.ts';

const validate = { createGrader: (spec: Parameters<typeof createGrader>[0]) => createGrader(spec) };

describe('detectFormat', () => {
	it('recognises each fixture from its shape', () => {
		expect(detectFormat(fixture('tiny-addition.pack.json'))).toBe('pack-v1');
		expect(detectFormat(fixture('gsm8k-style.jsonl'))).toBe('gsm8k');
		expect(detectFormat(fixture('bbh-style.json'))).toBe('bbh');
		expect(detectFormat(fixture('openai-evals-samples.jsonl'))).toBe('openai-evals');
		expect(detectFormat(fixture('promptfoo-tests.json'))).toBe('promptfoo');
		expect(detectFormat(fixture('rows-csv-like.json'))).toBe('rows');
	});

	it('reads a *.pack.json as a pack even when broken, and gives up on unknown shapes', () => {
		expect(detectFormat({ id: 'x' }, 'mine.pack.json')).toBe('pack-v1');
		expect(detectFormat(fixture('broken.pack.json'))).toBe('pack-v1');
		expect(detectFormat({ id: 'x' })).toBeNull();
		expect(detectFormat('text')).toBeNull();
		expect(detectFormat([1, 2])).toBeNull();
		expect(detectFormat([])).toBe('rows');
	});
});

describe('importData', () => {
	const cases: [string, ImportOptions][] = [
		['gsm8k-style.jsonl', {}],
		['bbh-style.json', {}],
		['openai-evals-samples.jsonl', { evalClass: 'Match' }],
		['openai-evals-samples.jsonl', { evalClass: 'FuzzyMatch' }],
		['promptfoo-tests.json', { skipModelGraded: true }],
		['rows-csv-like.json', {}],
		['tiny-addition.pack.json', {}]
	];
	for (const [name, options] of cases)
		it(`imports ${name}${options.evalClass === undefined ? '' : ` (${options.evalClass})`} into a pack that passes validation`, async () => {
			const result = await importData(fixture(name), { fileName: name, ...options }, hasher);
			if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
			const { pack } = result.draft;
			expect(pack.splits.val.length).toBeGreaterThanOrEqual(10);
			const report = await validatePack(pack, validate);
			expect(report.errors).toEqual([]);
		});

	it('fills a draft with the grader, the mapping used, the split pack and where it came from', async () => {
		const result = await importData(
			fixture('rows-csv-like.json'),
			{ fileName: 'Times Table.csv' },
			hasher
		);
		if (!result.ok) throw new Error('should import');
		const { draft } = result;
		expect(draft.format).toBe('rows');
		expect(draft.mapping).toEqual({ input: 'Question', answer: 'Label', split: 'split' });
		expect(draft.columns).toEqual(['Question', 'Label', 'split', 'notes']);
		expect(draft.grader).toEqual({ type: 'numeric' });
		expect(draft.pack.id).toBe('times-table');
		expect(draft.pack.source).toBe('imported (rows): Times Table.csv');
		expect(draft.pack.prompt.contract).toBe('Finish with a final line: Answer: <number>');
		expect([
			draft.pack.splits.train.length,
			draft.pack.splits.val.length,
			draft.pack.splits.test.length
		]).toEqual([2, 10, 2]);
	});

	it('splits items without a split by hash, deterministically', async () => {
		const rows = fixture('gsm8k-style.jsonl');
		const a = await importData(rows, { sizes: { train: 2, val: 10, test: 0 } }, hasher);
		const b = await importData(rows, { sizes: { train: 2, val: 10, test: 0 } }, hasher);
		if (!a.ok || !b.ok) throw new Error('should import');
		expect(b.draft.pack.splits).toEqual(a.draft.pack.splits);
		expect(a.draft.pack.id).toBe('gsm8k');
		const over = await importData(rows, { sizes: { train: 5, val: 10, test: 0 } }, hasher);
		expect(!over.ok && over.errors[0]?.code).toBe('split-sizes');
	});

	it('keeps a source split when asked, and uses an edited grader with its contract', async () => {
		const result = await importData(
			fixture('bbh-style.json'),
			{ split: 'val', grader: { type: 'exact' }, packId: 'colours' },
			hasher
		);
		if (!result.ok) throw new Error('should import');
		expect(result.draft.pack.splits.val).toHaveLength(12);
		expect(result.draft.pack.grader).toEqual({ type: 'exact' });
		expect(result.draft.pack.prompt.contract).toBe('Finish with a final line: Answer: <answer>');
	});

	it('asks for a column mapping when it cannot find one, and uses the one given', async () => {
		const rows = Array.from({ length: 12 }, (_, i) => ({
			text: `What is ${i}+${i}?`,
			out: String(2 * i)
		}));
		const missing = await importData(rows, {}, hasher);
		expect(missing).toEqual({
			ok: false,
			format: 'rows',
			columns: ['text', 'out'],
			errors: [
				{
					code: 'mapping-needed',
					message: 'no input column found among text, out: choose the input column'
				}
			]
		});
		const wrong = await importData(rows, { mapping: { input: 'text', answer: 'gold' } }, hasher);
		expect(!wrong.ok && wrong.errors[0]?.message).toBe("there is no column 'gold'");
		const mapped = await importData(rows, { mapping: { input: 'text', answer: 'out' } }, hasher);
		expect(mapped.ok && mapped.draft.items.map((i) => i.answer)).toEqual(
			rows.map((row) => row.out)
		);
	});

	it('refuses under 11 items with the rule, and checks the split sizes it is given', async () => {
		const rows = (n: number) =>
			Array.from({ length: n }, (_, i) => ({ question: `${i} + 1?`, answer: i + 1 }));
		const ten = await importData(rows(10), {}, hasher);
		expect(ten).toMatchObject({ ok: false, itemCount: 10 });
		expect(!ten.ok && ten.errors.map((e) => e.message)).toEqual([
			'10 items: an import needs at least 11 — 10 for val (the gate scores every candidate on ' +
				'them) and at least 1 for train (the failures the optimiser learns from)'
		]);
		const twelve = await importData(rows(12), {}, hasher);
		if (!twelve.ok) throw new Error('should import');
		const sizes = twelve.draft.pack.splits;
		expect([sizes.train.length, sizes.val.length, sizes.test.length]).toEqual([2, 10, 0]);
		expect(twelve.draft.warnings.map((w) => w.message)).toEqual([
			'train has only 2 items: each step learns from few failures (8 or more is better)',
			'test is 0: the run will report no test score, only val'
		]);
		const chosen = await importData(rows(20), { sizes: { train: 6, val: 10, test: 4 } }, hasher);
		expect(chosen.ok && chosen.draft.pack.splits.test).toHaveLength(4);
		const smallVal = await importData(rows(20), { sizes: { train: 6, val: 9, test: 4 } }, hasher);
		expect(!smallVal.ok && smallVal.errors.map((e) => e.message)).toEqual([
			'val needs at least 10 items for the gate (it has 9)'
		]);
		const noTrain = await importData(rows(20), { sizes: { train: 0, val: 10, test: 4 } }, hasher);
		expect(!noTrain.ok && noTrain.errors[0]?.code).toBe('split-sizes');
	});

	it('returns the specific errors of a broken pack or a promptfoo file refused on request', async () => {
		const broken = await importData(
			fixture('broken.pack.json'),
			{ fileName: 'broken.pack.json' },
			hasher
		);
		expect(broken.ok).toBe(false);
		expect(!broken.ok && broken.errors.map((e) => e.code)).toContain('missing-input');
		const promptfoo = await importData(
			fixture('promptfoo-tests.json'),
			{ skipModelGraded: false },
			hasher
		);
		expect(!promptfoo.ok && promptfoo.errors.map((e) => e.code)).toEqual(['model-graded']);
		const unknown = await importData({ hello: 'world' }, {}, hasher);
		expect(!unknown.ok && unknown.errors[0]?.code).toBe('unknown-format');
	});

	it('imports a promptfoo file with a model-graded test, skipping it and saying why', async () => {
		const tests = Array.from({ length: 12 }, (_, i) => ({
			vars: { q: `question ${i}` },
			assert: [{ type: 'contains', value: `answer ${i}` }]
		}));
		tests.push({ vars: { q: 'tone' }, assert: [{ type: 'llm-rubric', value: 'is polite' }] });
		tests.push({
			vars: { q: 'mixed' },
			assert: [
				{ type: 'icontains', value: 'ok' },
				{ type: 'factuality', value: 'true' }
			]
		});
		const result = await importData({ tests }, {}, hasher);
		if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
		expect(result.draft.items).toHaveLength(13);
		const warning = result.draft.warnings.find((w) => w.code === 'model-graded');
		expect(warning?.message).toMatch(
			/^1 model-graded test was skipped; 1 model-graded assert was dropped/
		);
		expect(warning?.message).toContain('no judge model in the browser');
	});

	it('recognises expected, target, label, gold and solution as answer columns', async () => {
		for (const name of ['expected', 'target', 'label', 'gold', 'solution']) {
			const rows = Array.from({ length: 12 }, (_, i) => ({ question: `${i} + 1?`, [name]: i + 1 }));
			const result = await importData(rows, {}, hasher);
			expect(result.ok && result.draft.mapping).toEqual({ input: 'question', answer: name });
		}
	});
});
