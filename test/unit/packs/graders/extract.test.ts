import { describe, expect, it } from 'vitest';
import { contractFinder } from '../../../../src/core/packs/graders/index.ts';

describe('contractFinder with a marker', () => {
	const finder = contractFinder({});

	it('reads the rest of the last line that starts with Answer:', () => {
		expect(finder.find('Answer: 3\nthinking again\nAnswer: 4\ndone')).toBe('4');
	});

	it('tolerates markdown bold, leading spaces, quotes, bullets and headings', () => {
		expect(finder.find('**Answer:** 15')).toBe('15');
		expect(finder.find('**Answer**: 15')).toBe('15');
		expect(finder.find('**Answer: 15**')).toBe('15');
		expect(finder.find('   answer: `15`')).toBe('15');
		expect(finder.find('> Answer: 15')).toBe('15');
		expect(finder.find('### Answer: 15')).toBe('15');
		expect(finder.find('- ANSWER: 15')).toBe('15');
	});

	it('takes the next non-empty line when the marker stands alone', () => {
		expect(finder.find('**Answer:**\n\n  15\nbye')).toBe('15');
		expect(finder.find('Answer:')).toBe('');
	});

	it('ignores the marker in the middle of a line and similar words', () => {
		expect(finder.find('So my Answer: 15')).toBeUndefined();
		expect(finder.find('Answers: 15')).toBeUndefined();
		expect(finder.find('')).toBeUndefined();
	});

	it('uses a custom marker and names it in its label', () => {
		const custom = contractFinder({ marker: 'Final:' });
		expect(custom.find('Answer: 1\nFinal: 2')).toBe('2');
		expect(custom.label).toBe("'Final:' line");
	});
});

describe('contractFinder with a tag', () => {
	const finder = contractFinder({ tag: 'answer' });

	it('reads the content of the last tag pair, case-insensitively', () => {
		expect(finder.find('<answer>1</answer> then <ANSWER> 2 </ANSWER>')).toBe('2');
		expect(finder.label).toBe('<answer> tag');
	});

	it('does not confuse a longer tag name and finds nothing without a closing tag', () => {
		expect(finder.find('<answers>1</answers>')).toBeUndefined();
		expect(finder.find('<answer>1')).toBeUndefined();
		expect(finder.find('<answer-x>2</answer>')).toBeUndefined();
	});
});
