/**
 * Scenarios as a person meets them in a whole run with the app's default task and settings:
 * stepwise-pauses holds each pause point in the step and stage its name says
 * (`step-<n>-<stage>`), and slow-stream's whole run streams within a few minutes.
 */
import { describe, expect, it } from 'vitest';
import { runOptimization, type Cursor } from '../../../../src/core/loop/index.ts';
import type { ChatEngine } from '../../../../src/core/ports.ts';
import { createScriptedEngine } from '../../../../workers/engines/scripted/scripted-engine.ts';
import { SCENARIOS } from '../../../../workers/engines/scripted/scenarios.ts';
import { hasher, pack } from '../../core/loop/helpers.ts';

describe('stepwise-pauses', () => {
	it('holds each pause point in the step and stage its name says', async () => {
		const engine = createScriptedEngine('stepwise-pauses');
		const chat: ChatEngine = {
			supportsJsonSchema: true,
			generate: (r, s, t) => engine.generate(r, s, t),
			countTokens: (x) => engine.countTokens(x),
			contextWindow: () => engine.contextWindow()
		};
		let cursor: Cursor | null = null;
		const reached: { name: string; at: string }[] = [];
		engine.onPause((name) => {
			const at = cursor?.at === 'step' ? `step-${cursor.step}-${cursor.stage}` : String(cursor?.at);
			reached.push({ name, at });
			queueMicrotask(() => engine.release(name));
		});
		await runOptimization(
			{
				// The app's defaults: coin flip (seed 1), 1 epoch is enough to pass both points.
				pack: await pack('coin-flip', 1),
				seed: 1,
				epochs: 1,
				batchSize: 8,
				schedule: { kind: 'cosine', max: 3, min: 1 },
				gate: { enabled: true, metric: 'hard', minDeltaItems: 1 }
			},
			{ executor: chat, optimiser: chat, hasher },
			{ onEvent: (e) => void (e.type === 'stage:started' && (cursor = e.cursor)) }
		);
		expect(reached.map((r) => r.name)).toEqual(engine.scenario.pauses.map((p) => p.name));
		for (const r of reached) expect(r.at).toBe(r.name);
	}, 30_000);

	it('slow-stream: a whole default run streams in under four minutes', async () => {
		const slow = SCENARIOS['slow-stream'];
		// The same scenario without the delay, counting the tokens it would stream slowly.
		const engine = createScriptedEngine({ ...slow, slowStream: null });
		let tokens = 0;
		let calls = 0;
		const chat: ChatEngine = {
			supportsJsonSchema: true,
			generate: async (r, s, t) => {
				const result = await engine.generate(r, s, t);
				tokens += result.usage?.completionTokens ?? 0;
				calls++;
				return result;
			},
			countTokens: (x) => engine.countTokens(x),
			contextWindow: () => engine.contextWindow()
		};
		await runOptimization(
			{
				pack: await pack('coin-flip', 1),
				seed: 1,
				epochs: 3,
				batchSize: 8,
				schedule: { kind: 'cosine', max: 3, min: 1 },
				gate: { enabled: true, metric: 'hard', minDeltaItems: 1 }
			},
			{ executor: chat, optimiser: chat, hasher },
			{}
		);
		const seconds = (tokens * (slow.slowStream?.tokenDelayMs ?? 0) + calls * slow.latencyMs) / 1000;
		expect(tokens).toBeGreaterThan(5_000);
		expect(seconds).toBeLessThan(240);
	}, 60_000);
});
