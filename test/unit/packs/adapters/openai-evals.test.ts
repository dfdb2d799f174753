import { describe, expect, it } from 'vitest';
import {
	adaptEvalSamples,
	looksLikeEvalSamples
} from '../../../../src/core/packs/adapters/openai-evals.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import type { GraderSpec, PackItem } from '../../../../src/core/packs/types.ts';
import { rowsOf } from './fixtures.ts';

async function hard(pack: GraderSpec, item: PackItem, output: string): Promise<number> {
	return (await createGrader(pack).grade(output, item)).hard;
}

describe('adaptEvalSamples', () => {
	const rows = rowsOf('openai-evals-samples.jsonl');

	it('turns chat inputs into messages and ideal lists into aliases', () => {
		expect(looksLikeEvalSamples(rows)).toBe(true);
		const adapted = adaptEvalSamples(rows, 'FuzzyMatch');
		expect(adapted.errors).toEqual([]);
		expect(adapted.items[0]).toEqual({
			id: 'sample-1',
			messages: [
				{ role: 'system', content: 'Answer with the city name only.' },
				{ role: 'user', content: 'What is the capital of France?' }
			],
			answer: 'Paris'
		});
		expect(adapted.items[10]?.answer).toEqual(['Kathmandu', 'Katmandu']);
		expect(adapted.grader).toEqual({ type: 'exact', caseInsensitive: true, collapseSpace: true });
		expect(adapted.warnings.map((w) => w.code)).toEqual(['approximate-grader']);
	});

	it('grades Match as a prefix and Includes as containment, per item', async () => {
		const match = adaptEvalSamples(rows, 'Match');
		const nepal = match.items[10];
		if (nepal === undefined) throw new Error('fixture has 12 samples');
		expect(match.prompt.contract).toBe('');
		expect(await hard(match.grader, nepal, 'Katmandu, of course')).toBe(1);
		expect(await hard(match.grader, nepal, 'It is Kathmandu')).toBe(0);
		const includes = adaptEvalSamples(rows, 'Includes');
		const inc = includes.items[10];
		if (inc === undefined) throw new Error('fixture has 12 samples');
		expect(await hard(includes.grader, inc, 'It is Kathmandu')).toBe(1);
		expect(await hard(includes.grader, inc, 'It is Pokhara')).toBe(0);
	});

	it('reads JsonMatch ideals as json_fields golds', () => {
		const adapted = adaptEvalSamples(
			[
				{ input: 'Extract', ideal: '{"name": "Bo", "qty": 4, "date": "2025-08-03"}' },
				{ input: 'Extract', ideal: 'not json' }
			],
			'JsonMatch'
		);
		expect(adapted.grader).toEqual({
			type: 'json_fields',
			fields: { name: 'string', qty: 'number', date: 'date' }
		});
		expect(adapted.items[0]?.answer).toEqual({ name: 'Bo', qty: 4, date: '2025-08-03' });
		expect(adapted.errors.map((e) => e.message)).toEqual([
			'sample 2: ideal is not a JSON object (JsonMatch)'
		]);
	});

	it('reports malformed chat inputs and missing ideals', () => {
		const adapted = adaptEvalSamples([
			{ input: [{ role: 'robot', content: 'hi' }], ideal: 'x' },
			{ input: [{ role: 'user', content: 'hi' }], ideal: [] }
		]);
		expect(adapted.errors.map((e) => e.message)).toEqual([
			'sample 1: input[0].role "robot" is not system, user or assistant',
			'sample 2: ideal must be text or a list of texts'
		]);
	});
});
