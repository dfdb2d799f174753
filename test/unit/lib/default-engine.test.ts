import { describe, expect, it } from 'vitest';
import { chooseDefaultEngine } from '../../../src/lib/engine/default-engine.ts';
import type { GpuProbeResult } from '../../../workers/gpu-probe.ts';

const ready = (isFallbackAdapter: boolean): GpuProbeResult => ({
	status: 'ready',
	adapterName: isFallbackAdapter ? 'SwiftShader' : 'Real GPU',
	vendor: '',
	architecture: '',
	shaderF16: true,
	isFallbackAdapter,
	maxBufferSize: 2 ** 30,
	maxStorageBufferBindingSize: 2 ** 30
});
const none: GpuProbeResult = { status: 'unavailable', reason: 'no-api', detail: 'missing' };

describe('default engine', () => {
	it('uses WebGPU where a real adapter is ready', () => {
		expect(chooseDefaultEngine(ready(false), ['https://x/m.gguf']).choice).toBe('webllm');
	});
	it('without usable WebGPU: the CPU engine when a CPU model is cached, saying why', () => {
		for (const gpu of [none, ready(true)]) {
			const picked = chooseDefaultEngine(gpu, ['https://x/m.gguf']);
			expect(picked).toMatchObject({ choice: 'wllama', cpuModelUrl: 'https://x/m.gguf' });
			expect(picked.reason).toContain('already downloaded');
		}
	});
	it('else the simulation, saying why', () => {
		const picked = chooseDefaultEngine(none, []);
		expect(picked.choice).toBe('scripted');
		expect(picked.reason).toContain('no CPU model is downloaded yet');
		expect(chooseDefaultEngine(ready(true), []).reason).toContain('software adapter');
	});
});
