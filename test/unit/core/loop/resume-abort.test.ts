/**
 * Resuming and stopping: a run resumed from the snapshot taken after any stage ends exactly as
 * the uninterrupted run; an abort stops a run promptly, and its last snapshot resumes to the same
 * end.
 */
import { describe, expect, it } from 'vitest';
import { runOptimization, type RunSnapshot } from '../../../../src/core/loop/index.ts';
import { isAbortError } from '../../../../src/core/errors.ts';
import type { ChatEngine } from '../../../../src/core/ports.ts';
import { hasher, pack, scripted, scriptedRun } from './helpers.ts';

function label(s: RunSnapshot): string {
	const c = s.cursor;
	if (c.at === 'step') return `step:${c.stage}`;
	if (c.at === 'epoch-end') return `epoch:${c.stage}`;
	return c.at === 'final' ? `final:${c.stage}` : c.at;
}

describe('resume', () => {
	it('a run resumed after each kind of stage ends exactly as the uninterrupted run', async () => {
		const p = await pack('coin-flip', 1);
		const { result, snapshots } = await scriptedRun({ pack: p, seed: 1 });
		// One snapshot per kind of next stage, taken from the middle of the run where possible.
		const picked = new Map<string, RunSnapshot>();
		snapshots.forEach((s, i) => {
			const key = label(s);
			if (key === 'done') return;
			if (!picked.has(key) || i < snapshots.length / 2) picked.set(key, s);
		});
		expect([...picked.keys()]).toEqual(
			expect.arrayContaining([
				'step:rollout',
				'step:reflect',
				'step:merge',
				'step:select',
				'step:validate',
				'epoch:slow-block',
				'epoch:slow-update',
				'epoch:meta-skill',
				'final:promote',
				'final:test'
			])
		);
		for (const [key, snapshot] of picked) {
			const engine = scripted('default');
			const resumed = await runOptimization(
				{ pack: p },
				{ executor: engine, optimiser: engine, hasher },
				{ resumeFrom: snapshot }
			);
			expect(resumed.snapshot, `resumed before ${key}`).toEqual(result.snapshot);
		}
	});

	it('refuses a snapshot of another format with a named error', async () => {
		const engine = scripted('default');
		const bad = { format: 'something-else' } as unknown as RunSnapshot;
		await expect(
			runOptimization(
				{ pack: await pack('coin-flip', 1) },
				{ executor: engine, optimiser: engine, hasher },
				{ resumeFrom: bad }
			)
		).rejects.toMatchObject({ name: 'SnapshotError' });
	});

	it('validates the stored settings as a new run would, and refuses bad ones with a message', async () => {
		const p = await pack('coin-flip', 1);
		const { snapshots } = await scriptedRun({ pack: p, seed: 1, epochs: 1 });
		const stored = snapshots.find((s) => s.cursor.at === 'step' && s.cursor.stage === 'merge');
		if (stored === undefined) throw new Error('no merge snapshot');
		const cases: [(s: RunSnapshot) => void, string][] = [
			[(s) => (s.config.mergeBatchSize = 1), 'mergeBatchSize must be a whole number ≥ 2 (got 1)'],
			[
				(s) => (s.config.schedule.kind = 'step' as never),
				'schedule.kind must be one of constant, linear, cosine (got "step")'
			],
			[(s) => (s.config.epochs = 0), 'epochs must be a whole number ≥ 1 (got 0)'],
			[(s) => delete (s.config as Partial<RunSnapshot['config']>).schedule, 'schedule.kind']
		];
		for (const [spoil, message] of cases) {
			const bad = structuredClone(stored);
			spoil(bad);
			const engine = scripted('default');
			await expect(
				runOptimization(
					{ pack: p },
					{ executor: engine, optimiser: engine, hasher },
					{ resumeFrom: bad }
				)
			).rejects.toMatchObject({
				name: 'SnapshotError',
				message: expect.stringContaining(`its settings are invalid: ${message}`)
			});
		}
	});
});

describe('abort', () => {
	it('stops promptly inside an engine call, and the last snapshot resumes to the uninterrupted result', async () => {
		const p = await pack('coin-flip', 1);
		const { result } = await scriptedRun({ pack: p, seed: 1 });
		const inner = scripted('default');
		let hang = false;
		// Like a real engine: once hanging, a call ends only when its signal fires ('abort').
		const engine: ChatEngine = {
			...inner,
			generate: (request, signal, onTokens) => {
				if (!hang) return inner.generate(request, signal, onTokens);
				return new Promise((resolve) => {
					signal?.addEventListener('abort', () =>
						resolve({
							text: '',
							finishReason: 'abort',
							usage: { promptTokens: 0, completionTokens: 0 }
						})
					);
				});
			}
		};
		const controller = new AbortController();
		const snapshots: RunSnapshot[] = [];
		let rollouts = 0;
		const run = runOptimization(
			{ pack: p, seed: 1 },
			{ executor: engine, optimiser: engine, hasher },
			{
				signal: controller.signal,
				onSnapshot: (s) => {
					snapshots.push(s);
				},
				onEvent: (e) => {
					if (e.type === 'rollout:done' && ++rollouts === 70) hang = true;
				}
			}
		);
		await new Promise((r) => setTimeout(r, 100));
		expect(hang).toBe(true);
		const abortedAt = Date.now();
		controller.abort();
		const error = await run.then(
			() => undefined,
			(err: unknown) => err
		);
		expect(isAbortError(error)).toBe(true);
		expect(Date.now() - abortedAt).toBeLessThan(200);
		const last = snapshots.at(-1);
		expect(last?.cursor.at).toBe('step');
		if (last === undefined) return;
		const fresh = scripted('default');
		const resumed = await runOptimization(
			{ pack: p },
			{ executor: fresh, optimiser: fresh, hasher },
			{ resumeFrom: last }
		);
		expect(resumed.snapshot).toEqual(result.snapshot);
	});
});
