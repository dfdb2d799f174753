import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	clipText,
	extractJson,
	parseAnalystOutput,
	parseMergeOutput,
	parseMetaSkillOutput,
	parseRankOutput,
	parseSlowUpdateOutput,
	parseStageOutput,
	retryPrompt
} from '../../../src/core/optimiser/index.ts';
import { stageJsonSchema } from '../../../src/core/optimiser/schemas.ts';
import type { OptimiserStage } from '../../../src/core/ports.ts';
import { applyEdits } from '../../../src/core/edits/index.ts';
import { SLOW_UPDATE_END, SLOW_UPDATE_START, findRegions } from '../../../src/core/skill/index.ts';

const STAGES: OptimiserStage[] = [
	'failure-analyst',
	'success-analyst',
	'merge',
	'rank',
	'slow-update',
	'meta-skill'
];

describe('extractJson', () => {
	const repaired = expect.arrayContaining([expect.stringMatching(/^repaired the JSON/)]);

	it('reads a fenced block, repairing trailing commas', () => {
		expect(extractJson('Here you go:\n```json\n{"keep": [0, 2,],}\n```\nDone.')).toEqual({
			ok: true,
			value: { keep: [0, 2] },
			repairs: repaired
		});
	});

	it('ignores brace spans in prose that do not parse, and refuses two that do', () => {
		// `{this}` is prose: it does not parse, so it does not count against the real object.
		expect(
			extractJson('I think {this} is wrong... no wait. {"guidance": "Use {x} and \\"y\\"."}')
		).toMatchObject({ ok: true, value: { guidance: 'Use {x} and "y".' }, repairs: [] });
		expect(extractJson('Answer: {"guidance": "Use {x} and \\"y\\"."} — that\'s it')).toMatchObject({
			ok: true,
			value: { guidance: 'Use {x} and "y".' }
		});
		// A quoted "{not json}" before the object (its quotes lie outside any span).
		expect(extractJson('Do not write "{not json}". {"keep": [1]}')).toMatchObject({
			ok: true,
			value: { keep: [1] }
		});
		expect(extractJson('{"a": 1} {"b": 2}')).toEqual({
			ok: false,
			error: 'found 2 separate JSON values; answer with exactly one'
		});
		expect(extractJson('{"a": 1}\n{"b": 2,}')).toEqual({
			ok: false,
			error: 'found 2 separate JSON values; answer with exactly one'
		});
	});

	it('repairs raw newlines and tabs in strings, single quotes and smart quotes', () => {
		const multiLine = '{"edits": [{"op": "append", "content": "- First line\n\t- Second line"}]}';
		expect(extractJson(multiLine)).toEqual({
			ok: true,
			value: { edits: [{ op: 'append', content: '- First line\n\t- Second line' }] },
			repairs: repaired
		});
		expect(extractJson("Sure: {'keep': [0, 1],} ok")).toMatchObject({
			ok: true,
			value: { keep: [0, 1] }
		});
		expect(extractJson('{“guidance”: “Be brief.”}')).toMatchObject({
			ok: true,
			value: { guidance: 'Be brief.' },
			repairs: repaired
		});
		expect(extractJson('{"guidance": "Say “hi”."}')).toMatchObject({ ok: true, repairs: [] });
	});

	it('never closes an unclosed object, nor repairs the whole answer', () => {
		for (const cut of [
			'{"edits": [{"op": "append"',
			'{"edits": [{"op": "append", "content": "x"}',
			'```json\n{"keep": [0, 1\n```',
			'{"a": [1, 2}',
			"{'a': '}",
			"{'keep': [1], 'note': ']}'",
			'Here: {"keep": [1]'
		]) {
			expect(extractJson(cut)).toEqual({
				ok: false,
				error: 'the JSON object is not closed (was the answer cut off?)'
			});
		}
		// Prose that jsonrepair would turn into values stays prose.
		expect(extractJson('see above')).toEqual({
			ok: false,
			error: 'no JSON object found in the answer'
		});
		expect(extractJson('{this} and [see above]')).toMatchObject({ ok: false });
		// `{,}` repairs to `{}`: an object, which the stage's schema then judges.
		expect(extractJson('{,}')).toMatchObject({ ok: true, value: {} });
	});

	it('skips reasoning blocks and accepts a lone top-level array', () => {
		expect(extractJson('<think>maybe {a}</think>{"keep":[1]}')).toMatchObject({
			ok: true,
			value: { keep: [1] }
		});
		expect(extractJson('Indices: [2, 0]')).toMatchObject({ ok: true, value: [2, 0] });
		// An object beats an array reference in the prose.
		expect(extractJson('As in [1]: {"keep": [0]}')).toMatchObject({
			ok: true,
			value: { keep: [0] }
		});
	});

	it('explains what is wrong in words the model can act on', () => {
		expect(extractJson('no json here')).toEqual({
			ok: false,
			error: 'no JSON object found in the answer'
		});
		expect(extractJson('   ')).toEqual({ ok: false, error: 'the answer is empty' });
		expect(extractJson(42)).toEqual({ ok: false, error: 'the answer is not text' });
		expect(extractJson('x'.repeat(300_000))).toMatchObject({
			ok: false,
			error: expect.stringMatching(/too long/)
		});
		expect(extractJson('{"a": 1 : 2}')).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^invalid JSON/)
		});
	});
});

