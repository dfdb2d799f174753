/**
 * Whole training runs against the scripted engine: the loop must improve a skill on at least two
 * families, reject harmful edits and ties, keep rejected edits in an epoch-local buffer, and beat
 * a gate-off control run on test.
 */
import { describe, expect, it } from 'vitest';
import type { LoopEvent } from '../../../../src/core/loop/index.ts';
import { FAMILY_LESSONS } from '../../../../workers/engines/scripted/lessons/index.ts';
import { lessonsIn } from '../../../../workers/engines/scripted/skill-text.ts';
import { pack, scriptedRun } from './helpers.ts';

describe('full runs with default settings', () => {
	for (const family of ['coin-flip', 'last-letters', 'object-counting']) {
		it(`${family}: best val rises ≥ 20 points within 3 epochs and best beats the seed on test`, async () => {
			const { result } = await scriptedRun({ pack: await pack(family, 1), seed: 1 });
			const { val, test } = result.summary;
			expect(result.summary.epochs).toBe(3);
			expect(val.best).toBeGreaterThanOrEqual(val.seed + 0.2);
			expect(test).toBeDefined();
			expect(test?.best ?? 0).toBeGreaterThan(test?.seed ?? 1);
			expect(result.summary.stageFailures).toBeGreaterThanOrEqual(0);
		});
	}
});

describe('the gate and the buffer', () => {
	it('rejects at least one candidate that adds a harmful rule, and keeps no harmful rule', async () => {
		const lessons = FAMILY_LESSONS.get('coin-flip');
		if (lessons === undefined) throw new Error('no coin-flip lessons');
		const harmful = (text: string): string[] =>
			lessonsIn(text, lessons)
				.filter((l) => l.kind === 'harmful')
				.map((l) => l.id);
		const events: LoopEvent[] = [];
		const { result } = await scriptedRun(
			{ pack: await pack('coin-flip', 1), seed: 1 },
			'harmful-heavy',
			{ onEvent: (e) => events.push(e) }
		);
		let rejectedHarmful = 0;
		let proposal: Extract<LoopEvent, { type: 'proposal' }> | undefined;
		let current = result.seedSkill;
		for (const e of events) {
			if (e.type === 'proposal') proposal = e;
			if (e.type === 'gate' && proposal !== undefined) {
				const added = harmful(proposal.candidate).filter((id) => !harmful(current).includes(id));
				if (added.length > 0 && e.action === 'reject') rejectedHarmful++;
				if (e.action !== 'reject') current = proposal.candidate;
			}
		}
		expect(rejectedHarmful).toBeGreaterThan(0);
		expect(harmful(result.bestSkill)).toEqual([]);
	});

	it('rejects ties: an unchanged candidate costs no rollouts and is rejected', async () => {
		const { result } = await scriptedRun({ pack: await pack('coin-flip', 1), seed: 1 });
		const ties = result.steps.filter(
			(s) => s.action === 'reject' && s.evaluation?.score === s.currentScore
		);
		expect(ties.length).toBeGreaterThan(0);
		for (const tie of ties) expect(tie.reason).toMatch(/tie/);
		const cached = ties.filter((s) => s.evaluation?.status === 'cached');
		for (const tie of cached) expect(tie.rollouts.val).toBe(0);
	});

	it('puts the applied edits of a rejected candidate in the buffer, with the score drop', async () => {
		const { snapshots, result } = await scriptedRun({ pack: await pack('coin-flip', 1), seed: 1 });
		const found = snapshots.flatMap((s) =>
			s.buffer.filter((e) => e.action === 'reject' && e.rejected.length > 0)
		);
		expect(found.length).toBeGreaterThan(0);
		const entry = found[0];
		const step = result.steps.find((s) => s.index === entry?.step);
		expect(step?.action).toBe('reject');
		for (const r of entry?.rejected ?? []) {
			expect(step?.ranked).toContainEqual(r.edit);
			expect(r.scoreDrop).toBeGreaterThanOrEqual(0);
		}
	});

	it('empties the buffer at the start of every epoch', async () => {
		const { snapshots } = await scriptedRun({ pack: await pack('coin-flip', 1), seed: 1 });
		const lastOfEpoch1 = snapshots.find(
			(s) => s.cursor.at === 'step' && s.cursor.epoch === 2 && s.cursor.stage === 'rollout'
		);
		expect(lastOfEpoch1?.buffer.length).toBeGreaterThan(0);
		const afterFirstRollout = snapshots.find(
			(s) =>
				s.cursor.at === 'step' &&
				s.cursor.epoch === 2 &&
				s.cursor.step === 1 &&
				s.cursor.stage !== 'rollout'
		);
		expect(afterFirstRollout?.buffer).toEqual([]);
		// Entries in epoch 2 are epoch 2's steps only.
		const later = snapshots.filter(
			(s) =>
				s.cursor.at === 'step' &&
				s.cursor.epoch === 2 &&
				!(s.cursor.step === 1 && s.cursor.stage === 'rollout')
		);
		expect(later.length).toBeGreaterThan(3);
		for (const s of later) for (const e of s.buffer) expect(e.step).toBeGreaterThan(5);
	});

	it('a gate-off control run with the same seeds ends lower on test than the gated run', async () => {
		const p = await pack('coin-flip', 1);
		const gated = await scriptedRun({ pack: p, seed: 1 }, 'harmful-heavy');
		const control = await scriptedRun(
			{ pack: p, seed: 1, gate: { enabled: false } },
			'harmful-heavy'
		);
		expect(control.result.steps.some((s) => s.action === 'force_accept')).toBe(true);
		expect(control.result.steps.some((s) => s.action === 'reject')).toBe(false);
		expect(control.result.summary.test?.final ?? 1).toBeLessThan(
			gated.result.summary.test?.final ?? 0
		);
	});
});
