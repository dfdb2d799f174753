import { describe, expect, it } from 'vitest';
import { buildSnapshot, runMatches, type ShareInput } from '../../../src/lib/share/build.ts';
import { encodeShareFragment, decodeShareFragment } from '../../../src/lib/share/codec.ts';
import { DEFAULT_RUN_SETTINGS } from '../../../src/lib/state/run-controller.svelte.ts';
import type { RunSummary } from '../../../src/core/loop/summary.ts';
import { buildFamilyPack } from '../../../src/core/packs/build.ts';
import { findFamily } from '../../../src/core/packs/families/index.ts';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import { describeContents } from '../../../src/core/share/index.ts';

const hasher = createSha256Hasher(crypto.subtle);
const summary = {
	val: { seed: 0.4, best: 0.7, final: 0.7 },
	test: { seed: 0.35, best: 0.65, final: 0.65 }
} as RunSummary;

async function input(overrides: Partial<ShareInput> = {}): Promise<ShareInput> {
	const family = findFamily('coin-flip');
	if (!family) throw new Error('coin-flip is a built-in family');
	const pack = await buildFamilyPack(family, { seed: 3, difficulty: 2 }, hasher);
	return {
		title: 'Coin flips',
		note: '',
		skill: { name: 'Coins', description: '', text: '# Coins\n- Count flips.' },
		engine: { engine: 'scripted', scenario: 'default' },
		pack,
		origin: { kind: 'built-in', familyId: 'coin-flip', difficulty: 2, seed: 3 },
		run: {
			settings: DEFAULT_RUN_SETTINGS,
			summary,
			steps: [],
			bestSkill: '# Coins\n- Count flips.'
		},
		includeHistory: true,
		...overrides
	};
}

describe('building a share snapshot', () => {
	it('never carries an endpoint URL, its model name, an API key or a custom model', async () => {
		const secrets = ['https://api.example.com/v1', 'sk-secret-key', 'my-private-model'];
		for (const engine of [
			{ engine: 'openai' as const, modelId: 'my-private-model' },
			{
				engine: 'webllm' as const,
				modelId: 'https://huggingface.co/me/my-private-model',
				inCatalogue: false
			},
			{ engine: 'webllm' as const, modelId: 'my-private-model', inCatalogue: false }
		]) {
			const snapshot = buildSnapshot(await input({ engine }));
			const fragment = await encodeShareFragment(snapshot);
			const decoded = await decodeShareFragment(fragment);
			expect(decoded.kind).toBe('ok');
			const json = JSON.stringify(decoded.kind === 'ok' ? decoded.snapshot : null);
			for (const secret of secrets) expect(json).not.toContain(secret);
		}
		expect(buildSnapshot(await input({ engine: { engine: 'openai' } })).source).toEqual({
			engine: 'endpoint'
		});
		expect(
			buildSnapshot(
				await input({
					engine: {
						engine: 'webllm',
						modelId: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
						inCatalogue: true
					}
				})
			).source
		).toEqual({ engine: 'webllm', model: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC' });
	});

	it('includes scores, settings and run seed only when the editor holds the run’s best skill', async () => {
		const matching = buildSnapshot(await input());
		expect(matching.scores).toEqual({
			val: { seed: 0.4, best: 0.7 },
			test: { seed: 0.35, best: 0.65 }
		});
		expect(matching.runSeed).toBe(DEFAULT_RUN_SETTINGS.seed);
		expect(matching.task).toEqual({
			kind: 'family',
			family: 'coin-flip',
			difficulty: 2,
			seed: 3,
			sizes: { train: 40, val: 40, test: 100 }
		});
		const edited = await input({ skill: { name: 'Coins', description: '', text: 'edited' } });
		expect(runMatches(edited)).toBe(false);
		const other = buildSnapshot(edited);
		expect(other.scores).toBeUndefined();
		expect(other.settings).toBeUndefined();
		expect(describeContents(other).join('\n')).not.toContain('scores');
	});

	it('includes a small imported dataset, marked as included, and only names a large one', async () => {
		const base = await input();
		const pack = base.pack;
		if (!pack) throw new Error('pack');
		const small = {
			...pack,
			splits: {
				train: pack.splits.train.slice(0, 3),
				val: pack.splits.val.slice(0, 3),
				test: pack.splits.test.slice(0, 3)
			}
		};
		const inline = buildSnapshot({
			...base,
			pack: small,
			origin: { kind: 'imported', fileName: 'https://example.com/x.json', containsCode: false }
		});
		expect(inline.task?.kind).toBe('inline');
		expect(JSON.stringify(inline)).not.toContain('example.com');
		expect(describeContents(inline).join('\n')).toContain('a small dataset included in the link');
		const large = buildSnapshot({
			...base,
			origin: { kind: 'imported', fileName: 'big.json', containsCode: false }
		});
		expect(large.task).toEqual({ kind: 'named', title: pack.title });
	});
});
