import { describe, expect, it } from 'vitest';
import { findNumbers, parseNumber } from '../../../../src/core/packs/graders/index.ts';
import { grade, item } from './helpers.ts';

describe('number reading', () => {
	it('reads separators, currency, percent, fractions, negatives and decimals', () => {
		expect(parseNumber('1,234')).toBe(1234);
		expect(parseNumber('$5')).toBe(5);
		expect(parseNumber('€5.50')).toBe(5.5);
		expect(parseNumber('12%')).toBe(12);
		expect(parseNumber('12%', { percentAsFraction: true })).toBeCloseTo(0.12);
		expect(parseNumber('3/4')).toBe(0.75);
		expect(parseNumber('-3')).toBe(-3);
		expect(parseNumber('−3')).toBe(-3);
		expect(parseNumber('-$5')).toBe(-5);
		expect(parseNumber('**0.5**')).toBe(0.5);
		expect(parseNumber('１２')).toBe(12);
	});

	it('refuses text that is not exactly one number', () => {
		expect(parseNumber('3 apples')).toBeUndefined();
		expect(parseNumber('1 2')).toBeUndefined();
		expect(parseNumber('fifteen')).toBeUndefined();
		expect(parseNumber('')).toBeUndefined();
	});

	it('keeps dates, lists and word-number mixes apart', () => {
		expect(findNumbers('1,2,3').map((n) => n.value)).toEqual([1, 2, 3]);
		expect(findNumbers('08/03/2025').map((n) => n.value)).toEqual([8]);
		expect(findNumbers('3-5 and x2').map((n) => n.value)).toEqual([3, 5]);
		expect(findNumbers('10 - 4 = 6').map((n) => n.value)).toEqual([10, 4, 6]);
	});
});

describe('numeric grader', () => {
	const spec = { type: 'numeric' } as const;

	it('gives hard credit for the gold on the Answer line and says so', async () => {
		const r = await grade(spec, 'Three plus twelve.\nAnswer: 15', item('15'));
		expect(r).toEqual({ hard: 1, soft: 1, explanation: "15 on the 'Answer:' line" });
	});

	it('explains a wrong number on the Answer line', async () => {
		const r = await grade(spec, 'Answer: 14', item(15));
		expect(r).toMatchObject({ hard: 0, soft: 0 });
		expect(r.explanation).toBe("expected 15, found 14 on the 'Answer:' line");
	});

	it('gives soft credit only when the line is missing but the last number is right', async () => {
		const r = await grade(spec, 'I count 3, then 12 more: 15 in total.', item(15));
		expect(r).toMatchObject({ hard: 0, soft: 1 });
		expect(r.explanation).toBe("no 'Answer:' line; 15 found elsewhere (soft)");
	});

	it('lets the last of several Answer lines win', async () => {
		expect((await grade(spec, 'Answer: 15\nWait.\nAnswer: 16', item(15))).hard).toBe(0);
		expect((await grade(spec, 'Answer: 16\nWait.\n**Answer:** 15', item(15))).hard).toBe(1);
	});

	it('reads thousands separators, currency, fractions, percent and negatives on the line', async () => {
		expect((await grade(spec, 'Answer: 1,234', item(1234))).hard).toBe(1);
		expect((await grade(spec, 'Answer: $5', item('5'))).hard).toBe(1);
		expect((await grade(spec, 'Answer: €5.00.', item('$5'))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 3/4', item(0.75))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 12%', item(12))).hard).toBe(1);
		expect((await grade(spec, 'Answer: -7', item('-7'))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 7', item('-7'))).hard).toBe(0);
	});

	it('reads percent as a fraction when asked, for gold and output alike', async () => {
		const asFraction = { type: 'numeric', percentAsFraction: true } as const;
		expect((await grade(asFraction, 'Answer: 12%', item(0.12))).hard).toBe(1);
		expect((await grade(asFraction, 'Answer: 0.12', item('12%'))).hard).toBe(1);
		expect((await grade(asFraction, 'Answer: 12', item('12%'))).hard).toBe(0);
	});

	it('takes the result of an equation, else the first number, on the Answer line', async () => {
		expect((await grade(spec, 'Answer: 3 + 4 = 7', item(7))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 3 + 4 = 7 apples (not 8)', item(7))).hard).toBe(1);
		expect((await grade(spec, 'Answer: $10 (50 minutes at $12/hour)', item(10))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 15 apples, 3 per box', item(3))).hard).toBe(0);
	});

	it('is exact by default up to floating-point noise, and honours absTol and relTol', async () => {
		expect((await grade(spec, 'Answer: 0.30000000000000004', item(0.3))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 10.01', item(10))).hard).toBe(0);
		expect((await grade({ type: 'numeric', absTol: 0.05 }, 'Answer: 10.04', item(10))).hard).toBe(
			1
		);
		expect((await grade({ type: 'numeric', relTol: 0.01 }, 'Answer: 990', item(1000))).hard).toBe(
			1
		);
		expect((await grade({ type: 'numeric', relTol: 0.01 }, 'Answer: 980', item(1000))).hard).toBe(
			0
		);
	});

	it('accepts any alias of an array gold', async () => {
		expect((await grade(spec, 'Answer: 0.5', item(['1/2', '0.5']))).hard).toBe(1);
	});

	it('explains an Answer line without a number, an empty output and a non-numeric gold', async () => {
		const noNumber = await grade(spec, 'Answer: fifteen', item(15));
		expect(noNumber).toMatchObject({ hard: 0, soft: 0 });
		expect(noNumber.explanation).toBe("expected 15, the 'Answer:' line has no number ('fifteen')");
		const empty = await grade(spec, '', item(15));
		expect(empty).toEqual({
			hard: 0,
			soft: 0,
			explanation: "no 'Answer:' line and no number in the output"
		});
		expect((await grade(spec, 'Answer: 1', item('many'))).explanation).toBe(
			"gold answer is not a number ('many')"
		);
	});

	it('reads a custom marker and ignores the default one', async () => {
		const custom = { type: 'numeric', marker: '####' } as const;
		expect((await grade(custom, 'work\n#### 42', item(42))).hard).toBe(1);
		expect((await grade(custom, 'Answer: 42', item(42))).hard).toBe(0);
	});
});
