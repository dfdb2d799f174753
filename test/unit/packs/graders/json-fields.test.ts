import { describe, expect, it } from 'vitest';
import {
	createGrader,
	GraderError,
	nounsEqual,
	parseDate
} from '../../../../src/core/packs/graders/index.ts';
import type { GraderSpec } from '../../../../src/core/packs/types.ts';
import { grade, item } from './helpers.ts';

const spec: GraderSpec = {
	type: 'json_fields',
	fields: {
		customer: 'string',
		date: 'date',
		item: 'noun',
		quantity: 'number',
		unitPrice: 'number',
		tags: 'list'
	}
};
const gold = item({
	customer: 'Bruno Berg',
	date: '3 Aug 2025',
	item: 'mouse pad',
	quantity: 4,
	unitPrice: 99.6,
	tags: ['office', 'urgent']
});
const right = {
	customer: ' Bruno Berg ',
	date: '2025-08-03',
	item: 'Mouse Pads',
	quantity: 4,
	unitPrice: 99.6,
	tags: ['urgent', 'Office']
};

describe('dates and nouns', () => {
	it('parses ISO and month-name dates and refuses ambiguous all-numeric ones', () => {
		expect(parseDate('2025-08-03')).toBe('2025-08-03');
		expect(parseDate('2025/8/3')).toBe('2025-08-03');
		expect(parseDate('3 Aug 2025')).toBe('2025-08-03');
		expect(parseDate('3rd of August, 2025')).toBe('2025-08-03');
		expect(parseDate('Sunday, August 3, 2025')).toBe('2025-08-03');
		expect(parseDate('Sept 30 2025')).toBe('2025-09-30');
		expect(parseDate('08/03/2025')).toBeUndefined();
		expect(parseDate('29 Feb 2023')).toBeUndefined();
		expect(parseDate('29 Feb 2024')).toBe('2024-02-29');
		expect(parseDate('3 Augustus 2025')).toBeUndefined();
	});

	it('compares nouns ignoring case and plural', () => {
		expect(nounsEqual('mouse pads', 'Mouse pad')).toBe(true);
		expect(nounsEqual('boxes', 'box')).toBe(true);
		expect(nounsEqual('berries', 'berry')).toBe(true);
		expect(nounsEqual('shoes', 'shoe')).toBe(true);
		expect(nounsEqual('glasses', 'glass')).toBe(true);
		expect(nounsEqual('mice', 'mouse')).toBe(true);
		expect(nounsEqual('mouse pad', 'desk pad')).toBe(false);
		expect(nounsEqual('cat', 'dog')).toBe(false);
	});
});

