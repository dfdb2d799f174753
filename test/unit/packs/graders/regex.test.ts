import { describe, expect, it } from 'vitest';
import { createGrader, GraderError } from '../../../../src/core/packs/graders/index.ts';
import { grade, item } from './helpers.ts';

describe('regex grader', () => {
	it('scores a match as hard = soft = 1 and a miss as 0, with the pattern in the reason', async () => {
		const spec = { type: 'regex', pattern: '^Dear \\w+', flags: 'm' } as const;
		expect(await grade(spec, 'Hi\nDear Ana,', item(undefined))).toEqual({
			hard: 1,
			soft: 1,
			explanation: 'matches /^Dear \\w+/m'
		});
		expect(await grade(spec, 'Hello Ana', item(undefined))).toEqual({
			hard: 0,
			soft: 0,
			explanation: 'no match for /^Dear \\w+/m'
		});
	});

	it('honours the i flag', async () => {
		expect(
			(await grade({ type: 'regex', pattern: 'paris', flags: 'i' }, 'PARIS', item(undefined))).hard
		).toBe(1);
		expect((await grade({ type: 'regex', pattern: 'paris' }, 'PARIS', item(undefined))).hard).toBe(
			0
		);
	});

	it('gives the same answer every time even with the g flag', async () => {
		const grader = createGrader({ type: 'regex', pattern: 'a', flags: 'g' });
		const scores = [];
		for (let i = 0; i < 3; i++) scores.push((await grader.grade('a', item(undefined))).hard);
		expect(scores).toEqual([1, 1, 1]);
	});

	it('throws a GraderError naming the pattern and the reason when it does not compile', () => {
		expect(() => createGrader({ type: 'regex', pattern: '(unclosed' })).toThrow(GraderError);
		expect(() => createGrader({ type: 'regex', pattern: '(unclosed' })).toThrow(
			/regex \/\(unclosed\/ does not compile: .*(unterminated|missing|\))/i
		);
		expect(() => createGrader({ type: 'regex', pattern: 'a', flags: 'q' })).toThrow(
			/does not compile/
		);
	});
});
