import { describe, expect, it } from 'vitest';
import { probeGpu, type AdapterLike, type GpuLike } from '../../../workers/gpu-probe.ts';

function adapter(overrides: Partial<AdapterLike> = {}, features: string[] = []): AdapterLike {
	return {
		features: new Set(features),
		limits: { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 30 },
		info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device' },
		...overrides
	};
}

const gpuWith = (a: AdapterLike | null): GpuLike => ({ requestAdapter: async () => a });

describe('probeGpu', () => {
	it('reports a missing WebGPU API', async () => {
		expect(await probeGpu(undefined)).toMatchObject({ status: 'unavailable', reason: 'no-api' });
	});

	it('reports a browser that offers no adapter', async () => {
		expect(await probeGpu(gpuWith(null))).toMatchObject({
			status: 'unavailable',
			reason: 'no-adapter'
		});
	});

	it('turns a throwing requestAdapter into an explained failure', async () => {
		const result = await probeGpu({
			requestAdapter: () => Promise.reject(new Error('GPU process crashed'))
		});
		expect(result).toMatchObject({ status: 'unavailable', reason: 'error' });
		expect(result.status === 'unavailable' && result.detail).toContain('GPU process crashed');
	});

	it('describes an adapter with shader-f16 and the fallback flag from info', async () => {
		const result = await probeGpu(
			gpuWith(
				adapter(
					{
						info: {
							vendor: 'nvidia',
							architecture: 'ada',
							description: '',
							isFallbackAdapter: false
						}
					},
					['shader-f16']
				)
			)
		);
		expect(result).toEqual({
			status: 'ready',
			adapterName: 'nvidia ada',
			vendor: 'nvidia',
			architecture: 'ada',
			shaderF16: true,
			isFallbackAdapter: false,
			maxBufferSize: 1 << 30,
			maxStorageBufferBindingSize: 1 << 30
		});
	});

	it('reads the older adapter-level fallback flag and names unnamed adapters', async () => {
		const result = await probeGpu(gpuWith(adapter({ info: {}, isFallbackAdapter: true })));
		expect(result).toMatchObject({
			status: 'ready',
			adapterName: 'unnamed adapter',
			shaderF16: false,
			isFallbackAdapter: true
		});
	});
});