describe('json_fields grader', () => {
	it('gives hard credit when every field is right in bare JSON', async () => {
		expect(await grade(spec, JSON.stringify(right), gold)).toEqual({
			hard: 1,
			soft: 1,
			explanation: 'all 6 fields right (bare JSON)'
		});
	});

	it('lists each wrong or missing field and scores the fraction right', async () => {
		const { date: _date, ...noDate } = right;
		const r = await grade(spec, JSON.stringify({ ...noDate, quantity: 3 }), gold);
		expect(r.hard).toBe(0);
		expect(r.soft).toBeCloseTo(4 / 6);
		expect(r.explanation).toBe('missing field date; quantity 3 ≠ 4; 4/6 fields right');
	});

	it('wants numbers as numbers and ISO dates unless strictTypes is false', async () => {
		const loose = await grade(
			spec,
			JSON.stringify({ ...right, unitPrice: '$99.60', date: '3 Aug 2025' }),
			gold
		);
		expect(loose.hard).toBe(0);
		expect(loose.explanation).toContain(
			'unitPrice is a string ("$99.60"), expected the number 99.6'
		);
		expect(loose.explanation).toContain(`date "3 Aug 2025" is not ISO YYYY-MM-DD`);
		const lenient = { ...spec, strictTypes: false } as GraderSpec;
		expect(
			(
				await grade(
					lenient,
					JSON.stringify({ ...right, unitPrice: '$99.60', date: '3 Aug 2025' }),
					gold
				)
			).hard
		).toBe(1);
	});

	it('applies absTol to numbers', async () => {
		const output = JSON.stringify({ ...right, unitPrice: 99.61 });
		expect((await grade(spec, output, gold)).hard).toBe(0);
		expect((await grade({ ...spec, absTol: 0.02 } as GraderSpec, output, gold)).hard).toBe(1);
	});

	it('compares strings case-sensitively and lists as order-insensitive sets', async () => {
		const r = await grade(
			spec,
			JSON.stringify({ ...right, customer: 'bruno berg', tags: ['office'] }),
			gold
		);
		expect(r.explanation).toContain('customer "bruno berg" ≠ "Bruno Berg"');
		expect(r.explanation).toContain('tags list missing urgent');
	});

	it('wants an explicit null where the gold is null', async () => {
		const nullSpec: GraderSpec = {
			type: 'json_fields',
			fields: { phone: 'string', name: 'string' }
		};
		const target = item({ phone: null, name: 'Ana' });
		expect((await grade(nullSpec, '{"phone": null, "name": "Ana"}', target)).hard).toBe(1);
		const filled = await grade(nullSpec, '{"phone": "555", "name": "Ana"}', target);
		expect(filled.explanation).toBe('phone should be null, found "555"; 1/2 fields right');
		const wrongNull = await grade(nullSpec, '{"phone": null, "name": null}', target);
		expect(wrongNull.explanation).toBe('name is null, expected "Ana"; 1/2 fields right');
	});

	it('fails the shape on extra keys only when noExtraKeys is set', async () => {
		const output = JSON.stringify({ ...right, note: 'x' });
		expect((await grade(spec, output, gold)).hard).toBe(1);
		const r = await grade({ ...spec, noExtraKeys: true } as GraderSpec, output, gold);
		expect(r).toMatchObject({ hard: 0, soft: 1 });
		expect(r.explanation).toBe('extra key note; all 6 fields right');
	});

	it('accepts fenced or embedded JSON unless requireBare is set', async () => {
		const fenced = 'Here you go:\n```json\n' + JSON.stringify(right, null, 2) + '\n```\nThanks';
		expect(await grade(spec, fenced, gold)).toEqual({
			hard: 1,
			soft: 1,
			explanation: 'all 6 fields right (fenced JSON)'
		});
		const embedded = `Sure! ${JSON.stringify(right)} Hope that helps {smile}.`;
		expect((await grade(spec, embedded, gold)).explanation).toBe(
			'all 6 fields right (embedded JSON)'
		);
		const bareOnly = { ...spec, requireBare: true } as GraderSpec;
		const r = await grade(bareOnly, fenced, gold);
		expect(r).toMatchObject({ hard: 0, soft: 1 });
		expect(r.explanation).toBe('JSON is fenced, not bare; all 6 fields right');
		expect((await grade(bareOnly, `  ${JSON.stringify(right)}\n`, gold)).hard).toBe(1);
	});

	it('refuses hard credit when the output holds several objects, grading the last', async () => {
		const two = `${JSON.stringify({ ...right, quantity: 1 })}\nCorrected: ${JSON.stringify(right)}`;
		const r = await grade(spec, two, gold);
		expect(r).toMatchObject({ hard: 0, soft: 1 });
		expect(r.explanation).toBe('2 JSON objects, graded the last; all 6 fields right');
	});

	it('finds an object nested in braces of prose and survives braces inside strings', async () => {
		const output = `{note: ${JSON.stringify({ ...right, customer: 'Bruno Berg' })} }`;
		expect((await grade(spec, output, gold)).soft).toBe(1);
		const braces = { type: 'json_fields', fields: { text: 'string' } } as const;
		expect((await grade(braces, 'x {"text": "a } b"} y', item({ text: 'a } b' }))).hard).toBe(1);
	});

	it('explains an output with no JSON and an item with no gold object', async () => {
		expect(await grade(spec, 'no json here', gold)).toEqual({
			hard: 0,
			soft: 0,
			explanation: 'no JSON object in the output'
		});
		expect((await grade(spec, '{}', item('x'))).explanation).toBe('item has no gold JSON object');
	});

	it('rejects unknown field types when created', () => {
		const bad = { type: 'json_fields', fields: { a: 'integer' } } as unknown as GraderSpec;
		expect(() => createGrader(bad)).toThrow(GraderError);
		expect(() => createGrader(bad)).toThrow(/field a has unknown type "integer"/);
	});
});
