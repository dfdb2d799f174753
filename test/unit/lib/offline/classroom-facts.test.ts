import { describe, expect, it } from 'vitest';
import {
	describeAdapter,
	describeStorage,
	estimateFit,
	formatSize,
	limitRows,
	resumeNote,
	summaryLine,
	type CheckedModel
} from '../../../../src/lib/offline/classroom-facts.ts';
import type { GpuProbeResult } from '../../../../src/lib/gpu/probe-client.ts';

const GiB = 2 ** 30;

function adapter(overrides: Partial<Extract<GpuProbeResult, { status: 'ready' }>> = {}) {
	return {
		status: 'ready',
		adapterName: 'nvidia ada',
		vendor: 'nvidia',
		architecture: 'ada',
		shaderF16: true,
		isFallbackAdapter: false,
		maxBufferSize: 2 * GiB,
		maxStorageBufferBindingSize: 2 * GiB,
		maxComputeWorkgroupStorageSize: 32 * 1024,
		maxStorageBuffersPerShaderStage: 10,
		...overrides
	} satisfies GpuProbeResult;
}

const swiftShader = adapter({
	adapterName: 'google swiftshader',
	shaderF16: false,
	isFallbackAdapter: true,
	maxBufferSize: GiB,
	maxStorageBufferBindingSize: GiB
});
const noGpu: GpuProbeResult = { status: 'unavailable', reason: 'no-adapter', detail: 'none' };

const qwenF32: CheckedModel = {
	engine: 'webllm',
	id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
	label: 'Qwen2.5 0.5B Instruct f32',
	precision: 'f32',
	vramMB: 1060
};
const qwenF16: CheckedModel = { ...qwenF32, precision: 'f16', vramMB: 945 };
const big: CheckedModel = { ...qwenF16, label: 'Qwen3 4B f16', vramMB: 3432 };
const cpuModel: CheckedModel = {
	engine: 'wllama',
	id: 'qwen2.5-0.5b-q4km',
	label: 'Qwen2.5 0.5B Instruct Q4_K_M',
	url: 'https://huggingface.co/x.gguf',
	downloadMB: 398
};

describe('adapter limits against WebLLM’s requests', () => {
	it('marks each limit enough, reduced (WebLLM falls back) or failing', () => {
		const rows = limitRows(
			adapter({
				maxBufferSize: 512 * 2 ** 20,
				maxStorageBufferBindingSize: 64 * 2 ** 20,
				maxStorageBuffersPerShaderStage: 8
			})
		);
		expect(Object.fromEntries(rows.map((r) => [r.name, r.verdict]))).toEqual({
			maxBufferSize: 'reduced',
			maxStorageBufferBindingSize: 'fails',
			maxComputeWorkgroupStorageSize: 'ok',
			maxStorageBuffersPerShaderStage: 'fails'
		});
	});

	it('says "unknown" for limits an older probe did not report, and has none without WebGPU', () => {
		const rows = limitRows(adapter({ maxStorageBuffersPerShaderStage: undefined }));
		expect(rows.find((r) => r.name === 'maxStorageBuffersPerShaderStage')?.verdict).toBe('unknown');
		expect(limitRows(noGpu)).toEqual([]);
		expect(limitRows(null)).toEqual([]);
	});
});

describe('whether a model fits (an estimate)', () => {
	it('a hardware adapter with room: likely, labelled an estimate', () => {
		const fit = estimateFit(qwenF16, adapter(), 8);
		expect(fit.verdict).toBe('likely');
		expect(fit.text).toMatch(/^Estimate:/);
		expect(fit.text).toContain('8 GB');
	});

	it('software WebGPU: too slow; no WebGPU or no f16 for an f16 build: cannot', () => {
		expect(estimateFit(qwenF32, swiftShader, 16).verdict).toBe('too-slow');
		expect(estimateFit(qwenF32, noGpu, 16).verdict).toBe('cannot');
		expect(estimateFit(qwenF16, adapter({ shaderF16: false }), 16).verdict).toBe('cannot');
	});

	it('a limit below WebLLM’s minimum: cannot, naming the limit', () => {
		const fit = estimateFit(qwenF16, adapter({ maxStorageBuffersPerShaderStage: 8 }), 8);
		expect(fit.verdict).toBe('cannot');
		expect(fit.text).toContain('maxStorageBuffersPerShaderStage');
	});

	it('more GPU memory than half the device reports: unlikely; large without a figure: uncertain', () => {
		expect(estimateFit(big, adapter(), 4).verdict).toBe('unlikely');
		expect(estimateFit(big, adapter(), undefined).verdict).toBe('uncertain');
	});

	it('a CPU model against device memory', () => {
		expect(estimateFit(cpuModel, noGpu, 8).verdict).toBe('likely');
		expect(estimateFit({ ...cpuModel, downloadMB: 986 }, noGpu, 1).verdict).toBe('unlikely');
		expect(estimateFit({ ...cpuModel, downloadMB: undefined }, noGpu, 8).verdict).toBe('uncertain');
	});
});

describe('what the check says', () => {
	it('names interrupted downloads honestly per engine', () => {
		expect(resumeNote('webllm')).toContain('resumes');
		expect(resumeNote('wllama')).toContain('restarts from the beginning');
	});

	it('describes adapters, storage and sizes', () => {
		expect(describeAdapter(swiftShader)).toBe('google swiftshader (software)');
		expect(describeAdapter(adapter())).toBe('nvidia ada (hardware)');
		expect(describeAdapter(noGpu)).toBe('none');
		expect(describeStorage({ quota: 4 * GiB, usage: GiB, persisted: false })).toBe(
			'3.0 GB free of 4.0 GB, not persistent'
		);
		expect(describeStorage(null)).toBe('unknown');
		expect(formatSize(32 * 1024)).toBe('32 KB');
		expect(formatSize(340 * 2 ** 20)).toBe('340 MB');
	});

	it('puts one laptop on one line', () => {
		const line = summaryLine({
			gpu: swiftShader,
			model: qwenF32,
			fit: estimateFit(qwenF32, swiftShader, 16),
			deviceMemoryGB: 16,
			storage: { quota: 4 * GiB, usage: 0, persisted: true },
			cached: ['SmolLM2 135M Instruct Q8_0 (CPU)'],
			offline: 'ready',
			recommended: 'scripted',
			crossOriginIsolated: true
		});
		expect(line).not.toContain('\n');
		expect(line).toBe(
			'SkillOpt check · WebGPU: google swiftshader (software) · shader-f16 no · ' +
				'model: Qwen2.5 0.5B Instruct f32 — too-slow (estimate) · memory: 16 GB · ' +
				'storage: 4.0 GB free of 4.0 GB, persistent · cached: SmolLM2 135M Instruct Q8_0 (CPU) · ' +
				'offline: ready · isolated: yes · recommended: simulation (not a language model)'
		);
	});

	it('without WebGPU the line has no f16 field and says so', () => {
		const line = summaryLine({
			gpu: noGpu,
			model: cpuModel,
			fit: estimateFit(cpuModel, noGpu, undefined),
			deviceMemoryGB: undefined,
			storage: null,
			cached: [],
			offline: 'installing',
			recommended: 'scripted',
			crossOriginIsolated: false
		});
		expect(line).toContain('WebGPU: none');
		expect(line).not.toContain('shader-f16');
		expect(line).toContain('memory: unknown');
		expect(line).toContain('cached: none');
	});
});
