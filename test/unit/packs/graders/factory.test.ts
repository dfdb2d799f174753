import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	createGrader,
	describeGrader,
	GraderError
} from '../../../../src/core/packs/graders/index.ts';
import type { GraderSpec, PackItem, PredicateRunner } from '../../../../src/core/packs/types.ts';
import { grade, item } from './helpers.ts';

const flakyRunner: PredicateRunner = {
	async run(_code, output) {
		if (output.length % 3 === 0) throw new Error('boom\nwith a second line');
		if (output.length % 3 === 1) return output.length / 7;
		return { hard: 1, soft: 1 };
	}
};

// One spec of every type, each with an item it can grade.
const cases: Array<[GraderSpec, PackItem]> = [
	[{ type: 'exact' }, item('yes')],
	[{ type: 'exact', tag: 'answer', aliases: ['y'] }, item(['yes', 'yeah'])],
	[{ type: 'numeric', relTol: 0.01 }, item('1,234')],
	[{ type: 'choice', letters: 'ABCDE' }, item('(B)', { choices: { A: 'red', B: 'blue' } })],
	[{ type: 'word_list' }, item('apple banana cherry')],
	[{ type: 'regex', pattern: '^\\s*\\{', flags: 'u' }, item(undefined)],
	[
		{
			type: 'json_fields',
			fields: { a: 'number', b: 'date', c: 'noun', d: 'list', e: 'string' },
			requireBare: true,
			noExtraKeys: true
		},
		item({ a: 1, b: '2025-01-02', c: 'boxes', d: ['x'], e: null })
	],
	[
		{ type: 'constraints' },
		item(undefined, {
			checks: [
				{ op: 'maxWords', arg: 5 },
				{ op: 'isJson' },
				{ op: 'sectionHeaders', arg: { min: 1 } }
			]
		})
	],
	[{ type: 'js', code: 'return true' }, item(undefined)],
	[
		{ type: 'all', of: [{ type: 'numeric' }, { type: 'regex', pattern: 'x' }], weights: [2, 1] },
		item(3)
	],
	[{ type: 'any', of: [{ type: 'exact' }, { type: 'js', code: 'f' }] }, item('no')]
];

describe('createGrader', () => {
	it('throws a GraderError for an unknown type or a bad option', () => {
		const unknown = { type: 'fuzzy' } as unknown as GraderSpec;
		expect(() => createGrader(unknown)).toThrow(GraderError);
		expect(() => createGrader(unknown)).toThrow('unknown grader type "fuzzy"');
		expect(() => createGrader({ type: 'numeric', absTol: -1 })).toThrow(/absTol/);
		expect(() => createGrader({ type: 'exact', marker: ' ' })).toThrow(/marker/);
		expect(() => createGrader({ type: 'exact', tag: '<a>' })).toThrow(/tag/);
		expect(() => createGrader({ type: 'choice', letters: 'AAB' })).toThrow(/repeat/);
		try {
			createGrader(unknown);
		} catch (error) {
			expect(error instanceof Error && error.name).toBe('GraderError');
		}
	});

	it('keeps the spec it was created with', () => {
		const spec: GraderSpec = { type: 'numeric', absTol: 1 };
		expect(createGrader(spec).spec).toBe(spec);
	});
});

describe('per-item grader overrides', () => {
	it('merges an override of the same type (or none) over the pack spec', async () => {
		const spec: GraderSpec = { type: 'numeric' };
		expect((await grade(spec, 'Answer: 10.4', item(10))).hard).toBe(0);
		expect((await grade(spec, 'Answer: 10.4', item(10, { grader: { absTol: 0.5 } }))).hard).toBe(1);
		expect(
			(await grade(spec, 'Answer: 10.4', item(10, { grader: { type: 'numeric', absTol: 0.5 } })))
				.hard
		).toBe(1);
		expect((await grade(spec, 'Final: 10', item(10, { grader: { marker: 'Final:' } }))).hard).toBe(
			1
		);
	});

	it('uses an override of another type as the whole spec', async () => {
		const r = await grade(
			{ type: 'numeric' },
			'Answer: ten',
			item('ten', { grader: { type: 'exact' } })
		);
		expect(r.hard).toBe(1);
	});

	it('scores 0 with the reason when an override is invalid, without throwing', async () => {
		const r = await grade({ type: 'numeric' }, 'Answer: 1', item(1, { grader: { absTol: -2 } }));
		expect(r).toEqual({
			hard: 0,
			soft: 0,
			explanation:
				'invalid grader override on item: numeric grader: absTol must be a non-negative number'
		});
	});
});

