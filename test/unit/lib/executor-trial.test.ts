/**
 * The executor trial's rows say what happened to each answer: a failure is shown as failed (not
 * "generating…" forever), a stopped answer is marked stopped and never graded, and a stop
 * pressed before the first token is reported as pending until the model's first token.
 */
import { describe, expect, it } from 'vitest';
import { createGrader } from '../../../src/core/packs/graders/index.ts';
import type { ChatEngine, GenerateResult } from '../../../src/core/ports.ts';
import { ExecutorTrial } from '../../../src/lib/state/executor-trial.svelte.ts';
import { pack } from '../core/loop/helpers.ts';

function engine(generate: ChatEngine['generate']): ChatEngine {
	return {
		generate,
		countTokens: async (t) => t.length,
		contextWindow: async () => 4096,
		supportsJsonSchema: false
	};
}

async function trialWith(chat: ChatEngine, count = 2) {
	const p = await pack('coin-flip', 1);
	const trial = new ExecutorTrial();
	const done = trial.run({
		pack: p,
		split: 'val',
		count,
		skill: '# Skill',
		engine: chat,
		grader: createGrader(p.grader),
		engineLabel: 'fake'
	});
	return { trial, done };
}

describe('executor trial rows', () => {
	it('a failing item is marked failed with its message, and the error keeps its name', async () => {
		const lost = Object.assign(new Error('The GPU device was lost.'), { name: 'DeviceLostError' });
		const { trial, done } = await trialWith(engine(async () => Promise.reject(lost)));
		await done;
		expect(trial.rows[0]?.error).toBe('The GPU device was lost.');
		expect(trial.rows[0]?.grade).toBeUndefined();
		expect(trial.rows[0]?.streaming).toBeUndefined();
		expect((trial.failure as Error).name).toBe('DeviceLostError');
	});

	it('a stop during prefill is reported pending; the cut answer is stopped, not graded', async () => {
		const chat = engine(
			(_request, signal, onTokens) =>
				new Promise<GenerateResult>((resolve) => {
					// Like WebLLM: the interrupt is only seen once the first token arrives.
					signal?.addEventListener('abort', () => {
						setTimeout(() => {
							onTokens?.('Heads');
							resolve({
								text: 'Heads',
								finishReason: 'abort',
								usage: { promptTokens: 1, completionTokens: 1 }
							});
						}, 5);
					});
				})
		);
		const { trial, done } = await trialWith(chat);
		await new Promise((r) => setTimeout(r, 0));
		expect(trial.rows[0]?.streaming).toBe(true);
		expect(trial.stopPendingPrefill).toBe(false);
		trial.stop();
		expect(trial.stopPendingPrefill).toBe(true);
		await done;
		expect(trial.stopPendingPrefill).toBe(false);
		expect(trial.rows[0]).toMatchObject({ output: 'Heads', stopped: true });
		expect(trial.rows[0]?.grade).toBeUndefined();
		// The second item never started.
		expect(trial.rows[1]?.output).toBe('');
		expect(trial.rows[1]?.stopped).toBeUndefined();
	});
});
