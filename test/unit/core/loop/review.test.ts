/**
 * The review port and the hold between stages: a person dropping or rewriting a kept edit
 * before the gate changes the gated candidate, is recorded with source "person" in the step
 * record and the snapshot, and a run resumed after the review reproduces it without asking
 * again. A run held between stages ends exactly like one that never waited.
 */
import { describe, expect, it } from 'vitest';
import {
	applyReview,
	runOptimization,
	type ReviewPort,
	type ReviewRequest,
	type RunSnapshot,
	type StageBoundary,
	type StepRecord
} from '../../../../src/core/loop/index.ts';
import { checkSnapshot } from '../../../../src/core/loop/snapshot-schema.ts';
import { isAbortError } from '../../../../src/core/errors.ts';
import { hasher, pack, scripted, scriptedRun } from './helpers.ts';

/** A review port that changes the first step with kept edits, and counts its calls. */
function reviewer(change: (request: ReviewRequest) => ReturnType<ReviewPort['review']>) {
	const asked: ReviewRequest[] = [];
	let done = false;
	const port: ReviewPort = {
		review(request) {
			asked.push(request);
			if (done) return Promise.resolve({ changes: [] });
			done = true;
			return change(request);
		}
	};
	return { port, asked };
}

async function run(review?: ReviewPort) {
	const p = await pack('coin-flip', 1);
	const engine = scripted('clean');
	const snapshots: RunSnapshot[] = [];
	const result = await runOptimization(
		{ pack: p, seed: 1, epochs: 2 },
		{ executor: engine, optimiser: engine, hasher, ...(review ? { review } : {}) },
		{ onSnapshot: (s) => void snapshots.push(s) }
	);
	return { result, snapshots };
}

const reviewedStep = (steps: StepRecord[]) => steps.find((s) => s.detail?.review !== undefined);

describe('the review port before the gate', () => {
	it('dropping a kept edit changes the gated candidate and is recorded as the person’s', async () => {
		const plain = await run();
		const { port, asked } = reviewer(() =>
			Promise.resolve({ changes: [{ index: 0, action: 'drop' }] })
		);
		const reviewed = await run(port);
		const first = asked[0];
		expect(first).toBeDefined();
		const step = reviewedStep(reviewed.result.steps);
		expect(step?.index).toBe(first?.step);
		const same = plain.result.steps.find((s) => s.index === step?.index && s.kind === 'step');
		expect(step?.detail?.review).toEqual({
			source: 'person',
			before: first?.kept,
			changes: [{ index: 0, action: 'drop' }]
		});
		expect(step?.ranked).toEqual(first?.kept.slice(1).map((p) => p.edit));
		expect(same?.ranked).toEqual(first?.kept.map((p) => p.edit));
		// The gate judged another candidate (or none, when the only kept edit was dropped).
		expect(step?.detail?.candidate?.text).not.toBe(same?.detail?.candidate?.text);
		// Asked once per step with kept edits, never twice for a step.
		const steps = asked.map((r) => r.step);
		expect(new Set(steps).size).toBe(steps.length);
	}, 30_000);

	it('rewriting a kept edit’s content marks it as the person’s, and a rule-less edit is gated', async () => {
		const { port, asked } = reviewer((request) => {
			const edit = request.kept[0]?.edit;
			return Promise.resolve({
				changes: [
					{
						index: 0,
						action: 'edit',
						edit: { op: edit?.op ?? 'append', content: 'Answer tersely.' }
					}
				]
			});
		});
		const { result } = await run(port);
		const step = reviewedStep(result.steps);
		expect(step?.detail?.kept[0]).toEqual({
			edit: { op: asked[0]?.kept[0]?.edit.op, content: 'Answer tersely.' },
			source: 'person'
		});
		expect(step?.evaluation).toBeDefined();
	}, 30_000);

	it('dropping every kept edit skips the gate, with the reason', async () => {
		const { port } = reviewer((request) =>
			Promise.resolve({
				changes: request.kept.map((_, index) => ({ index, action: 'drop' as const }))
			})
		);
		const { result } = await run(port);
		const step = reviewedStep(result.steps);
		expect(step?.action).toBe('skip_no_patches');
		expect(step?.reason).toBe('the person dropped every kept edit before the gate');
		expect(step?.evaluation).toBeUndefined();
	}, 30_000);

	it('a run resumed after the review reproduces it without asking again', async () => {
		const { port } = reviewer(() => Promise.resolve({ changes: [{ index: 0, action: 'drop' }] }));
		const reviewed = await run(port);
		const at = reviewed.snapshots.findIndex((s) => s.work.review !== undefined);
		expect(at).toBeGreaterThan(0);
		for (const snapshot of [reviewed.snapshots[at], reviewed.snapshots[at + 3]]) {
			if (snapshot === undefined) throw new Error('no snapshot');
			// Stored as JSON and back, checked as a resume checks it.
			const stored = JSON.parse(JSON.stringify(snapshot)) as RunSnapshot;
			expect(checkSnapshot(stored).ok).toBe(true);
			const asked: number[] = [];
			const engine = scripted('clean');
			const resumed = await runOptimization(
				{ pack: await pack('coin-flip', 1) },
				{
					executor: engine,
					optimiser: engine,
					hasher,
					review: {
						review: (r) => (asked.push(r.step), Promise.resolve({ changes: [] }))
					}
				},
				{ resumeFrom: stored }
			);
			expect(resumed.snapshot).toEqual(reviewed.result.snapshot);
			expect(asked).not.toContain(reviewedStep(reviewed.result.steps)?.index);
		}
	}, 60_000);

	it('the snapshot schema accepts the person’s record and names a bad one', async () => {
		const { port } = reviewer(() => Promise.resolve({ changes: [{ index: 0, action: 'drop' }] }));
		const { snapshots } = await run(port);
		const withReview = snapshots.filter(
			(s) =>
				s.work.review !== undefined ||
				s.newRecords.some((r) => r.kind === 'step' && r.detail?.review !== undefined)
		);
		expect(withReview.length).toBeGreaterThanOrEqual(2);
		for (const s of withReview) expect(checkSnapshot(JSON.parse(JSON.stringify(s))).ok).toBe(true);
		const bad = JSON.parse(JSON.stringify(withReview[0])) as Record<string, unknown> & {
			work: { review: { changes: unknown[] } };
		};
		bad.work.review.changes = [{ index: 0, action: 'keep' }];
		const checked = checkSnapshot(bad);
		expect(checked.ok ? [] : checked.errors.join(' ')).toMatch(/work\.review\.changes\[0\]/);
	}, 30_000);

	it('a bad answer changes nothing and names the edit', () => {
		const kept = [{ edit: { op: 'append' as const, content: 'x' }, source: 'failure' as const }];
		expect(() => applyReview(kept, [{ index: 3, action: 'drop' }])).toThrow(/no kept edit 4/);
		expect(() =>
			applyReview(kept, [
				{ index: 0, action: 'drop' },
				{ index: 0, action: 'drop' }
			])
		).toThrow(/changed twice/);
		expect(kept).toHaveLength(1);
	});
});

