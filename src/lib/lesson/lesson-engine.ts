/**
 * Which engine a lesson preselects on this device, and why. A lesson may name the simulation or
 * a catalogue model; it never loads or downloads anything. Where the laptop cannot run the named
 * model (no WebGPU, a software adapter, a model this catalogue does not have), the simulation is
 * preselected and the sentence says why — the same rule as the app's own default engine.
 */
import type { LessonEngine } from '../../core/share/lesson-schema.ts';
import type { GpuProbeResult } from '../gpu/probe-client.ts';
import { findCatalogueVariant } from '../../../workers/engines/webllm-catalogue.ts';
import { findCpuModel } from '../../../workers/engines/wllama-catalogue.ts';

export interface LessonEngineChoice {
	choice: 'scripted' | 'webllm' | 'wllama';
	scenario?: string;
	/** With `webllm`: the catalogue id to select. */
	webllmModel?: string;
	/** With `wllama`: the CPU catalogue id to select. */
	cpuModel?: string;
	/** Shown in the lesson banner: a fallback's reason, or that nothing downloads by itself. */
	note?: string;
}

/**
 * @param gpu what the WebGPU probe found (null: it has not answered)
 * @param scenarios the simulation's scenario names
 */
export function lessonEngineChoice(
	engine: LessonEngine,
	gpu: GpuProbeResult | null,
	scenarios: readonly string[]
): LessonEngineChoice {
	switch (engine.kind) {
		case 'simulation': {
			const named = engine.scenario;
			if (named === undefined || scenarios.includes(named))
				return { choice: 'scripted', scenario: named ?? 'default' };
			return {
				choice: 'scripted',
				scenario: 'default',
				note: `The lesson names the simulation scenario “${named}”, which this app does not have: the default scenario is selected.`
			};
		}
		case 'cpu': {
			const known = findCpuModel(engine.model);
			if (!known || known.id !== engine.model)
				return simulation(
					`The lesson names the CPU model “${engine.model}”, which this app’s catalogue does not have`
				);
			return {
				choice: 'wllama',
				cpuModel: known.id,
				note: `The lesson preselects the CPU model ${known.label} (${known.downloadMB} MB): it downloads only when you press Load.`
			};
		}
		case 'webllm': {
			const found = findCatalogueVariant(engine.model);
			if (!found)
				return simulation(
					`The lesson names the WebLLM model “${engine.model}”, which this app’s catalogue does not have`
				);
			if (gpu === null || gpu.status !== 'ready')
				return simulation(
					`The lesson’s model ${engine.model} needs WebGPU, and this browser has no WebGPU adapter`
				);
			if (gpu.isFallbackAdapter)
				return simulation(
					`The lesson’s model ${engine.model} needs a GPU, and this browser only has a software WebGPU adapter, far too slow for a real model`
				);
			const needsF16 = found.variant.precision === 'f16';
			if (needsF16 && !gpu.shaderF16) {
				return {
					choice: 'webllm',
					webllmModel: found.family.f32.modelId,
					note: `This GPU lacks shader-f16, so the lesson’s model is selected in its f32 variant (${found.family.f32.modelId}); it downloads only when you press Load.`
				};
			}
			return {
				choice: 'webllm',
				webllmModel: found.variant.modelId,
				note: `The lesson preselects ${found.variant.modelId}: it downloads only when you press Load.`
			};
		}
	}
}

function simulation(why: string): LessonEngineChoice {
	return {
		choice: 'scripted',
		scenario: 'default',
		note: `${why}, so the simulated model is selected instead.`
	};
}
