// Hostile pack files: built-in-named keys at every level, non-string types, deep nesting, huge
// strings, wrong types everywhere. Each must give a pack or at least one clear message, never a
// throw, and never touch Object.prototype.
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import {
	checkGraderSpec,
	parsePack,
	type ParsePackResult
} from '../../../src/core/packs/format.ts';

const hasher = createSha256Hasher(webcrypto.subtle);
const FORMAT = 'skillopt-playground.pack.v1';

function pack(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		format: FORMAT,
		id: 'hostile',
		grader: { type: 'exact' },
		splits: { val: [{ id: 'a', input: 'q', answer: 'x' }] },
		...overrides
	};
}

async function errorsOf(json: unknown): Promise<string[]> {
	const result = await parsePack(json, hasher);
	expect(result.ok).toBe(false);
	if (result.ok) return [];
	expect(result.errors.length).toBeGreaterThan(0);
	for (const error of result.errors) expect(error.message.trim()).not.toBe('');
	return result.errors.map((e) => e.message);
}

const BUILT_IN_KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'valueOf'
];

/** Puts `key` (as an own property, as JSON.parse makes it) into the object at `at`. */
function withKey(key: string, at: (root: Record<string, unknown>) => Record<string, unknown>) {
	const root = JSON.parse(
		JSON.stringify(pack({ prompt: { contract: 'c' }, generation: {}, gate: {} }))
	);
	Object.defineProperty(at(root), key, {
		value: 1,
		enumerable: true,
		writable: true,
		configurable: true
	});
	return JSON.parse(JSON.stringify(root)) as Record<string, unknown>;
}

const obj = (value: unknown): Record<string, unknown> => value as Record<string, unknown>;

