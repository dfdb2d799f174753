import { describe, expect, it } from 'vitest';
import { booleanExpressions } from '../../../../src/core/packs/families/boolean-expressions.ts';
import { booleanExpressionsLessons } from '../../../../workers/engines/scripted/lessons/boolean-expressions.ts';
import { checkFamily, sampleItems } from './family-checks.ts';

checkFamily(booleanExpressions, booleanExpressionsLessons);

describe('boolean-expressions specifics', () => {
	const items = sampleItems(booleanExpressions);
	const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);

	it('binds not tighter than and, and and tighter than or', () => {
		expect(booleanExpressions.solve('True or False and False is')).toBe('True');
		expect(booleanExpressions.solve('not False and False is')).toBe('False');
		expect(booleanExpressions.solve('not ( False and False ) is')).toBe('True');
		expect(booleanExpressions.solve('False and False or True is')).toBe('True');
	});

	it('refuses unbalanced parentheses and unknown words', () => {
		expect(() => booleanExpressions.solve('( True and False is')).toThrow(/missing "\)"/);
		expect(() => booleanExpressions.solve('True xor False is')).toThrow(/trailing/);
	});

	it('makes precedence decide the answer on a fair share of items above level 1', () => {
		for (const level of [2, 3]) {
			const share =
				at(level).filter((i) => i.meta?.features?.precedenceMatters === true).length /
				at(level).length;
			expect(share, `difficulty ${level}`).toBeGreaterThan(0.15);
		}
	});

	it('nests parentheses at least two deep at difficulty 3', () => {
		expect(at(3).every((i) => Number(i.meta?.features?.depth) >= 2)).toBe(true);
		expect(Math.max(...at(1).map((i) => Number(i.meta?.features?.operators)))).toBeLessThanOrEqual(
			2
		);
	});

	it('keeps True and False roughly balanced at every difficulty', () => {
		for (const level of booleanExpressions.difficulties) {
			const share = at(level).filter((i) => i.answer === 'True').length / at(level).length;
			expect(share, `difficulty ${level}`).toBeGreaterThan(0.35);
			expect(share, `difficulty ${level}`).toBeLessThan(0.65);
		}
	});
});
