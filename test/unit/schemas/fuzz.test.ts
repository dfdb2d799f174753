// Fuzzing every untrusted format with seeded mutations of valid documents: each input must give
// a value or at least one non-empty message; nothing may throw or write to Object.prototype.
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import { checkSnapshot } from '../../../src/core/loop/snapshot-schema.ts';
import type { RunSnapshot } from '../../../src/core/loop/index.ts';
import { parsePack } from '../../../src/core/packs/format.ts';
import { mutate, prototypeState, seeded } from './mutate.ts';
import { scriptedRun, pack as familyPack } from '../core/loop/helpers.ts';

const hasher = createSha256Hasher(webcrypto.subtle);
const RUNS = 2_000;

const fixture = (name: string): unknown =>
	JSON.parse(readFileSync(new URL(`../../fixtures/imports/${name}`, import.meta.url), 'utf8'));

const richPack = {
	format: 'skillopt-playground.pack.v1',
	id: 'rich',
	title: 'Rich',
	description: 'd',
	license: 'MIT',
	source: 's',
	initialSkill: '# Skill',
	prompt: { template: '{{input}} {{contract}}', contract: 'Answer: <x>', systemPrefix: 'p' },
	generation: { maxTokens: 64, temperature: 0.5, stop: ['\n\n'] },
	gate: { metric: 'mixed', minDeltaItems: 2, mixedWeight: 0.3 },
	grader: {
		type: 'all',
		of: [
			{ type: 'json_fields', fields: { name: 'string', n: 'number' } },
			{ type: 'regex', pattern: 'x' }
		],
		weights: [1, 2]
	},
	splits: {
		train: [
			{
				id: 't1',
				vars: { a: 'x', b: 2 },
				answer: { name: 'a', n: 1 },
				meta: { features: { k: 1 }, difficulty: 2, note: ['x'] }
			}
		],
		val: [
			{
				id: 'v1',
				messages: [
					{ role: 'system', content: 's' },
					{ role: 'user', content: 'u' }
				],
				answer: { name: 'b', n: 2 },
				grader: { type: 'constraints' },
				checks: [{ op: 'minWords', arg: 3 }]
			},
			{
				id: 'v2',
				input: 'q',
				choices: { A: 'a', B: 'b' },
				answer: 'A',
				grader: { type: 'choice' },
				split: 'val'
			}
		],
		test: []
	}
};

describe('fuzz: every format answers every input', () => {
	it(`pack files: ${RUNS} mutated inputs per base document`, async () => {
		const before = prototypeState();
		const bases = [richPack, fixture('tiny-addition.pack.json'), fixture('broken.pack.json')];
		const random = seeded(10);
		let accepted = 0;
		let rejected = 0;
		for (const base of bases)
			for (let i = 0; i < RUNS; i++) {
				const input = mutate(base, random);
				const result = await parsePack(input, hasher);
				if (result.ok) accepted++;
				else {
					rejected++;
					expect(result.errors.length, JSON.stringify(input).slice(0, 300)).toBeGreaterThan(0);
					for (const error of result.errors) expect(error.message.trim().length).toBeGreaterThan(0);
				}
			}
		expect(prototypeState()).toBe(before);
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
		// The generator reaches both sides: mutations that keep a valid pack and ones that break it.
		expect(accepted).toBeGreaterThan(50);
		expect(rejected).toBeGreaterThan(RUNS);
	}, 120_000);

	describe('run snapshots', () => {
		let snapshot: RunSnapshot;
		beforeAll(async () => {
			const { snapshots } = await scriptedRun({ pack: await familyPack('coin-flip', 1), seed: 1 });
			const middle = snapshots[Math.floor(snapshots.length / 4)];
			if (middle === undefined) throw new Error('no snapshots');
			// The config is checked where configs are resolved; a small one keeps the mutations on
			// the snapshot's own parts.
			snapshot = { ...middle, config: { seed: 1 } as unknown as RunSnapshot['config'] };
		}, 60_000);

		it(`${RUNS} mutated snapshots`, () => {
			const before = prototypeState();
			expect(checkSnapshot(snapshot).ok).toBe(true);
			const random = seeded(11);
			let rejected = 0;
			for (let i = 0; i < RUNS; i++) {
				const result = checkSnapshot(mutate(snapshot, random));
				if (!result.ok) {
					rejected++;
					expect(result.errors.length).toBeGreaterThan(0);
					for (const error of result.errors) expect(error.trim().length).toBeGreaterThan(0);
				}
			}
			expect(prototypeState()).toBe(before);
			expect(rejected).toBeGreaterThan(RUNS * 0.6);
		}, 60_000);
	});
});
