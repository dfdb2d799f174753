import { describe, expect, it } from 'vitest';
import { adaptBbh } from '../../../../src/core/packs/adapters/bbh.ts';
import { fixture } from './fixtures.ts';

describe('adaptBbh', () => {
	it('reads examples, guesses a choice grader from (A)-style targets and keeps the task name', () => {
		const data = fixture('bbh-style.json') as Record<string, unknown>;
		const adapted = adaptBbh(data);
		expect(adapted.errors).toEqual([]);
		expect(adapted.items).toHaveLength(12);
		expect(adapted.items[1]).toMatchObject({ id: 'example-2', answer: '(B)' });
		expect(adapted.grader).toEqual({ type: 'choice' });
		expect(adapted.prompt.contract).toBe('Finish with a final line: Answer: (<letter>)');
		expect(adapted.title).toBe('colour_lookup');
		expect(adapted.description).toBe('Pick the colour an item is painted.');
	});

	it('turns a list target into aliases and target_scores into the best options', () => {
		const adapted = adaptBbh({
			examples: [
				{ input: 'Say three', target: ['3', 'three'] },
				{ input: 'Pick one', target_scores: { yes: 1, no: 0 } },
				{ input: 'Pick', target_scores: { a: 0, b: 0 } },
				{ target: 'x' }
			]
		});
		expect(adapted.items.map((i) => i.answer)).toEqual([['3', 'three'], 'yes']);
		expect(adapted.errors.map((e) => e.message)).toEqual([
			'example 2: needs a target (text or list) or target_scores',
			'example 3: missing input text'
		]);
		expect(adapted.grader).toEqual({ type: 'exact' });
	});
});
