import { describe, expect, it } from 'vitest';
import { effectiveSpec } from '../../../../src/core/packs/graders/index.ts';
import {
	adaptPromptfoo,
	looksLikePromptfoo
} from '../../../../src/core/packs/adapters/promptfoo.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import type { GraderSpec, PackItem } from '../../../../src/core/packs/types.ts';
import { fixture } from './fixtures.ts';

async function grade(pack: GraderSpec, item: PackItem, output: string) {
	return createGrader(effectiveSpec(pack, { id: 'x', grader: item.grader })).grade(output, item);
}

describe('adaptPromptfoo', () => {
	const data = fixture('promptfoo-tests.json');

	it('rejects a model-graded assert, naming the test, the assert and why', () => {
		expect(looksLikePromptfoo(data)).toBe(true);
		const adapted = adaptPromptfoo(data);
		expect(adapted.errors.map((e) => e.message)).toEqual([
			'test 12 ("tone"): assert 1 \'llm-rubric\' is model-graded: there is no judge model in the ' +
				'browser (a 0.5–1.5B local model is not a reliable judge); replace it with a ' +
				'deterministic assert such as contains, regex or equals'
		]);
		expect(adapted.errors[0]?.code).toBe('model-graded');
	});

	it('can skip model-graded asserts with a warning, keeping the test', () => {
		const adapted = adaptPromptfoo(data, { skipModelGraded: true });
		expect(adapted.errors).toEqual([]);
		expect(adapted.warnings.map((w) => w.code)).toEqual(['model-graded']);
		expect(adapted.warnings[0]?.message).toMatch(
			/^1 model-graded assert was dropped from tests that have other asserts: there is no judge/
		);
		expect(adapted.items).toHaveLength(13);
		expect(adapted.items[12]?.grader).toEqual({ type: 'regex', pattern: 'bonjour', flags: '' });
	});

	it('maps vars, the prompt and several weighted asserts to an all grader', async () => {
		const adapted = adaptPromptfoo(data, { skipModelGraded: true });
		expect(adapted.prompt).toEqual({
			template: 'Translate into French: {{text}}\n\n{{contract}}',
			contract: ''
		});
		expect(adapted.grader).toEqual({
			type: 'all',
			of: [
				{ type: 'regex', pattern: 'chat', flags: 'i' },
				{ type: 'regex', pattern: '^(?![\\s\\S]*(?:English))', flags: '' }
			],
			weights: [2, 1]
		});
		const cat = adapted.items[0];
		if (cat === undefined) throw new Error('fixture has tests');
		expect(cat).toEqual({ id: 'test-1', vars: { text: 'cat' } });
		expect((await grade(adapted.grader, cat, 'Le CHAT')).hard).toBe(1);
		expect((await grade(adapted.grader, cat, 'chat (English: cat)')).hard).toBe(0);
	});

	it('maps equals to an anchored regex on the whole output and keeps the value as gold', async () => {
		const adapted = adaptPromptfoo(data, { skipModelGraded: true });
		const polite = adapted.items[11];
		if (polite === undefined) throw new Error('fixture has tests');
		expect(polite).toMatchObject({ answer: 'merci', meta: { description: 'polite' } });
		expect((await grade(adapted.grader, polite, ' merci\n')).hard).toBe(1);
		expect((await grade(adapted.grader, polite, 'Merci')).hard).toBe(0);
		expect((await grade(adapted.grader, polite, 'merci beaucoup')).hard).toBe(0);
	});

	it('maps the other deterministic asserts and refuses what cannot run here', () => {
		const adapted = adaptPromptfoo({
			defaultTest: { assert: [{ type: 'starts-with', value: 'A.' }] },
			tests: [
				{ vars: { q: 'x' }, assert: [{ type: 'contains-any', value: ['a', 'b'] }] },
				{
					vars: { q: 'x' },
					assert: [{ type: 'is-json' }, { type: 'javascript', value: 'output.length < 9' }]
				},
				{ vars: { q: 'x' }, assert: [{ type: 'python', value: 'True' }] },
				{ vars: { q: 'x' }, assert: [{ type: 'model-graded-closedqa', value: 'ok' }] },
				{ assert: [{ type: 'contains', value: 'a' }] }
			]
		});
		const [first, second] = adapted.items;
		expect(effectiveSpec(adapted.grader, { id: 'x', grader: first?.grader })).toEqual({
			type: 'all',
			of: [
				{ type: 'regex', pattern: '^A\\.', flags: '' },
				{
					type: 'any',
					of: [
						{ type: 'regex', pattern: 'a', flags: '' },
						{ type: 'regex', pattern: 'b', flags: '' }
					]
				}
			],
			weights: [1, 1]
		});
		expect(second?.checks).toEqual([{ op: 'isJson' }]);
		expect(effectiveSpec(adapted.grader, { id: 'x', grader: second?.grader })).toEqual({
			type: 'all',
			of: [
				{ type: 'regex', pattern: '^A\\.', flags: '' },
				{ type: 'js', code: 'return (output.length < 9);' },
				{ type: 'constraints' }
			],
			weights: [1, 1, 1]
		});
		expect(adapted.errors.map((e) => e.message)).toEqual([
			"test 2: assert 1 'python': cannot run in the browser",
			expect.stringMatching(/^test 3: assert 1 'model-graded-closedqa' is model-graded/u),
			'test 4: has no vars, so there is no input'
		]);
	});

	it('reads a bare list of tests and points at tests kept in another file', () => {
		expect(looksLikePromptfoo([{ vars: { a: '1' }, assert: [] }])).toBe(true);
		expect(looksLikePromptfoo([{ input: 'a', answer: '1' }])).toBe(false);
		const elsewhere = adaptPromptfoo({ tests: 'file://tests.csv' });
		expect(elsewhere.errors[0]?.message).toBe(
			"tests points at a file ('file://tests.csv'): import that file instead"
		);
	});
});