describe('parseAnalystOutput', () => {
	it('accepts a well-formed answer and normalises near-miss spellings', () => {
		const r = parseAnalystOutput(
			JSON.stringify({
				failure_summary: [
					{ failure_type: 'rule_missing', count: '3', description: 'Ignores distractors' }
				],
				patch: {
					edits: [
						{ op: 'Add', content: '  - Ignore distractors.  ' },
						{ op: 'insert-after', line: 'L4', content: 'x' },
						{ op: 'REPLACE', anchor: 'Count', content: 'Tally' }
					]
				}
			}),
			{ editBudget: 3 }
		);
		expect(r).toEqual({
			ok: true,
			value: {
				failures: [{ type: 'rule_missing', count: 3, description: 'Ignores distractors' }],
				edits: [
					{ op: 'append', content: '- Ignore distractors.' },
					{ op: 'insert_after', line: 4, content: 'x' },
					{ op: 'replace', target: 'Count', content: 'Tally' }
				]
			},
			warnings: []
		});
	});

	it('clips the edit list to the budget and long content at a sentence end', () => {
		const long = `${'Short rule. '.repeat(5)}${'word '.repeat(100)}`;
		const r = parseAnalystOutput(
			JSON.stringify({
				failures: [],
				edits: [1, 2, 3].map((i) => ({ op: 'append', content: i === 1 ? long : `rule ${i}` }))
			}),
			{ editBudget: 2, maxContentChars: 100 }
		);
		expect(r.ok && r.value.edits.map((e) => e.content)).toEqual([
			'Short rule. Short rule. Short rule. Short rule. Short rule.',
			'rule 2'
		]);
		expect(r.ok && r.warnings).toEqual([
			'edits[0].content cut to 100 characters',
			'kept the first 2 of 3 edits (budget)'
		]);
	});

	it('drops invalid edits with warnings but fails when none is usable', () => {
		const mixed = parseAnalystOutput(
			'{"failures": [], "edits": [{"op": "rewrite"}, {"op": "delete", "line": 3}]}'
		);
		expect(mixed.ok && mixed.value.edits).toEqual([{ op: 'delete', line: 3 }]);
		expect(mixed.ok && mixed.warnings[0]).toMatch(/^edits\[0\]\.op must be one of/);
		const bad = parseAnalystOutput(
			'{"edits": [{"op": "replace", "content": "x"}, {"op": "append"}, {"op": "delete", "line": 0}]}'
		);
		expect(bad).toEqual({
			ok: false,
			error:
				'edits[0] (replace) needs "line" or "target"; edits[1] (append) needs "content"; edits[2].line must be a line number ≥ 1 (got 0)'
		});
		expect(parseAnalystOutput('{"failures": []}')).toEqual({
			ok: false,
			error: 'missing "edits" (an array of {op, line or target, content})'
		});
		expect(parseAnalystOutput('{"edits": "append x"}')).toMatchObject({
			ok: false,
			error: '"edits" must be an array of {op, line or target, content} (got "append x")'
		});
		expect(parseAnalystOutput('"just text"')).toMatchObject({ ok: false });
		// `{,}` repairs to `{}`, which the schema then refuses with its own message.
		expect(parseAnalystOutput('{,}')).toEqual({
			ok: false,
			error: 'missing "edits" (an array of {op, line or target, content})'
		});
	});

	it('accepts an empty edit list and flags markers for the apply step to refuse', () => {
		expect(parseAnalystOutput('{"failures": [], "edits": []}')).toEqual({
			ok: true,
			value: { failures: [], edits: [] },
			warnings: []
		});
		const marked = parseAnalystOutput(
			JSON.stringify({ edits: [{ op: 'append', content: `x ${SLOW_UPDATE_END}` }] })
		);
		expect(marked.ok && marked.warnings).toEqual([
			'edits[0] mentions a protected-region marker; it will be refused'
		]);
	});
});

