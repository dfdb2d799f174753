import { describe, expect, it } from 'vitest';
import { modelVersion, prebuiltAppConfig } from '@mlc-ai/web-llm';
import {
	WEBLLM_CATALOGUE,
	WEBLLM_MODEL_VERSION,
	buildAppConfig,
	chooseVariant,
	familiesForRole,
	offeredVariants,
	validateCustomModel,
	vramWarning,
	type CustomModelForm
} from '../../../workers/engines/webllm-catalogue.ts';

const prebuilt = new Map(prebuiltAppConfig.model_list.map((r) => [r.model_id, r]));
const variants = WEBLLM_CATALOGUE.flatMap((f) => [f.f16, f.f32]);

const validForm: CustomModelForm = {
	modelId: 'my-model-q4f32_1',
	modelUrl: 'https://example.org/models/my-model',
	modelLibUrl: `https://example.org/libs/${WEBLLM_MODEL_VERSION}/base/my-model-webgpu.wasm`
};

describe('the WebLLM catalogue', () => {
	it('matches the installed WebLLM model-library version', () => {
		expect(modelVersion.split('/')[0]).toBe(WEBLLM_MODEL_VERSION);
	});

	it.each(variants.map((v) => [v.modelId, v] as const))(
		'lists %s, which exists in prebuiltAppConfig with about the same VRAM',
		(id, variant) => {
			const record = prebuilt.get(id);
			expect(record).toBeDefined();
			expect(Math.abs((record?.vram_required_MB ?? 0) - variant.vramMB)).toBeLessThan(1);
			expect(variant.precision === 'f16').toBe(/f16/.test(id));
		}
	);

	it('declares the context window that WebLLM records override', () => {
		for (const family of WEBLLM_CATALOGUE) {
			expect(prebuilt.get(family.f16.modelId)?.overrides?.context_window_size).toBe(
				family.contextWindow
			);
		}
	});

	it('suggests small executors and larger optimisers', () => {
		const executors = familiesForRole('executor').map((f) => f.id);
		const optimisers = familiesForRole('optimiser').map((f) => f.id);
		expect(executors).toContain('qwen2.5-0.5b');
		expect(optimisers).toContain('qwen2.5-3b');
		expect(optimisers).not.toContain('smollm2-135m');
	});
});

describe('chooseVariant and offeredVariants', () => {
	const qwen = WEBLLM_CATALOGUE.find((f) => f.id === 'qwen2.5-1.5b');

	it('picks f16 when the adapter has shader-f16 and f32 when it lacks it', () => {
		expect(qwen).toBeDefined();
		if (!qwen) return;
		expect(chooseVariant(qwen, { shaderF16: true }).modelId).toBe(
			'Qwen2.5-1.5B-Instruct-q4f16_1-MLC'
		);
		expect(chooseVariant(qwen, { shaderF16: false }).modelId).toBe(
			'Qwen2.5-1.5B-Instruct-q4f32_1-MLC'
		);
	});

	it('offers only f32 variants without shader-f16 (the SwiftShader case)', () => {
		const offered = offeredVariants({ shaderF16: false });
		expect(offered).toHaveLength(WEBLLM_CATALOGUE.length);
		expect(offered.every((v) => v.precision === 'f32' && !/f16/.test(v.modelId))).toBe(true);
		expect(offeredVariants({ shaderF16: true })).toHaveLength(2 * WEBLLM_CATALOGUE.length);
	});
});

describe('vramWarning', () => {
	const roomy = { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 };

	it('says nothing for a small model on a hardware adapter', () => {
		expect(vramWarning({ vram_required_MB: 945 }, roomy)).toBeUndefined();
	});

	it('warns for a large model, relative to device memory when known', () => {
		expect(vramWarning({ vram_required_MB: 4328 }, roomy)).toMatch(/device may be lost/);
		expect(vramWarning({ vram_required_MB: 2505 }, { ...roomy, deviceMemoryGB: 4 })).toMatch(
			/reports 4 GB/
		);
	});

	it('warns when buffers exceed the adapter limit and on a software adapter', () => {
		const warning = vramWarning(
			{ vram_required_MB: 500, buffer_size_required_bytes: 2 ** 31 },
			{ maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30, isFallbackAdapter: true }
		);
		expect(warning).toMatch(/fail to load/);
		expect(warning).toMatch(/software fallback/);
	});
});

describe('validateCustomModel', () => {
	it('turns a valid form into a ModelRecord with a 4096-token default window', () => {
		const result = validateCustomModel(validForm);
		expect(result).toEqual({
			ok: true,
			record: {
				model: validForm.modelUrl,
				model_id: validForm.modelId,
				model_lib: validForm.modelLibUrl,
				overrides: { context_window_size: 4096 }
			}
		});
	});

	it('accepts a loopback http URL and records f16 needs and VRAM', () => {
		const result = validateCustomModel({
			modelId: 'local-q4f16_1',
			modelUrl: 'http://127.0.0.1:8000/weights/',
			modelLibUrl: 'http://127.0.0.1:8000/lib.wasm',
			contextWindow: '2048',
			vramMB: 900
		});
		expect(result.ok && result.record).toMatchObject({
			required_features: ['shader-f16'],
			vram_required_MB: 900,
			overrides: { context_window_size: 2048 }
		});
	});

	it.each([
		['a relative weights URL', { modelUrl: '/models/x' }, 'modelUrl'],
		['a non-http scheme', { modelUrl: 'ftp://example.org/x' }, 'modelUrl'],
		['a library that is not wasm', { modelLibUrl: 'https://example.org/lib.js' }, 'modelLibUrl'],
		[
			'a library for another WebLLM version',
			{ modelLibUrl: 'https://example.org/v0_2_48/lib.wasm' },
			'modelLibUrl'
		],
		['an empty id', { modelId: ' ' }, 'modelId'],
		['an id with spaces', { modelId: 'my model' }, 'modelId'],
		['a built-in id', { modelId: 'Qwen3-0.6B-q4f32_1-MLC' }, 'modelId'],
		['a fractional context window', { contextWindow: '4096.5' }, 'contextWindow'],
		['a tiny context window', { contextWindow: 16 }, 'contextWindow'],
		['a negative VRAM', { vramMB: '-5' }, 'vramMB']
	] as const)('rejects %s', (_label, change, field) => {
		const result = validateCustomModel({ ...validForm, ...change });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors[field]).toEqual(expect.any(String));
	});
});

describe('buildAppConfig', () => {
	it('adds custom records and lets one replace a prebuilt record of the same id', () => {
		const base = prebuiltAppConfig.model_list;
		const custom = {
			model: 'https://x.org/m',
			model_id: base[0]?.model_id ?? '',
			model_lib: 'https://x.org/l.wasm'
		};
		const extra = {
			model: 'https://x.org/n',
			model_id: 'extra',
			model_lib: 'https://x.org/n.wasm'
		};
		const config = buildAppConfig(base, [custom, extra], 'indexeddb');
		expect(config.model_list).toHaveLength(base.length + 1);
		expect(config.model_list.filter((r) => r.model_id === custom.model_id)).toEqual([custom]);
		expect(config.cacheBackend).toBe('indexeddb');
	});
});
