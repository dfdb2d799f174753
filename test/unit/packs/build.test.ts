import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import { buildFamilyPack } from '../../../src/core/packs/build.ts';
import type { TaskFamily } from '../../../src/core/packs/types.ts';

const hasher = createSha256Hasher(webcrypto.subtle);

/** A stand-in family: the real ones are tested on their own. */
const doubling: TaskFamily = {
	id: 'doubling',
	title: 'Double a number',
	description: 'Double it.',
	prompt: { template: '{{input}}\n\n{{contract}}', contract: 'Answer: <number>' },
	generation: { maxTokens: 64, temperature: 0, stop: [] },
	grader: { type: 'numeric' },
	initialSkill: '# Doubling',
	defaultSizes: { train: 5, val: 12, test: 7 },
	difficulties: [1, 2],
	defaultDifficulty: 1,
	generate(seed, index, difficulty) {
		const n = ((seed * 31 + index * 7) % (10 * difficulty)) + index;
		return {
			id: `doubling#${seed}-${index}`,
			input: `Double ${n}.`,
			answer: 2 * n,
			meta: { difficulty }
		};
	},
	solve(input) {
		return 2 * Number(/\d+/u.exec(input)?.[0]);
	}
};

describe('buildFamilyPack', () => {
	it('generates exactly the requested items and splits them disjointly', async () => {
		const pack = await buildFamilyPack(doubling, { seed: 3 }, hasher);
		expect([pack.splits.train.length, pack.splits.val.length, pack.splits.test.length]).toEqual([
			5, 12, 7
		]);
		const ids = [...pack.splits.train, ...pack.splits.val, ...pack.splits.test].map((i) => i.id);
		expect(new Set(ids)).toEqual(new Set(Array.from({ length: 24 }, (_, i) => `doubling#3-${i}`)));
		expect(pack.format).toBe('skillopt-playground.pack.v1');
		expect(pack.source).toBe('generated: doubling, seed 3, difficulty 1');
		expect(pack.gate.metric).toBe('hard');
	});

	it('is deterministic per seed and honours size and difficulty overrides', async () => {
		const a = await buildFamilyPack(
			doubling,
			{ seed: 9, difficulty: 2, sizes: { val: 20 } },
			hasher
		);
		const b = await buildFamilyPack(
			doubling,
			{ seed: 9, difficulty: 2, sizes: { val: 20 } },
			hasher
		);
		expect(b).toEqual(a);
		expect(a.splits.val).toHaveLength(20);
		expect(a.splits.val[0]?.meta?.difficulty).toBe(2);
		const other = await buildFamilyPack(doubling, { seed: 10 }, hasher);
		expect(other.splits.val.map((i) => i.id)).not.toEqual(a.splits.val.map((i) => i.id));
	});

	it('refuses a difficulty the family does not offer', async () => {
		await expect(buildFamilyPack(doubling, { seed: 1, difficulty: 5 }, hasher)).rejects.toThrow(
			/doubling has no difficulty 5/u
		);
	});
});
