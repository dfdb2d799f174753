/**
 * Which engine the app preselects on this device, and why: one place to decide it, so that a
 * new engine (a CPU engine, say) is one more branch here rather than a rule spread over the UI.
 *
 * A local model is the point of the product where it can really run: WebLLM on a GPU, or
 * llama.cpp on the CPU once its model is downloaded. A software WebGPU adapter
 * (`isFallbackAdapter`, e.g. SwiftShader) computes correctly but hundreds of times too slowly for
 * a real model, so there the simulation is preselected with the reason shown.
 */
import type { GpuProbeResult } from '../gpu/probe-client.ts';

export type DefaultEngine = 'webllm' | 'wllama' | 'scripted';

export interface EngineDefault {
	choice: DefaultEngine;
	/** Why this choice, when it is not the local model; shown next to the choice. */
	reason?: string;
	/** With `wllama`: the cached CPU model to load. */
	cpuModelUrl?: string;
}

const CPU_HINT =
	' No CPU model is downloaded yet: choose “CPU model” to run a real one on this computer’s CPU.';

export const SOFTWARE_WEBGPU = 'software WebGPU — too slow for real models';

/**
 * The default engine for what the WebGPU probe found. Without a usable adapter, the CPU engine
 * (llama.cpp in WebAssembly) when a CPU model is already in this browser's cache, else the
 * simulation: nothing that needs a download first.
 *
 * @param cachedCpuModels URLs of the CPU (GGUF) models complete in this browser's cache
 */
export function defaultEngineFor(
	gpu: GpuProbeResult,
	cachedCpuModels: readonly string[] = []
): EngineDefault {
	if (gpu.status === 'ready' && !gpu.isFallbackAdapter) return { choice: 'webllm' };
	const noGpu =
		gpu.status !== 'ready'
			? 'this browser has no WebGPU adapter'
			: 'this browser only has a software WebGPU adapter, far too slow for a real model';
	const cached = cachedCpuModels[0];
	if (cached !== undefined) {
		return {
			choice: 'wllama',
			reason: `The CPU model (llama.cpp) is selected because ${noGpu} and a CPU model is already downloaded here.`,
			cpuModelUrl: cached
		};
	}
	if (gpu.status !== 'ready') {
		return {
			choice: 'scripted',
			reason: `The simulated model is selected because ${noGpu}.${CPU_HINT}`
		};
	}
	return {
		choice: 'scripted',
		reason: `The simulated model is selected because ${noGpu}. You can still choose a local model.${CPU_HINT}`
	};
}
