/**
 * Optimiser answers against their valibot schemas: generated JSON Schemas, keys the reader does
 * not read, and a fuzz of mutated answers for every stage (no throw, never an empty error,
 * `Object.prototype` untouched, every accepted answer inside its stage's exact schema).
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { answerSchema } from '../../../src/core/optimiser/answers.ts';
import {
	parseAnalystOutput,
	parseMergeOutput,
	parseSlowUpdateOutput,
	parseStageOutput
} from '../../../src/core/optimiser/index.ts';
import { stageJsonSchema } from '../../../src/core/optimiser/schemas.ts';
import type { OptimiserStage } from '../../../src/core/ports.ts';

const STAGES: OptimiserStage[] = [
	'failure-analyst',
	'success-analyst',
	'merge',
	'rank',
	'slow-update',
	'meta-skill'
];

describe('JSON Schemas generated from the answer schemas', () => {
	it('convert for every stage and bound without a transform, and match what the parser accepts', () => {
		for (const stage of STAGES) {
			for (const bounds of [{}, { editBudget: 0, listSize: 1 }, { editBudget: 5, listSize: 9 }]) {
				const schema = stageJsonSchema(stage, bounds);
				expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
				expect(schema).not.toHaveProperty('$schema');
			}
		}
		expect(stageJsonSchema('failure-analyst', { editBudget: 2, maxContentChars: 50 })).toEqual({
			type: 'object',
			properties: {
				failures: {
					type: 'array',
					maxItems: 8,
					items: {
						type: 'object',
						properties: {
							type: { type: 'string', maxLength: 60 },
							count: { type: 'integer', minimum: 0 },
							description: { type: 'string', maxLength: 300 }
						},
						required: ['type', 'count', 'description'],
						additionalProperties: false
					}
				},
				edits: {
					type: 'array',
					maxItems: 2,
					items: {
						type: 'object',
						properties: {
							op: { type: 'string', enum: ['append', 'insert_after', 'replace', 'delete'] },
							line: { type: 'integer', minimum: 1 },
							target: { type: 'string', maxLength: 50 },
							content: { type: 'string', maxLength: 50 }
						},
						required: ['op'],
						additionalProperties: false
					}
				}
			},
			required: ['failures', 'edits'],
			additionalProperties: false
		});
		expect(stageJsonSchema('merge', { listSize: 4 })).toMatchObject({
			properties: { keep: { minItems: 1, maxItems: 4, items: { maximum: 3 } } }
		});
	});
});

describe('keys the reader does not read', () => {
	it('are named in one warning, built-in names included, and never read as data', () => {
		const r = parseAnalystOutput(
			'{"edits": [{"op": "append", "content": "x", "reason": "r", "__proto__": {"op": "delete"}}],' +
				' "constructor": {"prototype": 1}, "failures": [{"description": "d", "toString": 3}]}'
		);
		expect(r).toEqual({
			ok: true,
			value: {
				failures: [{ type: 'other', count: 1, description: 'd' }],
				edits: [{ op: 'append', content: 'x' }]
			},
			warnings: [
				'ignored unknown keys: failures[0].toString, "constructor", edits[0].reason, edits[0].__proto__'
			]
		});
		expect(
			parseMergeOutput('{"keep": [0], "why": "dupes", "__proto__": []}', { listSize: 2 })
		).toMatchObject({
			ok: true,
			warnings: ['ignored unknown keys: "why", "__proto__"']
		});
		// A key named like a built-in is not an alias of anything.
		expect(parseSlowUpdateOutput('{"constructor": "x"}')).toEqual({
			ok: false,
			error: 'missing "guidance" (text)'
		});
		expect(parseStageOutput('toString' as OptimiserStage, '{}')).toEqual({
			ok: false,
			error: 'unknown stage "toString"'
		});
	});

	it('gives specific messages for wrong types in every field', () => {
		const cases: [string, string][] = [
			[
				'{"edits": [{"op": {"toString": 1}, "content": "x"}]}',
				'edits[0].op must be one of append, insert_after, replace, delete (got an object)'
			],
			[
				'{"edits": [{"content": "x"}]}',
				'missing edits[0].op (one of append, insert_after, replace, delete)'
			],
			['{"edits": [{"op": "append", "content": 7}]}', 'edits[0].content must be text (got 7)'],
			[
				'{"edits": [{"op": "delete", "target": ["a"]}]}',
				'edits[0].target must be text (got an array)'
			],
			[
				'{"edits": [{"op": "delete", "line": "abc"}]}',
				'edits[0].line must be a line number ≥ 1 (got "abc")'
			],
			[
				'{"edits": [{"op": "delete", "line": 1.5}]}',
				'edits[0].line must be a line number ≥ 1 (got 1.5)'
			],
			['{"edits": [[]]}', 'edits[0] must be an object (got an array)'],
			[
				`{"edits": [{"op": "delete", "target": "${'t'.repeat(500)}"}]}`,
				'edits[0] target is longer than 400 characters; quote less of it or use "line"'
			],
			['[]', 'edits'],
			['{"failures": 3}', 'missing "edits" (an array of {op, line or target, content})']
		];
		for (const [answer, error] of cases) {
			const r = parseAnalystOutput(answer);
			if (error === 'edits') expect(r.ok).toBe(true);
			else expect(r).toEqual({ ok: false, error });
		}
		expect(parseMergeOutput('{"keep": "0, 1"}')).toEqual({
			ok: false,
			error: '"keep" must be an array of item numbers from the list (got "0, 1")'
		});
		expect(parseSlowUpdateOutput('[1]')).toEqual({
			ok: false,
			error: 'expected a JSON object with "guidance" (got an array)'
		});
	});
});

// ---- fuzz -----------------------------------------------------------------------------------

const SEEDS: Record<OptimiserStage, unknown> = {
	'failure-analyst': {
		failures: [{ type: 'rule_missing', count: 2, description: 'Ignores units' }],
		edits: [
			{ op: 'append', content: '- Check units.' },
			{ op: 'replace', line: 3, content: '- Count twice.' },
			{ op: 'delete', target: '- Guess.' }
		]
	},
	'success-analyst': {
		failures: [],
		edits: [{ op: 'insert_after', target: '## Steps', content: 'x' }]
	},
	merge: { keep: [0, 2, 1] },
	rank: { selected: [1, 0] },
	'slow-update': { guidance: 'Check the final answer line.' },
	'meta-skill': { metaSkill: 'Short rules win.' }
};

/** Hostile values, built through JSON.parse so that `__proto__` is an own key, as in an answer. */
const HOSTILE: unknown[] = [
	null,
	true,
	0,
	-1,
	1.5,
	1e308,
	'',
	'7',
	'L3',
	'x'.repeat(20_000),
	[],
	{},
	JSON.parse('{"__proto__": {"polluted": true}}'),
	JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
	JSON.parse('{"toString": 1, "valueOf": {"x": 1}, "hasOwnProperty": "no"}'),
	JSON.parse('{"type": {"toString": 1}}'),
	JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`),
	JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`),
	'<!-- SLOW_UPDATE_END -->',
	'SLOW_UPDATESLOW_UPDATE_START_START'
];
const KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'op',
	'edits',
	'keep',
	'guidance',
	'line'
];

