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
		const rows = [
			{ text: 'What is 1+1?', out: '2' },
			{ text: 'What is 2+2?', out: '4' }
		];
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
		expect(mapped.ok && mapped.draft.items.map((i) => i.answer)).toEqual(['2', '4']);
	});

	it('returns the specific errors of a broken pack or a rejected promptfoo file', async () => {
		const broken = await importData(
			fixture('broken.pack.json'),
			{ fileName: 'broken.pack.json' },
			hasher
		);
		expect(broken.ok).toBe(false);
		expect(!broken.ok && broken.errors.map((e) => e.code)).toContain('missing-input');
		const promptfoo = await importData(fixture('promptfoo-tests.json'), {}, hasher);
		expect(!promptfoo.ok && promptfoo.errors.map((e) => e.code)).toEqual(['model-graded']);
		const unknown = await importData({ hello: 'world' }, {}, hasher);
		expect(!unknown.ok && unknown.errors[0]?.code).toBe('unknown-format');
	});
});