describe('holding between stages', () => {
	it('a run held after every stage ends exactly like one that never waited', async () => {
		const p = await pack('coin-flip', 1);
		const { result } = await scriptedRun({ pack: p, seed: 1, epochs: 2 }, 'clean');
		const held: StageBoundary[] = [];
		const engine = scripted('clean');
		const waited = await runOptimization(
			{ pack: p, seed: 1, epochs: 2 },
			{ executor: engine, optimiser: engine, hasher },
			{
				hold: (b) => {
					held.push(b);
					return new Promise((resolve) => setTimeout(resolve, 1));
				}
			}
		);
		expect(waited.snapshot).toEqual(result.snapshot);
		expect(held.length).toBeGreaterThan(10);
		expect(held.map((b) => b.after.at)).toContain('epoch-end');
		expect(held.every((b) => b.next.at !== 'done')).toBe(true);
		expect(held.find((b) => b.after.at === 'baseline')?.snapshot.cursor).toEqual(held[0]?.next);
	}, 30_000);

	it('with a review port, the review is the pause before the gate (no hold there)', async () => {
		const p = await pack('coin-flip', 1);
		const engine = scripted('clean');
		const held: StageBoundary[] = [];
		const reviews: number[] = [];
		await runOptimization(
			{ pack: p, seed: 1, epochs: 1 },
			{
				executor: engine,
				optimiser: engine,
				hasher,
				review: { review: (r) => (reviews.push(r.step), Promise.resolve({ changes: [] })) }
			},
			{ hold: (b) => (held.push(b), Promise.resolve()) }
		);
		expect(reviews.length).toBeGreaterThan(0);
		const beforeGate = held.filter((b) => b.next.at === 'step' && b.next.stage === 'validate');
		expect(beforeGate).toEqual([]);
	}, 30_000);

	it('stopping a held run rejects with an AbortError', async () => {
		const p = await pack('coin-flip', 1);
		const engine = scripted('clean');
		const controller = new AbortController();
		const running = runOptimization(
			{ pack: p, seed: 1, epochs: 1 },
			{ executor: engine, optimiser: engine, hasher },
			{
				signal: controller.signal,
				hold: () =>
					new Promise((_, reject) => {
						controller.signal.addEventListener('abort', () => reject(controller.signal.reason));
						controller.abort();
					})
			}
		);
		const error = await running.catch((e: unknown) => e);
		expect(isAbortError(error)).toBe(true);
	});
});
