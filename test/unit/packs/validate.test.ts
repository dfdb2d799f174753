import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import { parsePack } from '../../../src/core/packs/format.ts';
import { createGrader } from '../../../src/core/packs/graders/index.ts';
import { renderGold, validatePack } from '../../../src/core/packs/validate.ts';
import type { GraderSpec, JsonValue, PackItem, TaskPack } from '../../../src/core/packs/types.ts';

const hasher = createSha256Hasher(webcrypto.subtle);
const options = { createGrader: (spec: GraderSpec) => createGrader(spec) };

function pack(
	grader: GraderSpec,
	val: PackItem[],
	rest: Partial<TaskPack['splits']> = {}
): TaskPack {
	return {
		format: 'skillopt-playground.pack.v1',
		id: 'p',
		title: 'p',
		description: '',
		prompt: { template: '{{input}}\n\n{{contract}}', contract: 'Answer: <x>' },
		generation: { maxTokens: 64, temperature: 0, stop: [] },
		grader,
		gate: { metric: 'hard', minDeltaItems: 1, mixedWeight: 0.5 },
		initialSkill: '',
		splits: { train: rest.train ?? [], val, test: rest.test ?? [] }
	};
}

/** Ten well-formed numeric items, so val is large enough unless a test says otherwise. */
const tenNumeric = (prefix = 'n'): PackItem[] =>
	Array.from({ length: 10 }, (_, i) => ({
		id: `${prefix}${i}`,
		input: `${i}+1?`,
		answer: String(i + 1)
	}));

const codes = (list: { code: string }[]): string[] => list.map((i) => i.code);

