/**
 * A stored run's link input: its best skill, scores and history from the stored records, and an
 * engine that never carries a custom model, an endpoint or its address.
 */
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/lib/share/build.ts';
import { engineFromSettings, storedRunShare } from '../../../src/lib/share/stored-run.ts';
import { DEFAULT_RUN_SETTINGS } from '../../../src/lib/state/run-controller.svelte.ts';
import { shareSource } from '../../../src/core/share/index.ts';
import { pack, scriptedRun } from '../core/loop/helpers.ts';

const anyId = () => true;

describe('stored run share input', () => {
	it('maps stored model settings to a source without custom models or endpoints', () => {
		const endpoint = {
			choice: 'openai',
			endpoint: { baseUrl: 'https://secret.example/v1', model: 'mine', apiKey: 'sk-1' }
		} as never;
		expect(shareSource(engineFromSettings(endpoint, anyId))).toEqual({ engine: 'endpoint' });
		const custom = { choice: 'webllm', useCustom: true, webllmModel: 'https://x.example/m' };
		expect(shareSource(engineFromSettings(custom as never, anyId))).toEqual({
			engine: 'webllm',
			customModel: true
		});
		const listed = { choice: 'webllm', useCustom: false, webllmModel: 'Qwen2.5-0.5B-q4f16_1-MLC' };
		expect(shareSource(engineFromSettings(listed as never, anyId))).toEqual({
			engine: 'webllm',
			model: 'Qwen2.5-0.5B-q4f16_1-MLC'
		});
		expect(shareSource(engineFromSettings(listed as never, () => false))).toEqual({
			engine: 'webllm',
			customModel: true
		});
		const sim = { choice: 'scripted', scenario: 'reject-heavy' };
		expect(engineFromSettings(sim as never, anyId)).toEqual({
			engine: 'scripted',
			scenario: 'reject-heavy'
		});
		expect(engineFromSettings(undefined, anyId)).toEqual({ engine: 'none' });
	});

	it('shares the run’s best skill with its scores and history, whatever the editor holds', async () => {
		const p = await pack('coin-flip', 1);
		const { result, snapshots } = await scriptedRun({ pack: p, seed: 1, epochs: 2 });
		const config = { settings: DEFAULT_RUN_SETTINGS, model: { choice: 'scripted' } };
		const stored = storedRunShare(
			{ config, summary: result.summary },
			result.snapshot,
			result.records,
			anyId
		);
		if (stored === null) throw new Error('a finished run is shareable');
		expect(stored.bestSkill).toBe(result.bestSkill);
		expect(stored.steps).toEqual(result.steps);
		const snapshot = buildSnapshot({
			title: 'T',
			note: '',
			skill: { name: 'S', description: '', text: stored.bestSkill },
			engine: stored.engine,
			pack: stored.pack,
			origin: { kind: 'imported', fileName: 'x', containsCode: false },
			run: { ...stored, bestSkill: stored.bestSkill },
			includeHistory: true
		});
		expect(snapshot.scores?.val).toEqual({
			seed: result.summary.val.seed,
			best: result.summary.val.best
		});
		expect(snapshot.history?.length).toBe(result.steps.length);
		// Nothing to share before the seed skill was scored, or without the stored settings.
		const unscored = { ...result.snapshot, cursor: { at: 'baseline' as const } };
		expect(storedRunShare({ config, summary: null }, unscored, [], anyId)).toBeNull();
		expect(storedRunShare({ config, summary: null }, null, [], anyId)).toBeNull();
		expect(storedRunShare({ config: {}, summary: null }, result.snapshot, [], anyId)).toBeNull();
		// A stopped run without a stored summary gets one from its snapshot.
		const stopped = snapshots[Math.floor(snapshots.length / 2)] ?? null;
		const partial = storedRunShare({ config, summary: null }, stopped, [], anyId);
		expect(partial?.summary.val.seed).toBe(result.summary.val.seed);
	});
});