describe('merge and rank', () => {
	it('keeps valid unique indices in range', () => {
		const r = parseMergeOutput('{"keep": [2, "0", 2, 9, -1, 1.5]}', { listSize: 3 });
		expect(r.ok && r.value).toEqual({ keep: [2, 0] });
		expect(r.ok && r.warnings).toEqual([
			'index 2 repeated; kept once',
			'ignored invalid indices (valid: 0–2): 9, -1, 1.5'
		]);
		expect(parseMergeOutput('{"keep": []}', { listSize: 3 })).toEqual({
			ok: false,
			error: '"keep" is empty; list at least one index (valid: 0–2)'
		});
		expect(parseMergeOutput('{"keep": [7]}', { listSize: 3 })).toEqual({
			ok: false,
			error: '"keep" has no valid index (valid: 0–2): 7'
		});
	});

	it('cuts a ranking to the budget and reads the reference key name', () => {
		const r = parseRankOutput('{"reasoning": "…", "selected_indices": [3, 1, 0]}', {
			listSize: 5,
			editBudget: 2
		});
		expect(r.ok && r.value).toEqual({ selected: [3, 1] });
		expect(parseRankOutput('{"order": [1]}')).toEqual({
			ok: false,
			error: 'missing "selected" (an array of item numbers from the list)'
		});
	});
});

describe('slow update and meta skill', () => {
	it('reads the text, strips markers and caps the length', () => {
		const r = parseSlowUpdateOutput(
			JSON.stringify({ slow_update_content: ` Check units. ${SLOW_UPDATE_END}` })
		);
		expect(r).toEqual({
			ok: true,
			value: { guidance: 'Check units.' },
			warnings: ['removed protected-region markers from the text']
		});
		const long = parseMetaSkillOutput(
			JSON.stringify({ metaSkill: 'Prefer short rules. '.repeat(200) }),
			{
				maxTextChars: 50
			}
		);
		expect(long.ok && long.value.metaSkill.length).toBeLessThanOrEqual(50);
		expect(parseSlowUpdateOutput('{"guidance": 3}')).toEqual({
			ok: false,
			error: '"guidance" must be text (got 3)'
		});
	});
});

describe('slow-update guidance that still holds a marker after stripping', () => {
	it('is refused with a retryable message naming the marker, so none reaches the document', () => {
		for (const guidance of [
			'SLOW_UPDATESLOW_UPDATE_START_START',
			'Be brief. slow_updateSLOW_UPDATE_END_end',
			'APPENDIXAPPENDIX_END_END and more'
		]) {
			const r = parseSlowUpdateOutput(JSON.stringify({ guidance }));
			expect(r).toEqual({
				ok: false,
				error: expect.stringMatching(
					/^"guidance" must not mention the protected-region marker (SLOW_UPDATE|APPENDIX)_(START|END); write the text without it$/
				)
			});
		}
		expect(
			parseSlowUpdateOutput(JSON.stringify({ guidance: 'SLOW_UPDATESLOW_UPDATE_START_START' }))
		).toMatchObject({ error: expect.stringContaining('SLOW_UPDATE_START') });
	});
});

describe('parseStageOutput', () => {
	it('dispatches by stage and builds the retry message from the error', () => {
		expect(parseStageOutput('rank', '{"selected": [0]}', { listSize: 1 })).toMatchObject({
			ok: true
		});
		const failed = parseStageOutput('merge', 'nope');
		expect(failed.ok).toBe(false);
		if (!failed.ok) {
			expect(retryPrompt(failed.error)).toBe(
				'Your previous answer failed: no JSON object found in the answer. Reply again with exactly one JSON object and nothing else.'
			);
		}
		expect(parseStageOutput('bogus' as OptimiserStage, '{}')).toEqual({
			ok: false,
			error: 'unknown stage "bogus"'
		});
	});

	it(
		'never throws on random strings or garbage JSON, and always explains a failure',
		{ timeout: 30_000 },
		() => {
			const garbage = fc.oneof(
				fc.string({ maxLength: 200 }),
				fc.string({ unit: 'grapheme', maxLength: 100 }),
				fc.json().map((j) => j.slice(0, Math.floor(j.length * 0.7))),
				fc.json(),
				fc
					.jsonValue()
					.map((v) =>
						JSON.stringify({ edits: v, keep: v, selected: v, guidance: v, metaSkill: v })
					),
				fc
					.array(
						fc.constantFrom(
							'{',
							'}',
							'[',
							']',
							'"',
							',',
							':',
							'\\',
							'```',
							'json',
							'“',
							'<think>',
							' '
						),
						{
							maxLength: 40
						}
					)
					.map((parts) => parts.join(''))
			);
			let failures = 0;
			fc.assert(
				fc.property(garbage, fc.constantFrom(...STAGES), (answer, stage) => {
					const r = parseStageOutput(stage, answer, { listSize: 4, editBudget: 2 });
					if (r.ok) {
						expect(Array.isArray(r.warnings)).toBe(true);
					} else {
						failures++;
						expect(r.error).toMatch(/^[^\n]{5,}$/);
						// The guard's catch-all would hide a bug: it must never be what answers.
						expect(r.error).not.toMatch(/^could not read the answer/);
					}
				}),
				{ numRuns: 10_000 }
			);
			expect(failures).toBeGreaterThan(1000);
		}
	);

	it('clips text at word boundaries when there is no sentence end', () => {
		expect(clipText('alpha beta gamma delta', 12)).toBe('alpha beta');
		expect(clipText('short', 12)).toBe('short');
	});
});

