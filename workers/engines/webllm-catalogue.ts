/**
 * The WebLLM models this app offers, and the rules for choosing among them.
 *
 * Pure data and functions, no WebLLM import: the UI renders the model list on first paint, long
 * before WebLLM's code is fetched. The ids and VRAM figures are copied from WebLLM 0.2.86's
 * `prebuiltAppConfig` (a unit test checks every id against it), and only small instruct models
 * are listed: the executor must run on a laptop GPU, and the optimiser needs somewhat more
 * capacity to follow the stage formats.
 *
 * Also here: the f16/f32 choice (f16 model libraries fail without `shader-f16` even when the
 * record does not say so, web-llm #254), a VRAM warning, validation of the "custom model" form
 * into a `ModelRecord`, and the `AppConfig` builder.
 */

/** WebLLM's model-library ABI for the installed npm version (`modelVersion`). */
export const WEBLLM_MODEL_VERSION = 'v0_2_86';

/** The subset of WebLLM's `ModelRecord` this app writes (structurally compatible with it). */
export interface ModelRecordData {
	/** Absolute URL of the MLC weights (a model hub repository or any HTTP folder). */
	model: string;
	model_id: string;
	/** Absolute URL of the compiled model library (`*.wasm`). */
	model_lib: string;
	overrides?: { context_window_size?: number };
	vram_required_MB?: number;
	low_resource_required?: boolean;
	buffer_size_required_bytes?: number;
	required_features?: string[];
}

/** WebLLM's `AppConfig`, structurally. */
export interface AppConfigData {
	model_list: ModelRecordData[];
	cacheBackend?: 'cache' | 'indexeddb' | 'opfs' | 'cross-origin';
}

/** What a model is good enough for in this app. */
export type ModelRole = 'executor' | 'optimiser';

export interface CatalogueVariant {
	modelId: string;
	/** Weight and activation precision: f16 needs the `shader-f16` WebGPU feature. */
	precision: 'f16' | 'f32';
	vramMB: number;
}

export interface CatalogueFamily {
	/** Stable key, e.g. `qwen2.5-1.5b`. */
	id: string;
	label: string;
	/** Parameter count as people say it, e.g. "1.5B". */
	size: string;
	/** Roles it is suggested for; executor-class models are also fine for quick optimiser tests. */
	roles: readonly ModelRole[];
	contextWindow: number;
	f16: CatalogueVariant;
	f32: CatalogueVariant;
}

function family(
	id: string,
	label: string,
	size: string,
	roles: readonly ModelRole[],
	f16: [string, number],
	f32: [string, number]
): CatalogueFamily {
	return {
		id,
		label,
		size,
		roles,
		contextWindow: 4096,
		f16: { modelId: f16[0], precision: 'f16', vramMB: f16[1] },
		f32: { modelId: f32[0], precision: 'f32', vramMB: f32[1] }
	};
}

const EXECUTOR: readonly ModelRole[] = ['executor'];
const BOTH: readonly ModelRole[] = ['executor', 'optimiser'];
const OPTIMISER: readonly ModelRole[] = ['optimiser'];

