import { describe, expect, it } from 'vitest';
import { createGrader, GraderError } from '../../../../src/core/packs/graders/index.ts';
import type { GraderSpec } from '../../../../src/core/packs/types.ts';
import { grade, item } from './helpers.ts';

const hasHello: GraderSpec = { type: 'regex', pattern: 'hello', flags: 'i' };
const hasWorld: GraderSpec = { type: 'regex', pattern: 'world', flags: 'i' };
const short: GraderSpec = { type: 'regex', pattern: '^.{0,20}$', flags: 's' };

describe('all', () => {
	it('passes when every part passes', async () => {
		expect(
			await grade({ type: 'all', of: [hasHello, hasWorld] }, 'Hello world', item(undefined))
		).toEqual({
			hard: 1,
			soft: 1,
			explanation: 'all 2 checks pass'
		});
	});

	it('fails when one part fails, averages soft and names the failing part', async () => {
		const r = await grade(
			{ type: 'all', of: [hasHello, hasWorld, short] },
			'Hello there',
			item(undefined)
		);
		expect(r.hard).toBe(0);
		expect(r.soft).toBeCloseTo(2 / 3);
		expect(r.explanation).toBe('2/3 pass; failed #2 no match for /world/i');
	});

	it('weights the soft mean', async () => {
		const r = await grade(
			{ type: 'all', of: [hasHello, hasWorld], weights: [3, 1] },
			'hello',
			item(undefined)
		);
		expect(r.soft).toBeCloseTo(3 / 4);
	});

	it('mixes grader types on one output', async () => {
		const spec: GraderSpec = { type: 'all', of: [{ type: 'numeric' }, short] };
		expect((await grade(spec, 'Answer: 15', item(15))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 15 because of the long reason', item(15))).hard).toBe(0);
	});
});

describe('any', () => {
	it('passes when one part passes and says which', async () => {
		expect(
			await grade({ type: 'any', of: [hasHello, hasWorld] }, 'big world', item(undefined))
		).toEqual({
			hard: 1,
			soft: 0.5,
			explanation: '#2 of 2 passes: matches /world/i'
		});
	});

	it('fails when no part passes and lists the failures', async () => {
		const r = await grade({ type: 'any', of: [hasHello, hasWorld] }, 'bye', item(undefined));
		expect(r).toEqual({
			hard: 0,
			soft: 0,
			explanation: 'none of 2 pass: #1 no match for /hello/i; #2 no match for /world/i'
		});
	});
});

describe('combinator validation', () => {
	it('rejects empty lists, bad weights and invalid parts with the part number', () => {
		expect(() => createGrader({ type: 'all', of: [] })).toThrow(GraderError);
		expect(() => createGrader({ type: 'all', of: [hasHello], weights: [1, 2] })).toThrow(/weights/);
		expect(() => createGrader({ type: 'all', of: [hasHello], weights: [0] })).toThrow(/zero/);
		expect(() =>
			createGrader({ type: 'any', of: [hasHello, { type: 'regex', pattern: '[' }] })
		).toThrow(/any grader, part 2: regex \/\[\/ does not compile/);
	});
});
