/**
 * A lesson preselects the engine it names where this laptop can run it, and falls back to the
 * simulation with the reason otherwise; a lesson built here never names a URL or an endpoint.
 */
import { describe, expect, it } from 'vitest';
import { lessonEngineChoice } from '../../../src/lib/lesson/lesson-engine.ts';
import { buildLesson, type LessonInput } from '../../../src/lib/lesson/build-lesson.ts';
import { validateLessonV1 } from '../../../src/core/share/lesson-schema.ts';
import { DEFAULT_RUN_SETTINGS } from '../../../src/lib/state/run-controller.svelte.ts';
import { shouldAutoOpenTour, TOUR_KEY, TOUR_SEEN } from '../../../src/lib/tour/first-visit.ts';
import type { GpuProbeResult } from '../../../src/lib/gpu/probe-client.ts';

const F16 = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const F32 = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const scenarios = ['default', 'clean'];

function gpu(isFallbackAdapter: boolean, shaderF16 = true): GpuProbeResult {
	return {
		status: 'ready',
		adapterName: 'GPU',
		vendor: 'v',
		architecture: 'a',
		shaderF16,
		isFallbackAdapter,
		maxBufferSize: 2 ** 30,
		maxStorageBufferBindingSize: 2 ** 30
	};
}
const noGpu: GpuProbeResult = { status: 'unavailable', reason: 'no-adapter', detail: 'none' };

describe('lessonEngineChoice', () => {
	it('keeps a catalogue model on a real GPU, f32 without shader-f16', () => {
		expect(lessonEngineChoice({ kind: 'webllm', model: F16 }, gpu(false), scenarios)).toMatchObject(
			{
				choice: 'webllm',
				webllmModel: F16
			}
		);
		expect(
			lessonEngineChoice({ kind: 'webllm', model: F16 }, gpu(false, false), scenarios)
		).toMatchObject({ choice: 'webllm', webllmModel: F32, note: expect.stringContaining('f32') });
	});

	it('falls back to the simulation, saying why, where the model cannot run', () => {
		for (const [probe, why] of [
			[gpu(true), 'software WebGPU adapter'],
			[noGpu, 'no WebGPU adapter'],
			[null, 'no WebGPU adapter']
		] as const) {
			expect(lessonEngineChoice({ kind: 'webllm', model: F16 }, probe, scenarios)).toEqual({
				choice: 'scripted',
				scenario: 'default',
				note: expect.stringMatching(new RegExp(`${why}.*simulated model is selected instead`))
			});
		}
		expect(
			lessonEngineChoice({ kind: 'webllm', model: 'Not-A-Model' }, gpu(false), scenarios)
		).toMatchObject({ choice: 'scripted', note: expect.stringContaining('catalogue') });
		expect(
			lessonEngineChoice({ kind: 'cpu', model: 'no-such-gguf' }, noGpu, scenarios)
		).toMatchObject({ choice: 'scripted' });
	});

	it('preselects a CPU catalogue model without a GPU, and a known scenario', () => {
		expect(
			lessonEngineChoice({ kind: 'cpu', model: 'smollm2-135m-q8' }, noGpu, scenarios)
		).toMatchObject({
			choice: 'wllama',
			cpuModel: 'smollm2-135m-q8',
			note: expect.stringContaining('Load')
		});
		expect(lessonEngineChoice({ kind: 'simulation', scenario: 'clean' }, null, scenarios)).toEqual({
			choice: 'scripted',
			scenario: 'clean'
		});
		expect(
			lessonEngineChoice({ kind: 'simulation', scenario: 'nope' }, null, scenarios).scenario
		).toBe('default');
	});
});

describe('buildLesson', () => {
	const base: LessonInput = {
		title: ' Gate lesson ',
		intro: '',
		skill: { name: 'Coins', text: '# Coins\n- Count flips.' },
		origin: { kind: 'built-in', familyId: 'coin-flip', difficulty: 1, seed: 4 },
		sizes: { train: 8, val: 10, test: 10 },
		settings: { ...DEFAULT_RUN_SETTINGS },
		engine: 'current',
		current: {
			choice: 'scripted',
			scenario: 'default',
			webllmModel: F16,
			useCustom: false,
			cpuModel: 'smollm2-135m-q8',
			cpuUseCustom: false
		},
		stepMode: true,
		analogyPanel: false,
		hidden: ['share', 'task']
	};

	it('builds a lesson the schema accepts, hidden controls in the fixed order', () => {
		const built = buildLesson(base);
		expect(built.ok).toBe(true);
		if (!built.ok) return;
		expect(built.lesson.title).toBe('Gate lesson');
		expect(built.lesson.hidden).toEqual(['task', 'share']);
		expect(validateLessonV1(built.lesson)).toEqual({ ok: true, lesson: built.lesson });
	});

	it('never names an endpoint, a custom model or an imported dataset', () => {
		const endpoint = buildLesson({ ...base, current: { ...base.current, choice: 'openai' } });
		expect(endpoint).toMatchObject({ ok: false, reason: expect.stringContaining('endpoint') });
		const custom = buildLesson({
			...base,
			current: { ...base.current, choice: 'webllm', useCustom: true }
		});
		expect(custom.ok).toBe(false);
		const cpuUrl = buildLesson({
			...base,
			current: { ...base.current, choice: 'wllama', cpuUseCustom: true }
		});
		expect(cpuUrl.ok).toBe(false);
		const imported = buildLesson({
			...base,
			origin: { kind: 'imported', fileName: 'x.csv', containsCode: false }
		});
		expect(imported).toMatchObject({ ok: false, reason: expect.stringContaining('built-in') });
		const simulation = buildLesson({
			...base,
			engine: 'simulation',
			current: { ...base.current, choice: 'openai' }
		});
		expect(simulation.ok && simulation.lesson.engine).toEqual({
			kind: 'simulation',
			scenario: 'default'
		});
	});
});

describe('first-visit detection', () => {
	const storage = (value: string | null) => ({
		getItem: (key: string) => (key === TOUR_KEY ? value : null)
	});
	it('opens the tour on a first visit only, never over a link, with ?tour= overrides', () => {
		expect(shouldAutoOpenTour({ storage: storage(null), search: '', hash: '' })).toBe(true);
		expect(shouldAutoOpenTour({ storage: storage(TOUR_SEEN), search: '', hash: '' })).toBe(false);
		expect(shouldAutoOpenTour({ storage: storage(null), search: '?tour=off', hash: '' })).toBe(
			false
		);
		expect(shouldAutoOpenTour({ storage: storage(TOUR_SEEN), search: '?tour=on', hash: '' })).toBe(
			true
		);
		expect(shouldAutoOpenTour({ storage: storage(null), search: '', hash: '#share:v1:x' })).toBe(
			false
		);
		expect(
			shouldAutoOpenTour({ storage: storage(null), search: '?tour=on', hash: '#lesson%3Av1:x' })
		).toBe(false);
		const blocked = {
			getItem: () => {
				throw new Error('blocked');
			}
		};
		expect(shouldAutoOpenTour({ storage: blocked, search: '', hash: '' })).toBe(false);
	});
});