describe('describeGrader', () => {
	it('summarises each grader type in one short line', () => {
		expect(describeGrader({ type: 'numeric', absTol: 0.01 })).toBe(
			"number on the 'Answer:' line (±0.01)"
		);
		expect(describeGrader({ type: 'exact' })).toBe("exact answer on the 'Answer:' line (any case)");
		expect(describeGrader({ type: 'exact', tag: 'answer', caseInsensitive: false })).toBe(
			'exact answer in <answer> (case-sensitive)'
		);
		expect(describeGrader({ type: 'choice', letters: 'ABCD' })).toBe(
			"option letter (A–D) on the 'Answer:' line"
		);
		expect(describeGrader({ type: 'regex', pattern: '^Dear', flags: 'i' })).toBe(
			'output matches /^Dear/i'
		);
		expect(
			describeGrader({ type: 'json_fields', fields: { a: 'number' }, requireBare: true })
		).toBe('JSON fields a (number); bare JSON only');
		expect(
			describeGrader({ type: 'all', of: [{ type: 'numeric' }, { type: 'js', code: 'x' }] })
		).toBe(
			"all of: number on the 'Answer:' line (exact); JavaScript predicate in the sandbox (50 ms per item)"
		);
		expect(describeGrader({ type: 'magic' } as unknown as GraderSpec)).toBe(
			'unknown grader type "magic"'
		);
		for (const [spec] of cases) {
			const text = describeGrader(spec);
			expect(text.length).toBeGreaterThan(5);
			expect(text).not.toContain('\n');
		}
	});
});

describe('every grader', () => {
	const awkward = [
		'',
		'\n\n\n',
		'Answer:',
		'**Answer:** 12\n**Answer:** (B)\n\nAnswer: yes\nand then\nmore lines',
		'{"a": 1, "b": "2025-01-02"}\n\n{"c": "box"}',
		'```json\n{"a": "1"\n```',
		'<answer>yes</answer>\n# Heading\n- bullet\n',
		'😀 émoji ﬁ ligature ١٢٣ Answer: ١٢٣',
		'{'.repeat(5000) + '}'.repeat(10),
		'Answer: ' + '9'.repeat(400)
	];

	it('explains every outcome in one line, success or failure', async () => {
		for (const [spec, target] of cases) {
			const grader = createGrader(spec, { predicates: flakyRunner });
			for (const output of awkward) {
				const r = await grader.grade(output, target);
				expect(r.explanation, `${spec.type} on ${JSON.stringify(output.slice(0, 30))}`).not.toMatch(
					/[\r\n]/
				);
				expect(r.explanation.length).toBeGreaterThan(0);
				expect(r.explanation.length).toBeLessThanOrEqual(240);
			}
		}
	});

	it('grades a huge output quickly', async () => {
		const huge = `${'The coin is flipped, then 42 more words (A) {x} 1,234. '.repeat(40_000)}\nAnswer: 15`;
		const started = performance.now();
		for (const [spec, target] of cases) {
			const r = await createGrader(spec, { predicates: flakyRunner }).grade(huge, target);
			expect(r.hard).toBeGreaterThanOrEqual(0);
		}
		expect((await grade({ type: 'numeric' }, huge, item(15))).hard).toBe(1);
		expect(performance.now() - started).toBeLessThan(8000);
	});

	it('never throws and keeps hard and soft in [0, 1] for arbitrary outputs', async () => {
		const pieces = fc.constantFrom(
			'Answer:',
			'**Answer:**',
			'\n',
			' ',
			'(B)',
			'15',
			'1,234',
			'$5',
			'3/4',
			'12%',
			'-7',
			'{',
			'}',
			'"',
			'```',
			'<answer>',
			'</answer>',
			'# ',
			'- ',
			'yes',
			'apple banana',
			'2025-01-02',
			'\\'
		);
		const outputs = fc.oneof(
			fc.string({ unit: 'grapheme' }),
			fc.array(pieces, { maxLength: 30 }).map((p) => p.join(''))
		);
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...cases), outputs, async ([spec, target], output) => {
				const r = await createGrader(spec, { predicates: flakyRunner }).grade(output, target);
				expect(r.hard).toBeGreaterThanOrEqual(0);
				expect(r.hard).toBeLessThanOrEqual(1);
				expect(r.soft).toBeGreaterThanOrEqual(0);
				expect(r.soft).toBeLessThanOrEqual(1);
				expect(typeof r.explanation).toBe('string');
				expect(r.explanation).not.toMatch(/[\r\n]/);
			}),
			{ numRuns: 400 }
		);
	});
});
