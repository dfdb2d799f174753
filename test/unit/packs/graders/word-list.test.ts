import { describe, expect, it } from 'vitest';
import { grade, item } from './helpers.ts';

describe('word_list grader', () => {
	const spec = { type: 'word_list' } as const;
	const gold = 'apple banana cherry date';

	it('gives hard credit for the exact sequence, space- or comma-separated, any case', async () => {
		expect(await grade(spec, 'Sorted.\nAnswer: apple banana cherry date', item(gold))).toEqual({
			hard: 1,
			soft: 1,
			explanation: "all 4 words in order on the 'Answer:' line"
		});
		expect((await grade(spec, 'Answer: Apple, Banana, Cherry, Date.', item(gold))).hard).toBe(1);
		expect(
			(
				await grade(
					spec,
					'Answer: apple banana cherry date',
					item(['apple', 'banana', 'cherry', 'date'])
				)
			).hard
		).toBe(1);
	});

	it('scores a swapped pair by LCS ratio and names the first difference', async () => {
		const r = await grade(spec, 'Answer: apple cherry banana date', item(gold));
		expect(r.hard).toBe(0);
		expect(r.soft).toBeCloseTo(3 / 4);
		expect(r.explanation).toBe("position 2: expected 'banana', found 'cherry'; LCS ratio 0.75");
	});

	it('divides by the longer list when words are missing or extra', async () => {
		const missing = await grade(spec, 'Answer: apple banana date', item(gold));
		expect(missing.soft).toBeCloseTo(3 / 4);
		expect(missing.explanation).toContain('3 words for 4');
		const extra = await grade(spec, 'Answer: apple banana cherry date fig', item(gold));
		expect(extra.soft).toBeCloseTo(4 / 5);
		expect(extra.explanation).toContain("extra word 'fig' at position 5");
	});

	it('uses the final line for soft credit when there is no Answer line', async () => {
		const r = await grade(spec, 'Here:\napple banana cherry date', item(gold));
		expect(r).toMatchObject({ hard: 0, soft: 1 });
		expect(r.explanation).toBe("no 'Answer:' line; final line scores 1.00 (soft)");
	});

	it('handles an empty output and an empty Answer line', async () => {
		expect(await grade(spec, '', item(gold))).toEqual({
			hard: 0,
			soft: 0,
			explanation: "no 'Answer:' line; no words"
		});
		expect((await grade(spec, 'Answer:', item(gold))).explanation).toBe(
			'expected 4 words, the answer line has none; LCS ratio 0.00'
		);
	});

	it('handles unicode words', async () => {
		expect((await grade(spec, 'Answer: ärger éclair zebra', item('Ärger éclair zebra'))).hard).toBe(
			1
		);
	});
});