describe('validatePack', () => {
	it('passes a well-formed pack, checking its gold through the real graders', async () => {
		const json: unknown = JSON.parse(
			readFileSync(
				new URL('../../fixtures/imports/tiny-addition.pack.json', import.meta.url),
				'utf8'
			)
		);
		const parsed = await parsePack(json, hasher);
		if (!parsed.ok) throw new Error('fixture should parse');
		expect(await validatePack(parsed.pack, options)).toEqual({ errors: [], warnings: [] });
	});

	it('reports duplicate ids in a split and ids shared by two splits', async () => {
		const val = [...tenNumeric(), { id: 'n3', input: 'again', answer: '1' }];
		const report = await validatePack(
			pack({ type: 'numeric' }, val, { test: [{ id: 'n1', input: 'x', answer: '2' }] }),
			options
		);
		expect(report.errors.map((e) => e.message)).toEqual([
			"val item 10 (id 'n3'): duplicate id 'n3' (also val item 3 (id 'n3'))",
			"test item 0 (id 'n1'): id 'n1' is in both val and test"
		]);
	});

	it('reports missing inputs and a val split under 10 items', async () => {
		const report = await validatePack(
			pack({ type: 'numeric' }, [
				{ id: 'a', answer: '1' },
				{ id: 'b', input: ' ', answer: '2' }
			]),
			options
		);
		expect(codes(report.errors)).toEqual(['val-too-small', 'missing-input', 'missing-input']);
		expect(report.errors[1]?.message).toBe(
			"val item 0 (id 'a'): missing input (needs input, vars or messages)"
		);
		expect(report.errors[0]?.message).toMatch(/^val has 2 items; at least 10/u);
	});

	it('checks the answer type against the grader', async () => {
		const numeric = await validatePack(
			pack({ type: 'numeric' }, [...tenNumeric(), { id: 'w', input: 'q', answer: 'twelve' }]),
			options
		);
		expect(numeric.errors.map((e) => e.message)).toEqual([
			'val item 10 (id \'w\'): numeric gold must be a number, got "twelve"'
		]);

		const choiceItems: PackItem[] = Array.from({ length: 10 }, (_, i) => ({
			id: `c${i}`,
			input: 'Pick',
			choices: { A: 'x', B: 'y' },
			answer: i === 0 ? 'y' : i === 1 ? 'C' : '(B)'
		}));
		const choice = await validatePack(pack({ type: 'choice' }, choiceItems), options);
		expect(choice.errors.map((e) => e.message)).toEqual([
			"val item 0 (id 'c0'): choice gold must be a letter such as 'B', got \"y\"",
			"val item 1 (id 'c1'): choice gold 'C' is not among the item's choices"
		]);

		const fields = { customer: 'string', quantity: 'number' } as const;
		const golds: JsonValue[] = [{ customer: 'Bo' }, { customer: 'Bo', quantity: 'four' }];
		const jsonItems: PackItem[] = Array.from({ length: 10 }, (_, i) => ({
			id: `j${i}`,
			input: 'Extract',
			answer: golds[i] ?? { customer: 'Bo', quantity: 4 }
		}));
		const json = await validatePack(pack({ type: 'json_fields', fields }, jsonItems), options);
		expect(json.errors.map((e) => e.message)).toEqual([
			"val item 0 (id 'j0'): json_fields gold has no 'quantity' field",
			"val item 1 (id 'j1'): json_fields gold 'quantity' should be a number, got \"four\""
		]);
	});

	it('fails loudly on a regex that does not compile, in the pack grader or an item override', async () => {
		const packLevel = await validatePack(
			pack({ type: 'regex', pattern: '(unclosed' }, tenNumeric()),
			options
		);
		expect(codes(packLevel.errors)).toEqual(['bad-regex']);
		expect(packLevel.errors[0]?.message).toMatch(/^grader: regex \/\(unclosed\/ does not compile/u);

		const items = tenNumeric();
		items[2] = { id: 'r', input: 'q', grader: { type: 'regex', pattern: '[a-' } };
		const itemLevel = await validatePack(pack({ type: 'numeric' }, items), options);
		expect(itemLevel.errors[0]).toMatchObject({
			code: 'bad-regex',
			itemId: 'r',
			path: 'splits.val[2].grader'
		});
	});

	it('rejects gold answers that the pack grader itself does not accept, listing the first few', async () => {
		const items = Array.from({ length: 12 }, (_, i) => ({
			id: `e${i}`,
			input: 'q',
			answer: i < 8 ? ' ' : 'yes'
		}));
		const report = await validatePack(pack({ type: 'exact' }, items), options);
		expect(codes(report.errors)).toEqual(Array(6).fill('gold-rejected'));
		expect(report.errors[0]?.message).toMatch(
			/^val item 0 \(id 'e0'\): the grader rejects the item's own gold answer: item has no gold answer/u
		);
		expect(report.errors[5]?.message).toBe('the grader rejects the gold answer of 3 more items');
	});

	it('renders gold through the contract: marker line, tag, or bare JSON', () => {
		expect(renderGold({ type: 'numeric', marker: 'Final:' }, { id: 'a', answer: 42 })).toBe(
			'Final: 42'
		);
		expect(renderGold({ type: 'exact', tag: 'answer' }, { id: 'a', answer: ['yes', 'y'] })).toBe(
			'<answer>yes</answer>'
		);
		expect(
			renderGold({ type: 'json_fields', fields: { a: 'number' } }, { id: 'a', answer: { a: 1 } })
		).toBe('{"a":1}');
		expect(renderGold({ type: 'word_list' }, { id: 'a', answer: ['b', 'c'] })).toBe('Answer: b c');
	});

	it('skips the gold check for graders that have no gold', async () => {
		const items: PackItem[] = Array.from({ length: 10 }, (_, i) => ({
			id: `g${i}`,
			input: 'Name a city'
		}));
		const report = await validatePack(
			pack({ type: 'regex', pattern: 'Paris|Rome' }, items),
			options
		);
		expect(report).toEqual({ errors: [], warnings: [] });
	});

	it('warns when every check is about form only, and not when one checks content', async () => {
		const items: PackItem[] = Array.from({ length: 10 }, (_, i) => ({
			id: `s${i}`,
			input: 'Write',
			checks: [
				{ op: 'bulletCount', arg: 3 },
				{ op: 'maxWords', arg: 50 }
			]
		}));
		const shape = await validatePack(
			pack(
				{
					type: 'all',
					of: [{ type: 'constraints' }, { type: 'regex', pattern: '^#{1,3} \\S', flags: 'm' }]
				},
				items
			),
			options
		);
		expect(codes(shape.warnings)).toEqual(['shape-only']);
		expect(shape.errors).toEqual([]);
		const content = await validatePack(
			pack(
				{ type: 'all', of: [{ type: 'constraints' }, { type: 'regex', pattern: 'Paris' }] },
				items
			),
			options
		);
		expect(content.warnings).toEqual([]);
		items[0] = { ...items[0], id: 's0', checks: [{ op: 'mustInclude', arg: 'Rome' }] };
		const oneContent = await validatePack(pack({ type: 'constraints' }, items), options);
		expect(oneContent.warnings).toEqual([]);
	});

	it('warns that a pack with a js grader contains code, without running it', async () => {
		let created = 0;
		const report = await validatePack(pack({ type: 'js', code: 'while (true) {}' }, tenNumeric()), {
			createGrader: (spec) => {
				created++;
				return createGrader(spec);
			}
		});
		expect(codes(report.warnings)).toEqual(['contains-code']);
		expect(report.errors).toEqual([]);
		expect(created).toBe(1);
	});
});

describe('validatePack on constraint checks', () => {
	it('rejects a check whose argument the grader cannot use', async () => {
		const items = Array.from({ length: 12 }, (_, i) => ({
			id: `c${i}`,
			input: 'Write a haiku.',
			checks: [{ op: 'maxWords' as const, arg: i === 0 ? 'many' : 20 }]
		}));
		const report = await validatePack(
			{
				format: 'skillopt-playground.pack.v1',
				id: 'c',
				title: 'c',
				description: '',
				prompt: { template: '{{input}}', contract: '' },
				generation: { maxTokens: 64, temperature: 0, stop: [] },
				grader: { type: 'constraints' },
				gate: { metric: 'hard', minDeltaItems: 1, mixedWeight: 0.5 },
				initialSkill: '',
				splits: { train: [], val: items, test: [] }
			},
			{ createGrader: (spec) => createGrader(spec) }
		);
		expect(report.errors.map((e) => e.itemId)).toEqual(['c0']);
		expect(report.errors[0]?.message).toMatch(/maxWords/);
	});
});
