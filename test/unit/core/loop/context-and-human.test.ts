/**
 * Context budgeting of optimiser prompts (count before sending, drop trajectories, shrink and
 * retry once on an engine overflow, then a recorded ContextOverflowError) and the human edit
 * source (the loop waits for a person's edits and gates them like any other).
 */
import { describe, expect, it } from 'vitest';
import { ContextOverflowError } from '../../../../src/core/errors.ts';
import {
	createHumanEditSource,
	runOptimization,
	type EditRequest
} from '../../../../src/core/loop/index.ts';
import type { ProposedEdit } from '../../../../src/core/optimiser-io.ts';
import type { ChatEngine, GenerateRequest } from '../../../../src/core/ports.ts';
import { FAMILY_LESSONS } from '../../../../workers/engines/scripted/lessons/index.ts';
import { hasher, pack, scripted } from './helpers.ts';

function analystItems(request: GenerateRequest): number | undefined {
	const h = request.hints;
	return h?.role === 'optimiser' && h.stage === 'failure-analyst' ? h.items.length : undefined;
}

describe('context budget', () => {
	it('drops trajectories until the prompt fits, and refuses to send one that never fits', async () => {
		const inner = scripted('clean');
		const shown: number[] = [];
		const optimiser = (window: number): ChatEngine => ({
			...inner,
			contextWindow: async () => window,
			generate: (request, signal) => {
				const n = analystItems(request);
				if (n !== undefined) shown.push(n);
				return inner.generate(request, signal);
			}
		});
		const p = await pack('coin-flip', 1);
		const config = { pack: p, seed: 1, epochs: 1, evalTest: false };
		// Room for the instructions and skill, but not for four trajectories.
		await runOptimization(config, { executor: inner, optimiser: optimiser(1250), hasher });
		expect(shown.length).toBeGreaterThan(0);
		expect(Math.max(...shown)).toBeLessThan(4);
		expect(Math.min(...shown)).toBeGreaterThanOrEqual(1);
		// Room for nothing: no call is made, each stage fails with a named, recorded error.
		shown.length = 0;
		const tiny = await runOptimization(config, {
			executor: inner,
			optimiser: optimiser(450),
			hasher
		});
		expect(shown).toEqual([]);
		const failures = tiny.steps.flatMap((s) => s.failures);
		expect(failures.length).toBeGreaterThan(0);
		for (const f of failures) {
			expect(f.name).toBe('ContextOverflowError');
			expect(f.kind).toBe('context');
		}
		expect(tiny.steps.every((s) => s.action === 'skip_no_patches')).toBe(true);
	});

	it('on an engine overflow, halves the trajectories and retries once; then records the error', async () => {
		const inner = scripted('clean');
		const p = await pack('coin-flip', 1);
		const config = { pack: p, seed: 1, epochs: 1, evalTest: false };
		const calls: number[] = [];
		const overflowAbove = (limit: number): ChatEngine => ({
			...inner,
			generate: (request, signal) => {
				const n = analystItems(request);
				if (n !== undefined) {
					calls.push(n);
					if (n > limit) return Promise.reject(new ContextOverflowError(5000, 4096));
				}
				return inner.generate(request, signal);
			}
		});
		const shrunk = await runOptimization(config, {
			executor: inner,
			optimiser: overflowAbove(2),
			hasher
		});
		expect(calls).toContain(4);
		const i = calls.indexOf(4);
		expect(calls[i + 1]).toBe(2);
		expect(shrunk.steps.flatMap((s) => s.failures)).toEqual([]);
		expect(shrunk.summary.val.best).toBeGreaterThan(shrunk.summary.val.seed);

		calls.length = 0;
		const failing = await runOptimization(config, {
			executor: inner,
			optimiser: overflowAbove(0),
			hasher
		});
		const failures = failing.steps.flatMap((s) => s.failures);
		const analystFailures = failures.filter((f) => f.stage === 'failure-analyst');
		expect(analystFailures.length).toBeGreaterThan(0);
		for (const f of analystFailures) expect(f.name).toBe('ContextOverflowError');
		expect(calls.length).toBe(analystFailures.length * 2);
	});
});

describe('a person as the optimiser', () => {
	it('waits for their edits, gates them like any other and records the source', async () => {
		const lessons = FAMILY_LESSONS.get('coin-flip');
		if (lessons === undefined) throw new Error('no coin-flip lessons');
		const good = lessons.lessons
			.filter((l) => l.kind !== 'harmful')
			.map((l) => `- ${l.phrasings[0] ?? l.id}`);
		const harmful = lessons.lessons.find((l) => l.kind === 'harmful')?.phrasings[0] ?? '';
		const requests: EditRequest[] = [];
		const source = createHumanEditSource(async (request): Promise<ProposedEdit[]> => {
			requests.push(request);
			if (request.step === 1) return [{ op: 'append', content: good.join('\n') }];
			if (request.step === 2) return [{ op: 'append', content: `- ${harmful}` }];
			if (request.step === 3) return [{ op: 'replace', target: 'no such text', content: 'x' }];
			return [];
		});
		const executor = scripted('clean');
		const result = await runOptimization(
			{ pack: await pack('coin-flip', 1), seed: 1, epochs: 1 },
			{ executor, optimiser: source, hasher }
		);
		const [s1, s2, s3, s4] = result.steps;
		expect(requests[0]?.failures.length).toBeGreaterThan(0);
		expect(requests[0]?.lineView).toMatch(/^L1: /);
		expect(s1?.action).toBe('accept_new_best');
		expect(s2?.action).toBe('reject');
		expect(s3?.action).toBe('reject');
		expect(s3?.reason).toMatch(/no edit applied.*tie/);
		expect(s3?.rollouts.val).toBe(0);
		expect(s4?.action).toBe('skip_no_patches');
		expect(result.summary.editSource).toBe('human');
		expect(result.summary.counters.optimiserCalls).toBe(0);
		expect(result.summary.val.best).toBeGreaterThan(result.summary.val.seed + 0.2);
		expect(result.bestSkill).not.toContain(harmful);
	});

	it('a source that throws costs the step its edits, is recorded, and the run goes on', async () => {
		const source = createHumanEditSource(async () => {
			throw new Error('the form was closed');
		});
		const executor = scripted('clean');
		const result = await runOptimization(
			{ pack: await pack('coin-flip', 1), seed: 1, epochs: 1, evalTest: false },
			{ executor, optimiser: source, hasher }
		);
		expect(result.steps.every((s) => s.action === 'skip_no_patches')).toBe(true);
		expect(result.steps[0]?.failures[0]).toMatchObject({
			kind: 'source',
			message: 'the form was closed'
		});
	});
});
