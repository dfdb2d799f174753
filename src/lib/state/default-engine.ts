/**
 * Which engine the app preselects on this device, and why: one place to decide it, so that a
 * new engine (a CPU engine, say) is one more branch here rather than a rule spread over the UI.
 *
 * A local model is the point of the product where it can really run. A software WebGPU adapter
 * (`isFallbackAdapter`, e.g. SwiftShader) computes correctly but hundreds of times too slowly for
 * a real model, so there the simulation is preselected with the reason shown.
 */
import type { GpuProbeResult } from '../gpu/probe-client.ts';

export type DefaultEngine = 'webllm' | 'scripted';

export interface EngineDefault {
	choice: DefaultEngine;
	/** Why this choice, when it is not the local model; shown next to the choice. */
	reason?: string;
}

export const SOFTWARE_WEBGPU = 'software WebGPU — too slow for real models';

/** The default engine for what the WebGPU probe found. */
export function defaultEngineFor(gpu: GpuProbeResult): EngineDefault {
	if (gpu.status !== 'ready') {
		return {
			choice: 'scripted',
			reason: 'The simulated model is selected because this browser has no WebGPU adapter.'
		};
	}
	if (gpu.isFallbackAdapter) {
		return {
			choice: 'scripted',
			reason:
				'The simulated model is selected because this browser only has a software WebGPU ' +
				'adapter, far too slow for a real model. You can still choose a local model.'
		};
	}
	return { choice: 'webllm' };
}
