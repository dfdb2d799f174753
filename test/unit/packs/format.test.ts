import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import { checkGraderSpec, parsePack, serialisePack } from '../../../src/core/packs/format.ts';
import { effectiveSpec } from '../../../src/core/packs/graders/index.ts';
import type { TaskPack } from '../../../src/core/packs/types.ts';

const hasher = createSha256Hasher(webcrypto.subtle);
const fixture = (name: string): unknown =>
	JSON.parse(readFileSync(new URL(`../../fixtures/imports/${name}`, import.meta.url), 'utf8'));

async function parsed(json: unknown): Promise<TaskPack> {
	const result = await parsePack(json, hasher);
	if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
	return result.pack;
}

const minimal = {
	format: 'skillopt-playground.pack.v1',
	id: 'mini',
	grader: { type: 'exact' },
	splits: { val: [{ id: 'a', input: 'q', answer: 'x' }] }
};

describe('parsePack', () => {
	it('reads a pack with items and a split rule, keeping explicit splits', async () => {
		const pack = await parsed(fixture('tiny-addition.pack.json'));
		expect(pack.id).toBe('tiny-addition');
		expect([pack.splits.train.length, pack.splits.val.length, pack.splits.test.length]).toEqual([
			3, 10, 3
		]);
		expect(pack.splits.test.map((i) => i.id)).toContain('add-1');
		expect(pack.grader).toEqual({ type: 'numeric', marker: 'Answer:', absTol: 0 });
		expect(pack.splits.val[0]?.meta?.features).toBeDefined();
	});

	it('fills defaults for prompt, generation, gate, title and description', async () => {
		const result = await parsePack(minimal, hasher);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.pack.prompt).toEqual({ template: '{{input}}\n\n{{contract}}', contract: '' });
		expect(result.pack.generation).toEqual({ maxTokens: 256, temperature: 0, stop: [] });
		expect(result.pack.gate).toEqual({ metric: 'hard', minDeltaItems: 1, mixedWeight: 0.5 });
		expect(result.pack.title).toBe('mini');
		expect(result.pack.splits.train).toEqual([]);
		expect(result.warnings.map((w) => w.code)).toContain('default-prompt');
	});

	it('round-trips through serialisePack', async () => {
		const pack = await parsed(fixture('tiny-addition.pack.json'));
		const written = serialisePack(pack);
		expect(written['format']).toBe('skillopt-playground.pack.v1');
		expect(written['splits']).toBeDefined();
		expect(written['items']).toBeUndefined();
		const again = await parsed(JSON.parse(JSON.stringify(written)));
		expect(again).toEqual(pack);
		expect(serialisePack(again)).toEqual(written);
	});

	it('names an unknown format version specifically', async () => {
		const result = await parsePack({ ...minimal, format: 'skillopt-playground.pack.v2' }, hasher);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors[0]?.message).toBe(
			"unsupported pack format version 'skillopt-playground.pack.v2': this app reads skillopt-playground.pack.v1"
		);
		const other = await parsePack({ ...minimal, format: 'promptfoo' }, hasher);
		expect(!other.ok && other.errors[0]?.message).toMatch(/^not a SkillOpt Playground pack/u);
		const none = await parsePack({ id: 'x' }, hasher);
		expect(!none.ok && none.errors[0]?.message).toMatch(/^missing format/u);
	});

	it('reports every problem of a broken pack, pointing at the item and field', async () => {
		const result = await parsePack(fixture('broken.pack.json'), hasher);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const messages = result.errors.map((e) => e.message);
		expect(messages).toContain("item 1 (id 'ok-1'): duplicate id 'ok-1' (also item 0 (id 'ok-1'))");
		expect(messages).toContain(
			"item 2 (id 'no-input'): missing input (needs input, vars or messages)"
		);
		expect(messages).toContain('item 3: missing id');
		expect(
			messages.some((m) =>
				m.startsWith(
					'item 4 (id \'bad-check\'): checks[0]: unknown constraint operation "minSyllables"'
				)
			)
		).toBe(true);
		expect(messages).toContain(
			'item 5 (id \'bad-split\'): split must be train, val or test, got "validation"'
		);
		expect(messages).toContain('generation.maxTokens must be a whole number > 0');
		const missing = result.errors.find((e) => e.code === 'missing-input');
		expect(missing).toMatchObject({ path: 'items[2].input', itemId: 'no-input' });
	});

	it('locates items inside explicit splits by split name', async () => {
		const result = await parsePack(
			{
				...minimal,
				splits: {
					val: [
						{ id: 'a', input: 'q' },
						{ id: 'b', input: 7 }
					]
				}
			},
			hasher
		);
		expect(!result.ok && result.errors[0]?.message).toBe(
			"val item 1 (id 'b'): input must be a string, got a number"
		);
	});

	it('rejects an id that appears in two splits, and both splits and items at once', async () => {
		const twice = await parsePack(
			{
				...minimal,
				splits: { train: [{ id: 'a', input: 'q' }], val: [{ id: 'a', input: 'q' }] }
			},
			hasher
		);
		expect(!twice.ok && twice.errors[0]?.message).toBe(
			"val item 0 (id 'a'): duplicate id 'a' (also train item 0 (id 'a'))"
		);
		const both = await parsePack({ ...minimal, items: [] }, hasher);
		expect(!both.ok && both.errors[0]?.message).toBe('give either splits or items, not both');
	});

	it('reports split sizes that ask for more items than there are', async () => {
		const result = await parsePack(
			{
				...minimal,
				splits: undefined,
				items: [{ id: 'a', input: 'q' }],
				splitRule: { sizes: { train: 0, val: 5, test: 0 } }
			},
			hasher
		);
		expect(!result.ok && result.errors[0]).toMatchObject({ code: 'split-sizes' });
	});

	it('checks grader specs, nested ones included', async () => {
		const bad = await parsePack(
			{ ...minimal, grader: { type: 'all', of: [{ type: 'regex' }, { type: 'fuzzy' }] } },
			hasher
		);
		expect(!bad.ok && bad.errors.map((e) => e.message)).toEqual([
			"grader.of[0] (regex) needs 'pattern'",
			"grader.of[1].type 'fuzzy' is not a grader type (one of exact, numeric, choice, word_list, regex, json_fields, constraints, js, all, any)"
		]);
		const weights = checkGraderSpec({ type: 'all', of: [{ type: 'exact' }], weights: [1, 2] });
		expect(!weights.ok && weights.errors[0]?.message).toBe(
			'grader.weights has 2 entries for 1 graders'
		);
	});

	it('accepts a per-item grader override that leaves out the type', async () => {
		const pack = await parsed({
			...minimal,
			grader: { type: 'numeric', absTol: 0 },
			splits: { val: [{ id: 'a', input: 'q', answer: 1, grader: { absTol: 0.5 } }] }
		});
		const item = pack.splits.val[0];
		expect(effectiveSpec(pack.grader, { id: 'x', grader: item?.grader })).toEqual({
			type: 'numeric',
			absTol: 0.5
		});
		expect(
			effectiveSpec(pack.grader, { id: 'x', grader: { type: 'regex', pattern: 'x' } })
		).toEqual({
			type: 'regex',
			pattern: 'x'
		});
	});
});