/** Curated small instruct models, smallest first (VRAM of the f16 variant). */
export const WEBLLM_CATALOGUE: readonly CatalogueFamily[] = [
	family(
		'smollm2-135m',
		'SmolLM2 135M Instruct',
		'135M',
		EXECUTOR,
		['SmolLM2-135M-Instruct-q0f16-MLC', 360],
		['SmolLM2-135M-Instruct-q0f32-MLC', 719]
	),
	family(
		'smollm2-360m',
		'SmolLM2 360M Instruct',
		'360M',
		EXECUTOR,
		['SmolLM2-360M-Instruct-q4f16_1-MLC', 376],
		['SmolLM2-360M-Instruct-q4f32_1-MLC', 580]
	),
	family(
		'llama-3.2-1b',
		'Llama 3.2 1B Instruct',
		'1B',
		EXECUTOR,
		['Llama-3.2-1B-Instruct-q4f16_1-MLC', 879],
		['Llama-3.2-1B-Instruct-q4f32_1-MLC', 1129]
	),
	family(
		'qwen2.5-0.5b',
		'Qwen2.5 0.5B Instruct',
		'0.5B',
		EXECUTOR,
		['Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 945],
		['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 1060]
	),
	family(
		'qwen3-0.6b',
		'Qwen3 0.6B',
		'0.6B',
		EXECUTOR,
		['Qwen3-0.6B-q4f16_1-MLC', 1403],
		['Qwen3-0.6B-q4f32_1-MLC', 1925]
	),
	family(
		'qwen2.5-1.5b',
		'Qwen2.5 1.5B Instruct',
		'1.5B',
		BOTH,
		['Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 1630],
		['Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 1889]
	),
	family(
		'qwen3-1.7b',
		'Qwen3 1.7B',
		'1.7B',
		BOTH,
		['Qwen3-1.7B-q4f16_1-MLC', 2037],
		['Qwen3-1.7B-q4f32_1-MLC', 2635]
	),
	family(
		'llama-3.2-3b',
		'Llama 3.2 3B Instruct',
		'3B',
		OPTIMISER,
		['Llama-3.2-3B-Instruct-q4f16_1-MLC', 2264],
		['Llama-3.2-3B-Instruct-q4f32_1-MLC', 2952]
	),
	family(
		'qwen2.5-3b',
		'Qwen2.5 3B Instruct',
		'3B',
		OPTIMISER,
		['Qwen2.5-3B-Instruct-q4f16_1-MLC', 2505],
		['Qwen2.5-3B-Instruct-q4f32_1-MLC', 2894]
	),
	family(
		'qwen3-4b',
		'Qwen3 4B',
		'4B',
		OPTIMISER,
		['Qwen3-4B-q4f16_1-MLC', 3432],
		['Qwen3-4B-q4f32_1-MLC', 4328]
	)
];

/** Adapter facts the choice depends on (from the WebGPU probe). */
export interface AdapterCapabilities {
	shaderF16: boolean;
}

/**
 * The variant to load on this adapter: f16 when `shader-f16` is available (less memory, faster),
 * f32 otherwise.
 */
export function chooseVariant(
	entry: CatalogueFamily,
	capabilities: AdapterCapabilities
): CatalogueVariant {
	return capabilities.shaderF16 ? entry.f16 : entry.f32;
}

/** Every variant that can run on this adapter: both without restriction, f32 only without f16. */
export function offeredVariants(capabilities: AdapterCapabilities): CatalogueVariant[] {
	return WEBLLM_CATALOGUE.flatMap((entry) =>
		capabilities.shaderF16 ? [entry.f16, entry.f32] : [entry.f32]
	);
}

/** Families suggested for a role. */
export function familiesForRole(role: ModelRole): CatalogueFamily[] {
	return WEBLLM_CATALOGUE.filter((entry) => entry.roles.includes(role));
}

/** The catalogue family and variant of a model id, if it is one of ours. */
export function findCatalogueVariant(
	modelId: string
): { family: CatalogueFamily; variant: CatalogueVariant } | undefined {
	for (const entry of WEBLLM_CATALOGUE) {
		for (const variant of [entry.f16, entry.f32]) {
			if (variant.modelId === modelId) return { family: entry, variant };
		}
	}
	return undefined;
}

/** Whether a model id names an f16 build (`q4f16_1`, `q0f16`, ...). */
export function needsShaderF16(modelIdOrLib: string): boolean {
	return /q\d+f16/i.test(modelIdOrLib);
}

/** What the VRAM warning looks at: the probe's limits and, where known, device memory. */
export interface AdapterLimits {
	maxBufferSize: number;
	maxStorageBufferBindingSize: number;
	isFallbackAdapter?: boolean;
	/** `navigator.deviceMemory` in GB (Chromium rounds it and caps it at 8). */
	deviceMemoryGB?: number;
}

/** Above this, integrated GPUs and small laptops often lose the device (web-llm #517, #647). */
const LARGE_MODEL_MB = 3000;

/**
 * A warning to show before loading a model whose memory needs look too large for this adapter,
 * or `undefined`. WebGPU does not reveal how much memory a GPU has, so this is a heuristic.
 */
export function vramWarning(
	record: Pick<ModelRecordData, 'vram_required_MB' | 'buffer_size_required_bytes'>,
	limits: AdapterLimits
): string | undefined {
	const warnings: string[] = [];
	const needMB = record.vram_required_MB;
	const needBuffer = record.buffer_size_required_bytes;
	if (needBuffer !== undefined && needBuffer > limits.maxStorageBufferBindingSize) {
		warnings.push(
			`It needs GPU buffers of ${formatMB(needBuffer / 2 ** 20)} but this adapter allows ` +
				`${formatMB(limits.maxStorageBufferBindingSize / 2 ** 20)}; it will probably fail to load.`
		);
	}
	if (needMB !== undefined) {
		if (limits.deviceMemoryGB !== undefined && needMB > limits.deviceMemoryGB * 1024 * 0.5) {
			warnings.push(
				`It needs about ${formatMB(needMB)} of GPU memory and this device reports ` +
					`${limits.deviceMemoryGB} GB of memory in all; the GPU may run out ("device lost").`
			);
		} else if (needMB > LARGE_MODEL_MB) {
			warnings.push(
				`It needs about ${formatMB(needMB)} of GPU memory; on integrated or small GPUs ` +
					'the device may be lost. Prefer a smaller model if loading fails.'
			);
		}
	}
	if (limits.isFallbackAdapter) {
		warnings.push(
			'This adapter is a software fallback (no GPU acceleration): a model will load but ' +
				'generate far too slowly for real runs.'
		);
	}
	return warnings.length > 0 ? warnings.join(' ') : undefined;
}

/** The "custom model" form as typed by the user (strings, unparsed). */
export interface CustomModelForm {
	modelId: string;
	/** Absolute URL of the MLC weights folder or repository. */
	modelUrl: string;
	/** Absolute URL of the model library (`.wasm`). */
	modelLibUrl: string;
	/** Context window in tokens; empty means 4096. */
	contextWindow?: string | number;
	/** VRAM in MB if known; empty means unknown. */
	vramMB?: string | number;
}

export type CustomModelField = 'modelId' | 'modelUrl' | 'modelLibUrl' | 'contextWindow' | 'vramMB';

export type CustomModelResult =
	| { ok: true; record: ModelRecordData }
	| { ok: false; errors: Partial<Record<CustomModelField, string>> };

const DEFAULT_CONTEXT_WINDOW = 4096;

/**
 * Validate the custom model form into a `ModelRecord`, or say what is wrong with each field.
 *
 * @example
 * validateCustomModel({ modelId: 'my-model', modelUrl: 'https://example.org/w/',
 *   modelLibUrl: 'https://example.org/lib.wasm' }).ok // true
 */
export function validateCustomModel(form: CustomModelForm): CustomModelResult {
	const errors: Partial<Record<CustomModelField, string>> = {};
	const modelId = form.modelId.trim();
	if (modelId === '') {
		errors.modelId = 'Give the model an id.';
	} else if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(modelId)) {
		errors.modelId = 'Use letters, digits, dots, dashes and underscores only.';
	} else if (findCatalogueVariant(modelId)) {
		errors.modelId = 'This id belongs to a built-in model; choose another.';
	}

	const modelUrl = form.modelUrl.trim();
	const urlProblem = absoluteUrlProblem(modelUrl);
	if (urlProblem) errors.modelUrl = urlProblem;

	const modelLibUrl = form.modelLibUrl.trim();
	const libProblem = absoluteUrlProblem(modelLibUrl);
	if (libProblem) {
		errors.modelLibUrl = libProblem;
	} else if (!new URL(modelLibUrl).pathname.endsWith('.wasm')) {
		errors.modelLibUrl = 'The model library is a compiled .wasm file.';
	} else {
		const version = /v0_2_\d+/.exec(modelLibUrl)?.[0];
		if (version !== undefined && version !== WEBLLM_MODEL_VERSION) {
			errors.modelLibUrl =
				`This library was built for WebLLM ${version}; this app runs ${WEBLLM_MODEL_VERSION} ` +
				'and a mismatched library fails to link.';
		}
	}

	const contextWindow = parseOptionalInteger(form.contextWindow);
	if (
		contextWindow === null ||
		(contextWindow !== undefined && (contextWindow < 256 || contextWindow > 131072))
	) {
		errors.contextWindow = 'A whole number of tokens between 256 and 131072.';
	}
	const vramMB = parseOptionalInteger(form.vramMB);
	if (vramMB === null || (vramMB !== undefined && vramMB <= 0)) {
		errors.vramMB = 'A positive whole number of megabytes, or empty if unknown.';
	}

	if (Object.keys(errors).length > 0) return { ok: false, errors };
	const record: ModelRecordData = {
		model: modelUrl,
		model_id: modelId,
		model_lib: modelLibUrl,
		overrides: { context_window_size: contextWindow ?? DEFAULT_CONTEXT_WINDOW }
	};
	if (vramMB !== undefined && vramMB !== null) record.vram_required_MB = vramMB;
	if (needsShaderF16(modelId) || needsShaderF16(modelLibUrl)) {
		record.required_features = ['shader-f16'];
	}
	return { ok: true, record };
}

/**
 * The `AppConfig` to hand WebLLM: its prebuilt records (passed in, so this module needs no WebLLM
 * import) plus our custom ones, a custom record replacing a prebuilt one with the same id.
 */
export function buildAppConfig(
	prebuilt: readonly ModelRecordData[],
	custom: readonly ModelRecordData[] = [],
	cacheBackend?: AppConfigData['cacheBackend']
): AppConfigData {
	const customIds = new Set(custom.map((r) => r.model_id));
	const config: AppConfigData = {
		model_list: [...prebuilt.filter((r) => !customIds.has(r.model_id)), ...custom]
	};
	if (cacheBackend) config.cacheBackend = cacheBackend;
	return config;
}

/** The context window a record declares (WebLLM's small models use 4096). */
export function recordContextWindow(record: ModelRecordData | undefined): number {
	return record?.overrides?.context_window_size ?? DEFAULT_CONTEXT_WINDOW;
}

function absoluteUrlProblem(value: string): string | undefined {
	if (value === '') return 'Enter an absolute URL (https://...).';
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return 'Enter an absolute URL, starting with https:// (or http:// for a local server).';
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return 'Only https:// and http:// URLs can be fetched.';
	}
	return undefined;
}

/** `undefined` for empty input, `null` for invalid input, else the integer. */
function parseOptionalInteger(value: string | number | undefined): number | undefined | null {
	if (value === undefined) return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	if (!/^\d+$/.test(text)) return null;
	return Number(text);
}

function formatMB(mb: number): string {
	return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