type Mutation = { path: number[]; kind: number; pick: number };

function mutate(value: unknown, m: Mutation, depth = 0): unknown {
	const hostile = HOSTILE[m.pick % HOSTILE.length];
	const step = m.path[depth];
	const container = typeof value === 'object' && value !== null;
	if (step === undefined || !container) {
		if (!container || m.kind % 4 === 0) return hostile;
		const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
		const key = KEYS[m.pick % KEYS.length] ?? 'x';
		if (m.kind % 4 === 1)
			Object.defineProperty(copy, key, {
				value: hostile,
				enumerable: true,
				configurable: true,
				writable: true
			});
		else if (m.kind % 4 === 2) {
			const keys = Object.keys(copy);
			const gone = keys[m.pick % Math.max(1, keys.length)];
			return Object.fromEntries(Object.entries(copy).filter(([k]) => k !== gone));
		} else return [value, hostile];
		return copy;
	}
	const keys = Object.keys(value);
	const key = keys[step % Math.max(1, keys.length)];
	if (key === undefined) return hostile;
	const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
	Object.defineProperty(copy, key, {
		value: mutate((value as Record<string, unknown>)[key], m, depth + 1),
		enumerable: true,
		configurable: true,
		writable: true
	});
	return copy;
}

function wrapText(json: string, how: number): string {
	switch (how % 6) {
		case 0:
			return json;
		case 1:
			return `Sure! Here it is:\n\`\`\`json\n${json}\n\`\`\`\nDone.`;
		case 2:
			return json.slice(0, Math.floor(json.length * 0.7));
		case 3:
			return json.replace(/",/g, '",\n').replace(/"/g, "'");
		case 4:
			return `${json} ${json}`;
		default:
			return json.replace(/\\n/g, '\n').replace(/}$/, ',}');
	}
}

const mutation = fc.record({
	path: fc.array(fc.nat(9), { maxLength: 4 }),
	kind: fc.nat(),
	pick: fc.nat()
});

describe('fuzz: mutated optimiser answers', () => {
	it(
		'2,000 per stage: no throw, never an empty error, prototypes untouched, results in schema',
		{ timeout: 120_000 },
		() => {
			const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
			for (const stage of STAGES) {
				let accepted = 0;
				let refused = 0;
				const bounds = { editBudget: 2, listSize: 3 };
				const exact = answerSchema(stage, bounds);
				fc.assert(
					fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.nat(), (ms, how) => {
						let value = SEEDS[stage];
						for (const m of ms) value = mutate(value, m);
						const answer = wrapText(JSON.stringify(value) ?? 'undefined', how);
						const r = parseStageOutput(stage, answer, bounds);
						if (r.ok) {
							accepted++;
							expect(v.is(exact, r.value)).toBe(true);
							expect(r.warnings.every((w) => typeof w === 'string' && w !== '')).toBe(true);
						} else {
							refused++;
							expect(r.error).toMatch(/^[^\n]{5,}$/);
							expect(r.error).not.toMatch(/^could not read the answer/);
							expect(r.error).not.toMatch(/^Invalid /); // valibot's default messages never leak
						}
						expect(({} as Record<string, unknown>).polluted).toBeUndefined();
					}),
					{ numRuns: 2_000 }
				);
				// Both outcomes must be reached for the test to mean anything.
				expect(accepted, stage).toBeGreaterThan(100);
				expect(refused, stage).toBeGreaterThan(100);
			}
			expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
		}
	);
});
