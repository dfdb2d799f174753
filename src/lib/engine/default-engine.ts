/**
 * Which engine a visitor starts on, from what the WebGPU probe found and whether a CPU model is
 * already in this browser's cache, with the reason in words: a local model where one can run,
 * the simulation where nothing would run without a download first.
 *
 * One pure function, so the rule is tested on its own and other defaults (a software adapter,
 * an endpoint) extend it in one place.
 */
import type { GpuProbeResult } from '../../../workers/gpu-probe.ts';

export type DefaultEngine = 'webllm' | 'wllama' | 'scripted';

export interface DefaultChoice {
	choice: DefaultEngine;
	/** For the model panel: why this engine was picked. */
	reason: string;
	/** With `wllama`: the cached model to load. */
	cpuModelUrl?: string;
}

/**
 * @param gpu the probe's result
 * @param cachedCpuModels URLs of the CPU (GGUF) models complete in this browser's cache
 */
export function chooseDefaultEngine(
	gpu: GpuProbeResult,
	cachedCpuModels: readonly string[]
): DefaultChoice {
	if (gpu.status === 'ready' && !gpu.isFallbackAdapter) {
		return { choice: 'webllm', reason: `WebGPU is ready (${gpu.adapterName}).` };
	}
	const why =
		gpu.status === 'ready'
			? `WebGPU here is a software adapter (${gpu.adapterName}), too slow for a model`
			: 'This browser has no usable WebGPU';
	const cached = cachedCpuModels[0];
	if (cached !== undefined) {
		return {
			choice: 'wllama',
			reason: `${why}; a CPU model is already downloaded, so llama.cpp runs it on the CPU.`,
			cpuModelUrl: cached
		};
	}
	return {
		choice: 'scripted',
		reason: `${why}, and no CPU model is downloaded yet: starting with the simulation. Choose “CPU model” to download one.`
	};
}
