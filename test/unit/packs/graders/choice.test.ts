import { describe, expect, it } from 'vitest';
import { grade, item } from './helpers.ts';

describe('choice grader', () => {
	const spec = { type: 'choice' } as const;
	const choices = { A: '12/24/1937', B: '12/25/1937', C: '01/25/1938' };

	it('accepts the letter in its usual written forms on the Answer line', async () => {
		for (const line of [
			'(B)',
			'B',
			'B)',
			'B.',
			'**(B)**',
			'B: 12/25/1937',
			'(B) 12/25/1937',
			'b',
			'the answer is (B)',
			'Option B'
		]) {
			const r = await grade(spec, `Let me think.\nAnswer: ${line}`, item('(B)'));
			expect(r, line).toEqual({ hard: 1, soft: 1, explanation: "(B) on the 'Answer:' line" });
		}
	});

	it('reads the gold as (B), B or B)', async () => {
		expect((await grade(spec, 'Answer: (C)', item('C'))).hard).toBe(1);
		expect((await grade(spec, 'Answer: C', item('C)'))).hard).toBe(1);
	});

	it('explains a wrong letter', async () => {
		expect(await grade(spec, 'Answer: (A)', item('(B)'))).toEqual({
			hard: 0,
			soft: 0,
			explanation: "expected (B), found (A) on the 'Answer:' line"
		});
	});

	it('does not read a capitalised word as a letter', async () => {
		const r = await grade(spec, 'Answer: A total of five', item('(A)'));
		expect(r.hard).toBe(0);
		expect(r.explanation).toContain('no option letter');
	});

	it('gives soft credit for the last (X) anywhere when the Answer line is missing', async () => {
		const r = await grade(spec, '(A) is wrong, so it must be (B).', item('(B)'));
		expect(r).toMatchObject({ hard: 0, soft: 1 });
		expect(r.explanation).toBe("no 'Answer:' line; (B) found elsewhere (soft)");
	});

	it('falls back to the option text from item.choices for soft credit only', async () => {
		const target = item('(B)', { choices });
		const onLine = await grade(spec, 'Answer: 12/25/1937', target);
		expect(onLine).toMatchObject({ hard: 0, soft: 1 });
		const anywhere = await grade(spec, 'A month before is 12/25/1937.', target);
		expect(anywhere).toMatchObject({ hard: 0, soft: 1 });
		const wrongText = await grade(spec, 'It is 01/25/1938.', target);
		expect(wrongText).toMatchObject({ hard: 0, soft: 0 });
		expect(wrongText.explanation).toContain('(C)');
	});

	it('prefers whichever option is named last, letter or text', async () => {
		const target = item('(B)', { choices });
		expect((await grade(spec, 'Not (A). The date is 12/25/1937', target)).soft).toBe(1);
		expect((await grade(spec, 'The date is 12/25/1937? No: (A)', target)).soft).toBe(0);
	});

	it('maps a gold given as option text to its letter', async () => {
		expect((await grade(spec, 'Answer: (B)', item('12/25/1937', { choices }))).hard).toBe(1);
	});

	it('restricts letters to the spec', async () => {
		const abcd = { type: 'choice', letters: 'ABCD' } as const;
		expect((await grade(abcd, 'Answer: (E)', item('(A)'))).explanation).toContain(
			'no option letter'
		);
		expect((await grade(abcd, 'Answer: (A)', item('(E)'))).explanation).toBe(
			"gold answer '(E)' is not an option"
		);
	});

	it('handles an empty output', async () => {
		expect(await grade(spec, '', item('(B)'))).toEqual({
			hard: 0,
			soft: 0,
			explanation: "no 'Answer:' line and no option found"
		});
	});
});
