/**
 * WebGPU capability probe, run inside a small dedicated worker.
 *
 * The model runs in a worker, so what matters is what a *worker* sees: the probe runs there too.
 * It is a plain function over a structural `GpuLike` so it can be unit-tested in Node with fakes;
 * `gpu-probe.worker.ts` only exposes it. The result decides which model variants the app offers
 * (no `shader-f16` → f32 variants only) and what the header tells the user.
 */
import { errorMessage } from '../src/core/errors.ts';

/** The part of `navigator.gpu` the probe reads. */
export interface GpuLike {
	requestAdapter(options?: {
		powerPreference?: 'low-power' | 'high-performance';
	}): Promise<AdapterLike | null>;
}

/** The part of `GPUAdapter` the probe reads (older Chromium put `isFallbackAdapter` here). */
export interface AdapterLike {
	readonly features: { has(name: string): boolean };
	readonly limits: {
		readonly maxBufferSize: number;
		readonly maxStorageBufferBindingSize: number;
		readonly maxComputeWorkgroupStorageSize?: number;
		readonly maxStorageBuffersPerShaderStage?: number;
	};
	readonly info?: {
		readonly vendor?: string;
		readonly architecture?: string;
		readonly device?: string;
		readonly description?: string;
		readonly isFallbackAdapter?: boolean;
	};
	readonly isFallbackAdapter?: boolean;
}

/** What the header shows and the model catalogue uses. Plain data: it crosses `postMessage`. */
export type GpuProbeResult =
	| {
			readonly status: 'ready';
			/** A human-readable adapter name, e.g. "SwiftShader Device (Subzero)". */
			readonly adapterName: string;
			readonly vendor: string;
			readonly architecture: string;
			readonly shaderF16: boolean;
			readonly isFallbackAdapter: boolean;
			readonly maxBufferSize: number;
			readonly maxStorageBufferBindingSize: number;
			/** Further limits WebLLM checks (the classroom check compares them with its needs). */
			readonly maxComputeWorkgroupStorageSize?: number;
			readonly maxStorageBuffersPerShaderStage?: number;
	  }
	| {
			readonly status: 'unavailable';
			/** `no-api`: the browser has no `navigator.gpu`; `no-adapter`: it returned none. */
			readonly reason: 'no-api' | 'no-adapter' | 'error';
			readonly detail: string;
	  };

/**
 * Ask the browser for a WebGPU adapter and describe it.
 *
 * @param gpu `navigator.gpu` in the worker, or `undefined` where the API does not exist.
 */
export async function probeGpu(gpu: GpuLike | undefined): Promise<GpuProbeResult> {
	if (!gpu) {
		return {
			status: 'unavailable',
			reason: 'no-api',
			detail: 'This browser does not expose the WebGPU API (navigator.gpu is missing).'
		};
	}
	let adapter: AdapterLike | null;
	try {
		adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
	} catch (error) {
		return {
			status: 'unavailable',
			reason: 'error',
			detail: `Requesting a WebGPU adapter failed: ${errorMessage(error)}`
		};
	}
	if (!adapter) {
		return {
			status: 'unavailable',
			reason: 'no-adapter',
			detail:
				'WebGPU exists but the browser offered no adapter (it may be disabled, blocklisted for this GPU, or behind a flag).'
		};
	}
	const info = adapter.info ?? {};
	return {
		status: 'ready',
		adapterName: adapterName(info),
		vendor: info.vendor ?? '',
		architecture: info.architecture ?? '',
		shaderF16: adapter.features.has('shader-f16'),
		isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
		maxBufferSize: adapter.limits.maxBufferSize,
		maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
		maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
		maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage
	};
}

function adapterName(info: NonNullable<AdapterLike['info']>): string {
	// Browsers blank fields for privacy; fall back from the most to the least specific one.
	const candidates = [
		info.description,
		[info.vendor, info.architecture].filter(Boolean).join(' '),
		info.device
	];
	return candidates.find((c) => c !== undefined && c.trim() !== '')?.trim() ?? 'unnamed adapter';
}