describe('stageJsonSchema', () => {
	it('bounds the edit list, enumerates ops and ranges indices', () => {
		const analyst = stageJsonSchema('failure-analyst', { editBudget: 2 }) as {
			properties: {
				edits: { maxItems: number; items: { properties: { op: { enum: string[] } } } };
			};
			required: string[];
		};
		expect(analyst.properties.edits.maxItems).toBe(2);
		expect(analyst.properties.edits.items.properties.op.enum).toEqual([
			'append',
			'insert_after',
			'replace',
			'delete'
		]);
		expect(analyst.required).toEqual(['failures', 'edits']);
		expect(stageJsonSchema('rank', { listSize: 6, editBudget: 3 })).toEqual({
			type: 'object',
			properties: {
				selected: {
					type: 'array',
					items: { type: 'integer', minimum: 0, maximum: 5 },
					minItems: 1,
					maxItems: 3
				}
			},
			required: ['selected'],
			additionalProperties: false
		});
		expect(stageJsonSchema('slow-update', { maxTextChars: 100 })).toMatchObject({
			properties: { guidance: { type: 'string', maxLength: 100 } }
		});
		for (const stage of STAGES)
			expect(JSON.parse(JSON.stringify(stageJsonSchema(stage)))).toEqual(stageJsonSchema(stage));
	});
});

describe('optimiser answers through parse and apply', () => {
	const DOC = `# Skill\n\n## Steps\n- Count the flips.\n- Add them up.\n\n${SLOW_UPDATE_START}\nKeep answers short.\n${SLOW_UPDATE_END}\n`;
	const region = (text: string): string[] =>
		findRegions(text).regions.map((r) => text.slice(r.from, r.to));
	const markerish = fc.constantFrom(
		SLOW_UPDATE_START,
		SLOW_UPDATE_END,
		'<!--slow_update_end-->',
		'APPENDIX_START',
		'Keep answers short.',
		'- Add them up.\n\n<!--'
	);
	const field = fc.oneof(
		fc.string({ maxLength: 30 }),
		markerish,
		fc.integer({ min: -3, max: 15 }),
		fc.constantFrom('L3', '7', null, true, [], {}),
		fc.string({ maxLength: 2000 }).map((s) => s.repeat(3))
	);
	const edit = fc.record(
		{
			op: fc.oneof(
				fc.constantFrom('append', 'insert_after', 'replace', 'delete', 'add', 'Insert-After'),
				field
			),
			line: field,
			target: field,
			content: field
		},
		{ requiredKeys: [] }
	);
	const answer = fc
		.tuple(fc.array(edit, { maxLength: 6 }), fc.integer({ min: 0, max: 100 }), fc.boolean())
		.map(([edits, cut, fenced]) => {
			const json = JSON.stringify({ failures: [], edits });
			// Sometimes truncated (an answer cut off at max_tokens), sometimes fenced.
			const text = cut < 15 ? json.slice(0, Math.floor((json.length * cut) / 15)) : json;
			return fenced ? `\`\`\`json\n${text}\n\`\`\`` : text;
		});

	it(
		'never corrupts the skill, whatever 10,000 malformed answers propose',
		{ timeout: 60_000 },
		() => {
			let applied = 0;
			let refused = 0;
			fc.assert(
				fc.property(answer, (text) => {
					const parsed = parseStageOutput('failure-analyst', text, { editBudget: 3 });
					if (!parsed.ok) return;
					const result = applyEdits(DOC, parsed.value.edits);
					expect(region(result.text)).toEqual(region(DOC));
					expect(findRegions(result.text).problems).toEqual([]);
					expect(result.reports).toHaveLength(parsed.value.edits.length);
					applied += result.applied;
					refused += result.reports.filter((r) => r.status === 'protected').length;
				}),
				{ numRuns: 10_000 }
			);
			// Both paths must actually have been exercised.
			expect(applied).toBeGreaterThan(100);
			expect(refused).toBeGreaterThan(100);
		}
	);
});
