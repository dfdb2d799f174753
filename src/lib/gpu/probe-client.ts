/**
 * Runs the WebGPU probe in its own short-lived worker and describes the result for people.
 *
 * The probe is isolated from the model worker on purpose: it must answer on first paint, and the
 * model worker (with WebLLM's ~7 MB) is only created once the user loads a model.
 */
import { wrap, releaseProxy } from 'comlink';
import type { GpuProbeResult } from '../../../workers/gpu-probe.ts';
import { errorMessage } from '../../../workers/errors.ts';

export type { GpuProbeResult };

interface ProbeApi {
	probe(): Promise<GpuProbeResult>;
}

const PROBE_TIMEOUT_MS = 10_000;

/** Probe WebGPU from a worker; never rejects — failures become an `unavailable` result. */
export async function runGpuProbe(timeoutMs = PROBE_TIMEOUT_MS): Promise<GpuProbeResult> {
	let worker: Worker;
	try {
		worker = new Worker(new URL('../../../workers/gpu-probe.worker.ts', import.meta.url), {
			type: 'module',
			name: 'gpu-probe'
		});
	} catch (error) {
		return failure(`The probe worker could not start: ${errorMessage(error)}`);
	}
	const api = wrap<ProbeApi>(worker);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<GpuProbeResult>((resolve) => {
		timer = setTimeout(
			() => resolve(failure(`The probe did not answer within ${timeoutMs / 1000} s.`)),
			timeoutMs
		);
	});
	const workerError = new Promise<GpuProbeResult>((resolve) => {
		worker.addEventListener('error', (event) =>
			resolve(failure(`The probe worker failed: ${event.message || 'unknown error'}`))
		);
	});
	try {
		return await Promise.race([api.probe(), timeout, workerError]);
	} catch (error) {
		return failure(errorMessage(error));
	} finally {
		clearTimeout(timer);
		api[releaseProxy]();
		worker.terminate();
	}
}

/** The header's one-line summary, e.g. "WebGPU ready (SwiftShader, shader-f16 no, fallback adapter yes)". */
export function describeProbe(result: GpuProbeResult): string {
	if (result.status === 'ready') {
		const yesNo = (b: boolean) => (b ? 'yes' : 'no');
		return `WebGPU ready (${result.adapterName}, shader-f16 ${yesNo(result.shaderF16)}, fallback adapter ${yesNo(result.isFallbackAdapter)})`;
	}
	return 'No WebGPU';
}

/** What still works without WebGPU, shown under "No WebGPU". */
export const NO_WEBGPU_EXPLANATION =
	'Local models cannot run in this browser; editing skills and everything that needs no local model still work.';

function failure(detail: string): GpuProbeResult {
	return { status: 'unavailable', reason: 'error', detail };
}
