/** The run view's verdict sentences use the score before the decision, and call ties ties. */
import { describe, expect, it } from 'vitest';
import type { StepRecord, ValEvaluation } from '../../../src/core/loop/index.ts';
import { verdictLine } from '../../../src/lib/run-view/verdicts.ts';
import { editRows, valSplit } from '../../../src/lib/run-view/detail.ts';

function step(
	action: StepRecord['action'],
	evaluation: ValEvaluation | undefined,
	before: number
): StepRecord {
	return {
		index: 3,
		epoch: 1,
		stepInEpoch: 3,
		kind: 'step',
		batch: [],
		rollout: { hard: 0, soft: 0, n: 0, failed: 0 },
		analyses: { calls: 0, ok: 0, edits: 0 },
		proposed: 0,
		merged: 0,
		budget: 2,
		ranked: [],
		reports: [],
		applied: 0,
		action,
		reason: '',
		// After the decision: what the old table showed, and what the view must not.
		currentScore: evaluation?.score ?? before,
		bestScore: 0.9,
		failures: [],
		warnings: [],
		rollouts: { train: 0, val: 0 },
		optimiserCalls: 0,
		...(evaluation ? { evaluation } : {}),
		detail: {
			pool: [],
			merged: [],
			kept: [],
			analyses: [],
			against: { hash: 'a', text: 'a', score: before, origin: 'seed' },
			rollouts: []
		}
	};
}

const complete = (score: number): ValEvaluation => ({
	status: 'complete',
	score,
	split: { hard: score, soft: score, n: 40 },
	upperBound: score,
	evaluated: 40,
	total: 40,
	saved: 0,
	rollouts: 40,
	record: ''
});

describe('verdictLine', () => {
	it('states the candidate against the score before the decision', () => {
		expect(verdictLine(step('accept_new_best', complete(0.875), 0.825))).toBe(
			'candidate 87.5% vs current 82.5% → accepted (new best)'
		);
	});
	it('calls a tie a tie', () => {
		expect(verdictLine(step('reject', complete(0.825), 0.825))).toContain(
			'a tie is not an improvement'
		);
	});
	it('says where an early stop stopped and why', () => {
		const early: ValEvaluation = {
			status: 'early_reject',
			upperBound: 0.85,
			evaluated: 6,
			total: 40,
			saved: 34,
			rollouts: 6,
			record: ''
		};
		expect(verdictLine(step('reject', early, 0.875))).toBe(
			'stopped after 6 of 40 items: at most 85.0% reachable, current 87.5% → rejected'
		);
	});
	it('names an optimiser failure instead of "no edits"', () => {
		const s = step('skip_no_patches', undefined, 0.5);
		s.failures = [
			{
				stage: 'merge',
				kind: 'parse',
				name: 'OptimiserOutputError',
				message: 'bad',
				fallback: 'concatenated'
			}
		];
		expect(verdictLine(s)).toBe('merge failed (OptimiserOutputError) → concatenated; no candidate');
	});
});

describe('valSplit', () => {
	it('separates fixed, broken, unchanged and not evaluated items', () => {
		const split = valSplit([
			{ id: 'a', evaluated: true, hard: 1, soft: 1, cached: false, before: { hard: 0, soft: 0 } },
			{ id: 'b', evaluated: true, hard: 0, soft: 0, cached: true, before: { hard: 1, soft: 1 } },
			{ id: 'c', evaluated: true, hard: 1, soft: 1, cached: false, before: { hard: 1, soft: 1 } },
			{ id: 'd', evaluated: false, cached: false, before: { hard: 0, soft: 0 } }
		]);
		expect(split.fixed.map((i) => i.id)).toEqual(['a']);
		expect(split.broken.map((i) => i.id)).toEqual(['b']);
		expect(split.notEvaluated.map((i) => i.id)).toEqual(['d']);
		expect([split.samePass, split.sameFail, split.cached]).toEqual([1, 0, 1]);
	});
});

describe('a step the person reviewed before the gate', () => {
	const a = { op: 'append' as const, content: 'Rule A.' };
	const b = { op: 'append' as const, content: 'Rule B.' };
	const c = { op: 'append' as const, content: 'Rule C.' };
	const reviewed = (): StepRecord => {
		const s = step('accept', complete(0.9), 0.8);
		const pool = [a, b, c].map((edit) => ({ edit, source: 'failure' as const }));
		s.detail = {
			...(s.detail ?? { analyses: [], rollouts: [] }),
			pool,
			merged: pool,
			kept: [{ edit: { ...c, content: 'Rule C, shorter.' }, source: 'person' }],
			against: { hash: 'a', text: 'a', score: 0.8, origin: 'seed' },
			review: {
				source: 'person',
				before: pool,
				changes: [
					{ index: 0, action: 'drop' },
					{ index: 1, action: 'drop' },
					{ index: 2, action: 'edit', edit: { ...c, content: 'Rule C, shorter.' } }
				]
			}
		};
		s.ranked = [{ ...c, content: 'Rule C, shorter.' }];
		return s;
	};

	it('lists dropped and rewritten edits as the person’s, not as cut by the budget', () => {
		const rows = editRows(reviewed());
		expect(rows.map((r) => [r.edit.content, r.fate, r.source])).toEqual([
			['Rule A.', 'dropped by you', 'failure'],
			['Rule B.', 'dropped by you', 'failure'],
			['Rule C.', 'rewritten by you', 'failure'],
			['Rule C, shorter.', 'not applied', 'person']
		]);
	});

	it('says a step whose kept edits were all dropped was skipped for that reason', () => {
		const s = reviewed();
		s.action = 'skip_no_patches';
		expect(verdictLine(s)).toBe(
			'you dropped every kept edit before the gate → skipped (no candidate, no val cost)'
		);
	});
});
