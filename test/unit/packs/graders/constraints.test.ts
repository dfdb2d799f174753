import { describe, expect, it } from 'vitest';
import {
	compileChecks,
	CONSTRAINT_OPS,
	GraderError
} from '../../../../src/core/packs/graders/index.ts';
import type { ConstraintCheck } from '../../../../src/core/packs/types.ts';
import { grade, item } from './helpers.ts';

const spec = { type: 'constraints' } as const;

async function check(op: ConstraintCheck['op'], arg: ConstraintCheck['arg'], output: string) {
	const checks: ConstraintCheck[] = arg === undefined ? [{ op }] : [{ op, arg }];
	return (await grade(spec, output, item(undefined, { checks }))).hard;
}

describe('constraint operations', () => {
	// [op, arg, an output that passes, an output that fails]
	const cases: Array<[ConstraintCheck['op'], ConstraintCheck['arg'], string, string]> = [
		['minWords', 3, 'one two three', 'one two'],
		['maxWords', 3, 'one two\nthree', 'one two three four'],
		['minSentences', 2, 'First one. Second one!', 'Only one sentence here.'],
		['maxSentences', 1, 'Just this.', 'One. Two? Three.'],
		['mustInclude', ['budget', 'Q3'], 'The Q3 budget is set.', 'The budgeting for Q3 is set.'],
		['mustInclude', 'dog', 'A DOG barked.', 'A hotdog.'],
		['mustExclude', ['very'], 'It was every bit good.', 'It was very good.'],
		['startsWith', 'Dear team', 'dear team, hello', 'Hello, dear team'],
		[
			'endsWith',
			'Any questions?',
			'That is all. Any questions?  \n',
			'Any questions? That is all.'
		],
		['bulletCount', 3, '- a\n* b\n+ c', '- a\n- b'],
		['bulletCount', { min: 2 }, '- a\n- b\n- c', '- a\n1. b'],
		['bulletCount', { max: 1 }, 'no bullets', '- a\n- b'],
		['paragraphCount', 2, 'First.\n\nSecond.', 'First.\nStill first.'],
		['paragraphCount', { min: 2, max: 3 }, 'a\n\nb\n\n\nc', 'a\n\nb\n\nc\n\nd'],
		['isJson', undefined, '{"a": [1, 2]}', '{a: 1}'],
		['isJson', true, '```json\n{"a": 1}\n```', 'Here: {"a": 1}'],
		['allLowercase', undefined, 'all quiet here', 'Not quiet'],
		['allUppercase', undefined, 'LOUD NOISES!', 'LOUD noises'],
		['noCommas', undefined, 'No commas here.', 'One, two.'],
		['wrappedInQuotes', undefined, ' "quoted text" ', '"half quoted'],
		['sectionHeaders', 2, '# Intro\ntext\n## Body\n```\n# not a heading\n```', '# Only one'],
		['sectionHeaders', { min: 1 }, '### Notes', '#hashtag']
	];

	for (const [op, arg, passing, failing] of cases) {
		it(`${op} ${JSON.stringify(arg) ?? ''} passes and fails as written`, async () => {
			expect(await check(op, arg, passing)).toBe(1);
			expect(await check(op, arg, failing)).toBe(0);
		});
	}

	it('covers every listed operation', () => {
		expect(new Set(cases.map(([op]) => op))).toEqual(new Set(CONSTRAINT_OPS));
	});

	it('treats an output without letters as neither lowercase nor uppercase', async () => {
		expect(await check('allLowercase', undefined, '123 !')).toBe(0);
		expect(await check('allUppercase', undefined, '')).toBe(0);
	});
});

describe('constraints grader', () => {
	const checks: ConstraintCheck[] = [
		{ op: 'maxWords', arg: 5 },
		{ op: 'noCommas' },
		{ op: 'mustInclude', arg: 'sun' },
		{ op: 'endsWith', arg: '.' }
	];

	it('gives hard credit when all checks pass', async () => {
		expect(await grade(spec, 'The sun is up.', item(undefined, { checks }))).toEqual({
			hard: 1,
			soft: 1,
			explanation: 'all 4 checks pass'
		});
	});

	it('scores the fraction passed and names each failure with what was found', async () => {
		const r = await grade(spec, 'Well, the sun rose over the hills', item(undefined, { checks }));
		expect(r.hard).toBe(0);
		expect(r.soft).toBeCloseTo(1 / 4);
		expect(r.explanation).toBe(
			"1/4 checks pass; failed maxWords 5 (7 words), noCommas (1 comma), endsWith '.'"
		);
	});

	it('scores an item without checks, or with an unknown op, as 0 with a reason', async () => {
		expect((await grade(spec, 'x', item(undefined))).explanation).toBe(
			'item has no constraint checks'
		);
		const unknown = [{ op: 'rhymes', arg: true }] as unknown as ConstraintCheck[];
		const r = await grade(spec, 'x', item(undefined, { checks: unknown }));
		expect(r).toMatchObject({ hard: 0, soft: 0 });
		expect(r.explanation).toMatch(/^invalid checks: unknown constraint op "rhymes"/);
	});
});

describe('compileChecks', () => {
	it('throws a GraderError for unknown operations and malformed arguments', () => {
		const bad: unknown[] = [
			[{ op: 'rhymes' }],
			[{ op: 'minWords', arg: -1 }],
			[{ op: 'minWords', arg: 'ten' }],
			[{ op: 'mustInclude', arg: [] }],
			[{ op: 'startsWith', arg: '' }],
			[{ op: 'bulletCount', arg: { min: 3, max: 2 } }],
			[{ op: 'bulletCount', arg: {} }],
			[{ op: 'noCommas', arg: 'yes' }],
			'not a list'
		];
		for (const checks of bad) {
			expect(() => compileChecks(checks), JSON.stringify(checks)).toThrow(GraderError);
		}
	});

	it('compiles valid checks', () => {
		expect(compileChecks([{ op: 'minWords', arg: 2 }, { op: 'isJson' }]).map((c) => c.op)).toEqual([
			'minWords',
			'isJson'
		]);
	});
});
