/**
 * The preselected engine: a local model only where a real GPU adapter exists; the simulation,
 * with the reason, on a software adapter or without WebGPU; never over a person's own pick.
 */
import { describe, expect, it } from 'vitest';
import type { GpuProbeResult } from '../../../src/lib/gpu/probe-client.ts';
import { defaultEngineFor } from '../../../src/lib/state/default-engine.ts';
import { ModelState } from '../../../src/lib/state/model-state.svelte.ts';

function adapter(isFallbackAdapter: boolean): GpuProbeResult {
	return {
		status: 'ready',
		adapterName: isFallbackAdapter ? 'SwiftShader' : 'Real GPU',
		vendor: 'v',
		architecture: 'a',
		shaderF16: !isFallbackAdapter,
		isFallbackAdapter,
		maxBufferSize: 2 ** 30,
		maxStorageBufferBindingSize: 2 ** 30
	};
}

describe('defaultEngineFor', () => {
	it('picks the local model on a hardware adapter, the simulation with a reason otherwise', () => {
		expect(defaultEngineFor(adapter(false))).toEqual({ choice: 'webllm' });
		expect(defaultEngineFor(adapter(true))).toMatchObject({
			choice: 'scripted',
			reason: expect.stringContaining('software WebGPU adapter')
		});
		expect(
			defaultEngineFor({ status: 'unavailable', reason: 'no-adapter', detail: '' }).choice
		).toBe('scripted');
	});
});

describe('ModelState.setGpu', () => {
	it('preselects the simulation on a software adapter and says why', () => {
		const state = new ModelState();
		state.setGpu(adapter(true));
		expect(state.choice).toBe('scripted');
		expect(state.defaultReason).toContain('software WebGPU adapter');
	});

	it('leaves a choice made before the probe answered alone', () => {
		const state = new ModelState();
		state.choice = 'webllm';
		state.setGpu(adapter(true));
		expect(state.choice).toBe('webllm');
		expect(state.defaultReason).toBeNull();
		const hardware = new ModelState();
		hardware.setGpu(adapter(false));
		expect(hardware.choice).toBe('webllm');
	});
});
