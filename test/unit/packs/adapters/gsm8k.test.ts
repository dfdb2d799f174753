import { describe, expect, it } from 'vitest';
import { adaptGsm8k, looksLikeGsm8k } from '../../../../src/core/packs/adapters/gsm8k.ts';
import { rowsOf } from './fixtures.ts';

describe('adaptGsm8k', () => {
	it('takes the number after #### as the gold and keeps the reasoning in meta', () => {
		const rows = rowsOf('gsm8k-style.jsonl');
		expect(looksLikeGsm8k(rows)).toBe(true);
		const adapted = adaptGsm8k(rows);
		expect(adapted.errors).toEqual([]);
		expect(adapted.grader).toEqual({ type: 'numeric' });
		expect(adapted.prompt.contract).toBe('Finish with a final line: Answer: <number>');
		expect(adapted.items[0]).toEqual({
			id: 'gsm8k-1',
			input: 'Ana buys 4 bags with 2 apples in each bag. How many apples does Ana have?',
			answer: '8',
			meta: { reasoning: 'Each bag has 2 apples, so 4 bags hold 4 * 2 = <<4*2=8>>8 apples.' }
		});
		expect(adapted.items[5]?.answer).toBe('1250');
	});

	it('reports a row whose answer has no #### number', () => {
		const adapted = adaptGsm8k([
			{ question: 'q', answer: 'about 5' },
			{ question: 'q', answer: 'x\n#### many' }
		]);
		expect(adapted.errors.map((e) => e.message)).toEqual([
			"row 1: the answer has no '#### <number>' line",
			"row 2: the answer has no '#### <number>' line"
		]);
		expect(looksLikeGsm8k([{ question: 'q', answer: 'about 5' }])).toBe(false);
	});
});
