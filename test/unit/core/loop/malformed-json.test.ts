/**
 * The `malformed-json` scenario: every optimiser reply is truncated or wrapped in prose. Prose is
 * recovered; a truncated reply is never "repaired" into an answer — it fails after its one retry
 * and the failure is recorded with the step.
 */
import { describe, expect, it } from 'vitest';
import { runOptimization } from '../../../../src/core/loop/index.ts';
import type { ChatEngine, GenerateRequest } from '../../../../src/core/ports.ts';
import { hasher, pack, scripted, scriptedRun } from './helpers.ts';

describe('malformed optimiser answers', () => {
	it('ends truncated answers as parse failures after one retry, visible in the step records', async () => {
		const p = await pack('coin-flip', 1);
		const { result } = await scriptedRun({ pack: p, seed: 1, epochs: 1 }, 'malformed-json');
		const failures = result.snapshot.steps.flatMap((s) => s.failures);
		const parse = failures.filter((f) => f.kind === 'parse');
		expect(parse.length).toBeGreaterThan(0);
		for (const f of parse) expect(f.message).toMatch(/not closed \(was the answer cut off\?\)/);
		// Two calls per failed stage: the answer and its one retry.
		expect(result.snapshot.counters.optimiserCalls).toBeGreaterThan(parse.length * 2);
	});

	it('treats a reply cut off at the token limit as a parse failure, even when JSON closes', async () => {
		const p = await pack('coin-flip', 1);
		const base = scripted('default');
		const requests: GenerateRequest[] = [];
		const optimiser: ChatEngine = {
			...base,
			async generate(request, signal, onTokens) {
				const r = await base.generate(request, signal, onTokens);
				if (request.hints?.role !== 'optimiser') return r;
				requests.push(request);
				// A closed object followed by text that ran out of tokens.
				return { ...r, text: `${r.text}\nAnd one more thing`, finishReason: 'length' };
			}
		};
		const result = await runOptimization(
			{ pack: p, seed: 1, epochs: 1 },
			{ executor: base, optimiser, hasher }
		);
		const failures = result.snapshot.steps.flatMap((s) => s.failures);
		expect(failures.length).toBeGreaterThan(0);
		expect(
			failures.every((f) => f.kind === 'parse' && /cut off at \d+ tokens/.test(f.message))
		).toBe(true);
		// Each failed stage asked once more, showing the error.
		const retries = requests.filter((r) =>
			r.messages.some((m) =>
				m.content.includes('Your previous answer failed: the answer was cut off')
			)
		);
		expect(retries.length).toBe(failures.length);
	});

	it('retries slow-update guidance that still holds a marker after stripping, so the update is not lost', async () => {
		const p = await pack('coin-flip', 1);
		const base = scripted('clean');
		let slowCalls = 0;
		const retried: string[] = [];
		const optimiser: ChatEngine = {
			...base,
			async generate(request, signal, onTokens) {
				const r = await base.generate(request, signal, onTokens);
				if (request.hints?.role !== 'optimiser' || request.hints.stage !== 'slow-update') return r;
				slowCalls++;
				const last = request.messages.at(-1)?.content ?? '';
				if (last.startsWith('Your previous answer failed')) {
					retried.push(last);
					return r;
				}
				return { ...r, text: '{"guidance": "Check units. SLOW_UPDATESLOW_UPDATE_START_START"}' };
			}
		};
		const result = await runOptimization(
			{ pack: p, seed: 1, epochs: 2, slowUpdate: { gated: false } },
			{ executor: base, optimiser, hasher }
		);
		expect(slowCalls).toBe(2);
		expect(retried).toEqual([
			expect.stringContaining(
				'"guidance" must not mention the protected-region marker SLOW_UPDATE_START'
			)
		]);
		const epoch2 = result.snapshot.epochs.find((e) => e.epoch === 2);
		expect(epoch2?.slowUpdate).toBe('forced');
		expect(epoch2?.failures.filter((f) => f.stage === 'slow-update')).toEqual([]);
		expect(result.finalSkill).not.toMatch(/SLOW_UPDATE_START[\s\S]*SLOW_UPDATE_START/);
	});
});
