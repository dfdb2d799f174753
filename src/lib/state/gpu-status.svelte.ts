/**
 * The WebGPU capability of this browser, probed once on start-up and shared through context.
 * The header shows it; the model catalogue will use it to offer only variants the adapter runs.
 */
import { getContext, setContext } from 'svelte';
import { runGpuProbe, type GpuProbeResult } from '../gpu/probe-client.ts';

export class GpuStatus {
	#result = $state.raw<GpuProbeResult | null>(null);
	#started = false;

	/** `null` while the probe is still running. */
	get result(): GpuProbeResult | null {
		return this.#result;
	}

	/** Start the probe once; later calls are no-ops. */
	start(probe: () => Promise<GpuProbeResult> = runGpuProbe): void {
		if (this.#started) return;
		this.#started = true;
		void probe().then((result) => {
			this.#result = result;
		});
	}
}

const KEY = Symbol('gpu-status');

export function createGpuStatus(): GpuStatus {
	return setContext(KEY, new GpuStatus());
}

export function useGpuStatus(): GpuStatus {
	return getContext<GpuStatus>(KEY);
}