describe('parsePack on hostile input', () => {
	it('reports a grader type that is not a string instead of throwing (it used to)', async () => {
		for (const type of [{ toString: 1 }, 5, null, [], true, { valueOf: 'x' }]) {
			const messages = await errorsOf(pack({ grader: { type } }));
			expect(messages[0]).toMatch(/^grader\.type must be a string \(one of exact, .*\), got /u);
		}
		expect(await errorsOf(pack({ grader: { type: 'constructor' } }))).toEqual([
			"grader.type 'constructor' is not a grader type (one of exact, numeric, choice, word_list, regex, json_fields, constraints, js, all, any)"
		]);
	});

	it('names grader keys called like built-ins (they used to fail with no message)', async () => {
		for (const key of BUILT_IN_KEYS) {
			const messages = await errorsOf(withKey(key, (root) => obj(root['grader'])));
			expect(messages.join('\n')).toContain(`'${key}'`);
			expect(messages[0]).toMatch(/^grader: /u);
		}
		const check = checkGraderSpec(
			JSON.parse('{"type": "regex", "pattern": "x", "__proto__": {"flags": "g"}}')
		);
		expect(!check.ok && check.errors[0]?.message).toBe(
			"grader: the field name '__proto__' is not allowed (it is reserved by JavaScript)"
		);
	});

	it('names built-in-named keys at every level, with their path', async () => {
		const places: [string, (root: Record<string, unknown>) => Record<string, unknown>, string][] = [
			['the pack', (root) => root, ''],
			['prompt', (root) => obj(root['prompt']), 'prompt.'],
			['generation', (root) => obj(root['generation']), 'generation.'],
			['gate', (root) => obj(root['gate']), 'gate.'],
			['splits', (root) => obj(root['splits']), 'splits.'],
			['an item', (root) => obj(obj(obj(root['splits'])['val'] as unknown[])[0]), 'splits.val[0].']
		];
		for (const [, at, prefix] of places)
			for (const key of BUILT_IN_KEYS) {
				const result = await parsePack(withKey(key, at), hasher);
				expect(result.ok).toBe(false);
				if (result.ok) continue;
				expect(result.errors.map((e) => e.path)).toContain(`${prefix}${key}`);
				expect(result.errors.every((e) => e.message.includes(`'${key}'`))).toBe(true);
			}
	});

	it('keeps user keys named like built-ins as data where they are the user’s own names', async () => {
		const json = JSON.parse(`{
			"format": "${FORMAT}", "id": "data-keys",
			"grader": {"type": "json_fields", "fields": {"__proto__": "string", "constructor": "number", "toString": "list"}},
			"splits": {"val": [{"id": "a", "vars": {"__proto__": "v", "constructor": 2},
				"answer": {"__proto__": "x", "constructor": 1, "toString": []},
				"meta": {"__proto__": 1, "features": {"constructor": true}}}]}
		}`);
		const result = await parsePack(json, hasher);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const grader = result.pack.grader;
		expect(grader.type === 'json_fields' && Object.keys(grader.fields)).toEqual([
			'__proto__',
			'constructor',
			'toString'
		]);
		expect(grader.type === 'json_fields' && Object.getPrototypeOf(grader.fields)).toBe(
			Object.prototype
		);
		const item = result.pack.splits.val[0];
		expect(item?.vars).toEqual(JSON.parse('{"__proto__": "v", "constructor": "2"}'));
		expect(Object.keys(obj(item?.answer))).toEqual(['__proto__', 'constructor', 'toString']);
		expect(Object.keys(item?.meta?.features ?? {})).toEqual(['constructor']);
		expect(Object.hasOwn(item?.meta ?? {}, '__proto__')).toBe(true);
		expect(Object.keys(Object.prototype)).toEqual([]);
	});

	it('refuses deep nesting with a message instead of overflowing the stack', async () => {
		const deepArray = JSON.parse('['.repeat(20_000) + ']'.repeat(20_000));
		const deepGrader = JSON.parse(
			'{"type":"all","of":['.repeat(5_000) + '{"type":"exact"}' + ']}'.repeat(5_000)
		);
		const answer70 = JSON.parse('{"a":'.repeat(70) + '1' + '}'.repeat(70));
		expect((await errorsOf(pack({ grader: deepGrader })))[0]).toMatch(
			/^grader\.of\[0\]\.of\[0\]\.of…? ?.*nested more than 100 levels deep$/u
		);
		expect((await errorsOf(deepArray))[0]).toBe('a pack must be a JSON object, got an array');
		expect((await errorsOf(pack({ items: deepArray, splits: undefined })))[0]).toMatch(
			/nested more than 100 levels deep$/u
		);
		expect(
			await errorsOf(pack({ splits: { val: [{ id: 'a', input: 'q', answer: answer70 }] } }))
		).toEqual([
			"val item 0 (id 'a'): answer must be plain JSON: it is nested more than 64 levels deep"
		]);
	});

	it('keeps messages short for huge strings', async () => {
		const huge = 'x'.repeat(2_000_000);
		const cases = [
			pack({ format: huge }),
			pack({ format: `skillopt-playground.pack.${huge}` }),
			pack({ grader: { type: huge } }),
			pack({ splits: { val: [{ id: huge, input: 5 }] } }),
			pack({ splits: { val: [{ id: 'a', input: 'q', split: huge }] } }),
			pack({ gate: { metric: huge } })
		];
		for (const json of cases)
			for (const message of await errorsOf(json)) expect(message.length).toBeLessThan(400);
		const ok = await parsePack(
			pack({ splits: { val: [{ id: 'a', input: huge, answer: huge }] } }),
			hasher
		);
		expect(ok.ok).toBe(true);
	});

	it('gives a message for a wrong type in every field, at every level', async () => {
		const wrong: unknown[] = [0, -1, 1.5, 'text', '', true, null, [], [1], {}, { a: 1 }];
		const fields = [
			'id',
			'title',
			'description',
			'license',
			'source',
			'initialSkill',
			'prompt',
			'generation',
			'grader',
			'gate',
			'splits',
			'items',
			'splitRule'
		];
		let failures = 0;
		for (const field of fields)
			for (const value of wrong) {
				const result: ParsePackResult = await parsePack(pack({ [field]: value }), hasher);
				if (!result.ok) {
					failures++;
					expect(result.errors.length).toBeGreaterThan(0);
					expect(result.errors.every((e) => e.message !== '' && e.path !== undefined)).toBe(true);
				}
			}
		const itemFields = [
			'id',
			'input',
			'vars',
			'messages',
			'answer',
			'choices',
			'grader',
			'checks',
			'split',
			'meta'
		];
		for (const field of itemFields)
			for (const value of wrong) {
				const result = await parsePack(
					pack({ splits: { val: [{ id: 'a', input: 'q', answer: 'x', [field]: value }] } }),
					hasher
				);
				if (!result.ok) {
					failures++;
					expect(result.errors[0]?.message).toMatch(/^val item 0/u);
					expect(result.errors[0]?.path).toMatch(/^splits\.val\[0\]/u);
				}
			}
		expect(failures).toBeGreaterThan(150);
		for (const value of wrong) {
			const result = await parsePack(value, hasher);
			expect(!result.ok && result.errors[0]?.message).toMatch(
				/^(a pack must be a JSON object|missing format)/u
			);
		}
	});

	it('does not treat inherited names as fields', async () => {
		// `in` would find Object.prototype's members; only own keys count.
		expect(
			await errorsOf(
				pack({
					splits: { val: [{ id: 'toString', input: 'q', grader: { type: 'hasOwnProperty' } }] }
				})
			)
		).toEqual([
			"val item 0 (id 'toString'): grader.type 'hasOwnProperty' is not a grader type (one of exact, numeric, choice, word_list, regex, json_fields, constraints, js, all, any)"
		]);
		expect(await errorsOf({ format: FORMAT, id: 'x', splits: { val: [] } })).toEqual([
			'missing grader (e.g. {"type": "exact"})'
		]);
	});
});
