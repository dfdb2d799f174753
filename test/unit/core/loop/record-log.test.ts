/**
 * Run format v2: each step's detail is recorded once, in the record handed out with the
 * snapshot after the stage that finished it, and snapshots no longer carry the run's history,
 * so the bytes written per step stay flat as a run grows.
 */
import { describe, expect, it } from 'vitest';
import { buildFamilyPack } from '../../../../src/core/packs/build.ts';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import type { RunSnapshot, StepRecord } from '../../../../src/core/loop/index.ts';
import { hasher, pack, scriptedRun } from './helpers.ts';

/** Bytes written per training step: every snapshot up to and including the one with its record. */
function bytesPerStep(snapshots: readonly RunSnapshot[]): number[] {
	const perStep: number[] = [];
	let pending = 0;
	for (const s of snapshots) {
		pending += JSON.stringify(s).length;
		if (s.newRecords.some((r) => r.kind === 'step')) {
			perStep.push(pending);
			pending = 0;
		}
	}
	return perStep;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the record log', () => {
	it('bytes written per step of a 200-step run do not grow with the step index', async () => {
		const family = findFamily('coin-flip');
		if (family === undefined) throw new Error('no coin-flip');
		const p = await buildFamilyPack(
			family,
			{ seed: 3, sizes: { train: 40, val: 16, test: 0 } },
			hasher
		);
		const { result, snapshots } = await scriptedRun(
			{ pack: p, seed: 3, epochs: 5, batchSize: 1, evalTest: false },
			'default'
		);
		const steps = result.steps.filter((s) => s.kind === 'step');
		expect(steps).toHaveLength(200);
		const bytes = bytesPerStep(snapshots);
		expect(bytes).toHaveLength(200);
		// The caches fill up during the first epoch (bounded by the live skills times the
		// items), then the cost per step is flat: a history carried in every snapshot (about
		// 1.5 kB per earlier step here) would make steps 160–200 cost half again as much as
		// steps 100–140, and the last ones several times the first ones.
		const early = mean(bytes.slice(10, 50));
		const middle = mean(bytes.slice(100, 140));
		const late = mean(bytes.slice(160, 200));
		expect(late / middle).toBeLessThan(1.1);
		expect(late / early).toBeLessThan(1.5);
		expect(Math.max(...bytes.slice(10))).toBeLessThan(early * 2.5);
		// Every record is handed out exactly once, in order.
		const handed = snapshots.flatMap((s) => s.newRecords);
		expect(handed).toEqual(result.records);
		expect(snapshots.at(-1)?.recorded).toBe(result.records.length);
		expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
	}, 120_000);

	it('records what the run view shows: sources, lists, texts, per-item val results', async () => {
		const { result } = await scriptedRun({ pack: await pack('coin-flip', 1), seed: 1 });
		const steps = result.steps.filter(
			(s): s is StepRecord & Required<Pick<StepRecord, 'detail'>> =>
				s.kind === 'step' && s.detail !== undefined
		);
		expect(steps.length).toBe(result.steps.filter((s) => s.kind === 'step').length);
		for (const s of steps) {
			expect(s.detail.pool).toHaveLength(s.proposed);
			expect(s.detail.merged).toHaveLength(s.merged);
			expect(s.detail.kept.map((k) => k.edit)).toEqual(s.ranked);
			expect(s.detail.rollouts.map((r) => r.id)).toEqual(s.batch);
			expect(s.detail.analyses).toHaveLength(s.analyses.calls);
			for (const p of s.detail.pool) expect(['failure', 'success', 'human']).toContain(p.source);
		}
		const accepted = steps.find((s) => s.action === 'accept_new_best');
		expect(accepted?.detail.candidate?.text).not.toBe(accepted?.detail.against.text);
		expect(accepted?.evaluation?.score).toBeGreaterThan(accepted?.detail.against.score ?? 1);
		const fixed = accepted?.evaluation?.items?.filter(
			(i) => (i.before?.hard ?? 0) < 1 && (i.hard ?? 0) >= 1
		);
		expect(fixed?.length).toBeGreaterThan(0);
		const early = steps.find((s) => s.evaluation?.status === 'early_reject');
		const items = early?.evaluation?.items ?? [];
		expect(items.filter((i) => i.evaluated)).toHaveLength(early?.evaluation?.evaluated ?? -1);
		expect(items.some((i) => !i.evaluated)).toBe(true);
		// Epoch 1 adds the empty protected block; a later epoch's slow update keeps its guidance.
		expect(result.epochs[0]?.slowBlock?.after.text).toContain('SLOW');
		const slow = result.steps.find((s) => s.kind === 'slow-update');
		expect(slow?.detail?.guidance).toBeTypeOf('string');
		expect(slow?.detail?.candidate?.text).toContain(slow?.detail?.guidance ?? '\u0000');
		expect(result.epochs.some((e) => e.metaSkill !== '')).toBe(true);
	});
});
