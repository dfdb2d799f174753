import { describe, expect, it } from 'vitest';
import {
	detectColumns,
	guessGrader,
	rowsToItems
} from '../../../../src/core/packs/adapters/rows.ts';
import { rowsOf } from './fixtures.ts';

describe('detectColumns', () => {
	it('finds input and answer columns by their usual names, case-insensitively', () => {
		expect(detectColumns(rowsOf('rows-csv-like.json'))).toEqual({
			input: 'Question',
			answer: 'Label',
			split: 'split',
			candidates: ['Question', 'Label', 'split', 'notes']
		});
		expect(detectColumns([{ prompt: 'p', ground_truth: 'g', id: 7 }])).toMatchObject({
			input: 'prompt',
			answer: 'ground_truth',
			id: 'id'
		});
		expect(detectColumns([{ text: 'a', output: 'b' }])).toEqual({ candidates: ['text', 'output'] });
	});

	it('prefers input over question over prompt', () => {
		expect(detectColumns([{ prompt: 'a', question: 'b', input: 'c', target: 1 }]).input).toBe(
			'input'
		);
		expect(detectColumns([{ prompt: 'a', question: 'b' }]).input).toBe('question');
	});
});

describe('guessGrader', () => {
	it('guesses numeric, choice or exact from the answers', () => {
		expect(guessGrader(['42', '1,234', '$5', 7, '3/4'])).toEqual({ type: 'numeric' });
		expect(guessGrader(['(A)', 'B', '(R)'])).toEqual({ type: 'choice' });
		expect(guessGrader(['(A)', 'S'])).toEqual({ type: 'exact' });
		expect(guessGrader(['yes', '12'])).toEqual({ type: 'exact' });
		expect(guessGrader([['3', 'three']])).toEqual({ type: 'exact' });
		expect(guessGrader([])).toEqual({ type: 'exact' });
	});
});

describe('rowsToItems', () => {
	it('maps columns to items, numbering rows from 1 and reading split names', () => {
		const { items, errors } = rowsToItems(rowsOf('rows-csv-like.json'), {
			input: 'Question',
			answer: 'Label',
			split: 'split'
		});
		expect(errors).toEqual([]);
		expect(items[0]).toEqual({
			id: 'row-1',
			input: 'What is 0 times 3?',
			answer: '0',
			split: 'val'
		});
		expect(items.filter((i) => i.split === 'train')).toHaveLength(2);
	});

	it('reports empty cells, duplicate ids and unknown splits by row number and column', () => {
		const { items, errors } = rowsToItems(
			[
				{ q: 'a', a: '1', id: 'x', s: 'train' },
				{ q: '', a: '2', id: 'y' },
				{ q: 'c', a: ' ', id: 'z' },
				{ q: 'd', a: '4', id: 'x' },
				{ q: 'e', a: '5', id: 'w', s: 'holdout' },
				'not a row'
			],
			{ input: 'q', answer: 'a', id: 'id', split: 's' }
		);
		expect(items.map((i) => i.id)).toEqual(['x']);
		expect(errors.map((e) => e.message)).toEqual([
			"row 2: empty input in column 'q'",
			"row 3: empty answer in column 'a'",
			"row 4: duplicate id 'x' (also row 1)",
			"row 5: split 'holdout' in column 's' is not train, val or test",
			'row 6: is not an object with columns'
		]);
	});
});
