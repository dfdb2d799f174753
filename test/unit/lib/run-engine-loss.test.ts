/**
 * A run whose executor loses its GPU device mid-run ends as a resumable pause, with a message a
 * person can read (no class-name prefixes), not as a plain failure.
 */
import { describe, expect, it } from 'vitest';
import type { ChatEngine } from '../../../src/core/ports.ts';
import {
	RunController,
	isEngineLoss,
	recordedStatus,
	type RunEnd
} from '../../../src/lib/state/run-controller.svelte.ts';
import { pack, scripted } from '../core/loop/helpers.ts';

/** How a DeviceLostError arrives from the worker: a plain Error that keeps its name. */
function deviceLost(): Error {
	return Object.assign(new Error('The GPU device was lost (GPU process crashed).'), {
		name: 'DeviceLostError'
	});
}

describe('a run whose device is lost', () => {
	it('ends failed with engineLost, recorded as paused, with a readable message', async () => {
		const inner = scripted('clean');
		let calls = 0;
		const executor: ChatEngine = {
			...inner,
			generate: (request, signal, onTokens) => {
				calls++;
				if (calls > 6) return Promise.reject(deviceLost());
				return inner.generate(request, signal, onTokens);
			}
		};
		const run = new RunController();
		run.settings = { ...run.settings, epochs: 1 };
		const ends: RunEnd[] = [];
		await run.start({
			pack: await pack('coin-flip', 1),
			skill: '# Skill\n',
			executor,
			optimiser: inner,
			engineLabel: 'test',
			onEnd: async (end) => void ends.push(end)
		});
		expect(run.status).toBe('failed');
		expect(run.engineLost).toBe(true);
		expect(ends).toHaveLength(1);
		const end = ends[0];
		if (!end) throw new Error('no end');
		expect(end.engineLost).toBe(true);
		expect(recordedStatus(end)).toBe('paused');
		expect(end.error).toContain('GPU device was lost');
		expect(end.error).not.toMatch(/\b[A-Z][A-Za-z]*Error:/);
	});

	it('tells engine loss from other failures, through causes', () => {
		expect(isEngineLoss(new Error('bad data'))).toBe(false);
		const wrapped = Object.assign(new Error('executor failed on item x: gone'), {
			name: 'Whatever',
			cause: Object.assign(new Error('not loaded'), { name: 'EngineNotLoadedError' })
		});
		expect(isEngineLoss(wrapped)).toBe(true);
		expect(isEngineLoss(new Error('Module has already been disposed'))).toBe(true);
		expect(
			recordedStatus({
				status: 'failed',
				engineLost: false,
				error: 'x',
				summary: null,
				bestSkill: null
			})
		).toBe('failed');
	});
});
