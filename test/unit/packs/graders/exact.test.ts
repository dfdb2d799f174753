import { describe, expect, it } from 'vitest';
import type { GraderSpec } from '../../../../src/core/packs/types.ts';
import { grade, item } from './helpers.ts';

describe('exact grader', () => {
	const spec = { type: 'exact' } as const;

	it('matches case-insensitively with quotes, bold and trailing punctuation stripped', async () => {
		expect(await grade(spec, 'Reasoning.\nAnswer: **"Yes".**', item('yes'))).toEqual({
			hard: 1,
			soft: 1,
			explanation: `'"Yes".' on the 'Answer:' line`
		});
		expect((await grade(spec, 'Answer: FALSE', item(false))).hard).toBe(1);
	});

	it('collapses inner whitespace by default and can be made case-sensitive', async () => {
		expect((await grade(spec, 'Answer: New   York', item('new york'))).hard).toBe(1);
		const strict = { type: 'exact', caseInsensitive: false, collapseSpace: false } as const;
		expect((await grade(strict, 'Answer: Ioa', item('ioa'))).hard).toBe(0);
		expect((await grade(strict, 'Answer: a  b', item('a b'))).hard).toBe(0);
		expect((await grade(strict, 'Answer: ioa', item('ioa'))).hard).toBe(1);
	});

	it('accepts aliases from the spec and from an array gold', async () => {
		const withAliases: GraderSpec = { type: 'exact', aliases: ['NYC'] };
		expect((await grade(withAliases, 'Answer: nyc', item('New York'))).hard).toBe(1);
		expect((await grade(spec, 'Answer: colour', item(['color', 'colour']))).hard).toBe(1);
	});

	it('explains a wrong answer and gives soft credit when the output ends with the gold', async () => {
		const wrong = await grade(spec, 'Answer: no', item('yes'));
		expect(wrong).toEqual({
			hard: 0,
			soft: 0,
			explanation: "expected 'yes', found 'no' on the 'Answer:' line"
		});
		const soft = await grade(spec, 'After two flips the coin is heads up, so: yes', item('yes'));
		expect(soft).toMatchObject({ hard: 0, soft: 1 });
		expect(soft.explanation).toBe("no 'Answer:' line; 'yes' found at the end (soft)");
	});

	it('does not give soft credit for a suffix inside a word', async () => {
		expect((await grade(spec, 'the result is 15', item('5'))).soft).toBe(0);
		expect((await grade(spec, 'this is ioa', item('oa'))).soft).toBe(0);
	});

	it('gives soft credit when the final line equals the gold', async () => {
		expect((await grade(spec, 'Thinking...\nioa\n', item('ioa'))).soft).toBe(1);
	});

	it('reads the answer from a tag when one is set', async () => {
		const tagged = { type: 'exact', tag: 'answer' } as const;
		expect((await grade(tagged, 'x <answer> True </answer>', item('True'))).hard).toBe(1);
		expect((await grade(tagged, 'Answer: True', item('True'))).hard).toBe(0);
	});

	it('scores an item without gold as 0 with a reason', async () => {
		expect(await grade(spec, 'Answer: yes', item(undefined))).toEqual({
			hard: 0,
			soft: 0,
			explanation: 'item has no gold answer to compare with'
		});
	});

	it('handles unicode answers and full-width forms', async () => {
		expect((await grade(spec, 'Answer: Ｃａｆé', item('café'))).hard).toBe(1);
		expect((await grade(spec, 'Answer: 東京', item('東京'))).hard).toBe(1);
	});
});
