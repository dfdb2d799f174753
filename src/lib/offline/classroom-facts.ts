/**
 * The classroom check's judgements, as pure functions over what the browser reported: the
 * adapter's limits against what WebLLM asks for, an estimate of whether a model fits, how an
 * interrupted download continues, and the one-line summary a teacher collects from 30 laptops.
 * classroom-check.svelte.ts gathers the facts; the dialog only renders these results.
 *
 * WebGPU exposes no memory size, so "fits" is always an estimate: the model's VRAM figure
 * against the adapter's limits and `navigator.deviceMemory` (which browsers round, and some
 * cap). Everything here says so.
 */
import type { GpuProbeResult } from '../gpu/probe-client.ts';
import type { DefaultEngine } from '../state/default-engine.ts';

/** The model the check is about. */
export type CheckedModel =
	| {
			engine: 'webllm';
			id: string;
			label: string;
			precision: 'f16' | 'f32';
			vramMB: number;
	  }
	| { engine: 'wllama'; id: string; label: string; url: string; downloadMB?: number };

/** One adapter limit against WebLLM's request (it falls back to `minimum` where it must). */
export interface LimitRow {
	name: string;
	value: number | undefined;
	wanted: number;
	minimum: number;
	unit: 'bytes' | 'count';
	verdict: 'ok' | 'reduced' | 'fails' | 'unknown';
}

const MiB = 2 ** 20;

/** What WebLLM 0.2.86 requests from the adapter (`detectGPUDevice`), with its fallbacks. */
const WEBLLM_LIMITS: readonly Omit<LimitRow, 'value' | 'verdict'>[] = [
	{ name: 'maxBufferSize', wanted: 1024 * MiB, minimum: 256 * MiB, unit: 'bytes' },
	{ name: 'maxStorageBufferBindingSize', wanted: 1024 * MiB, minimum: 128 * MiB, unit: 'bytes' },
	{ name: 'maxComputeWorkgroupStorageSize', wanted: 32 * 1024, minimum: 32 * 1024, unit: 'bytes' },
	{ name: 'maxStorageBuffersPerShaderStage', wanted: 10, minimum: 10, unit: 'count' }
];

/** The adapter's limits that matter to WebLLM, each with its verdict. `[]` without WebGPU. */
export function limitRows(gpu: GpuProbeResult | null): LimitRow[] {
	if (gpu?.status !== 'ready') return [];
	const values: Record<string, number | undefined> = {
		maxBufferSize: gpu.maxBufferSize,
		maxStorageBufferBindingSize: gpu.maxStorageBufferBindingSize,
		maxComputeWorkgroupStorageSize: gpu.maxComputeWorkgroupStorageSize,
		maxStorageBuffersPerShaderStage: gpu.maxStorageBuffersPerShaderStage
	};
	return WEBLLM_LIMITS.map((limit) => {
		const value = values[limit.name];
		const verdict =
			value === undefined
				? 'unknown'
				: value >= limit.wanted
					? 'ok'
					: value >= limit.minimum
						? 'reduced'
						: 'fails';
		return { ...limit, value, verdict };
	});
}

export interface FitEstimate {
	verdict: 'likely' | 'uncertain' | 'unlikely' | 'too-slow' | 'cannot';
	/** One sentence; always says it is an estimate where it is one. */
	text: string;
}

/** Above this, integrated GPUs and small laptops often lose the device (web-llm #517, #647). */
const LARGE_MODEL_MB = 3000;

/**
 * Whether the model is likely to load and run here — an estimate (see the module comment).
 *
 * @param deviceMemoryGB `navigator.deviceMemory`, when the browser reports it
 */
export function estimateFit(
	model: CheckedModel,
	gpu: GpuProbeResult | null,
	deviceMemoryGB: number | undefined
): FitEstimate {
	const memory =
		deviceMemoryGB === undefined
			? 'the browser reports no memory size'
			: `the device reports ${deviceMemoryGB} GB of memory`;
	if (model.engine === 'wllama') {
		if (model.downloadMB === undefined) {
			return {
				verdict: 'uncertain',
				text: `Estimate: the model's size is unknown (a custom file) and ${memory}.`
			};
		}
		// llama.cpp holds the whole file in memory, plus its context: about a fifth more.
		const needMB = Math.round(model.downloadMB * 1.2);
		if (deviceMemoryGB !== undefined && needMB > deviceMemoryGB * 1024 * 0.6) {
			return {
				verdict: 'unlikely',
				text: `Estimate: it needs about ${needMB} MB of memory and ${memory}; choose a smaller model.`
			};
		}
		return {
			verdict: 'likely',
			text: `Estimate: it needs about ${needMB} MB of memory and ${memory}; it runs on the CPU (slowly on old laptops).`
		};
	}
	if (gpu?.status !== 'ready') {
		return {
			verdict: 'cannot',
			text: 'No WebGPU adapter: WebLLM models cannot run in this browser.'
		};
	}
	if (model.precision === 'f16' && !gpu.shaderF16) {
		return {
			verdict: 'cannot',
			text: 'This is an f16 build and the adapter has no shader-f16: choose the f32 variant.'
		};
	}
	const failing = limitRows(gpu).filter((row) => row.verdict === 'fails');
	if (failing.length > 0) {
		return {
			verdict: 'cannot',
			text: `The adapter's ${failing.map((r) => r.name).join(', ')} is below WebLLM's minimum: it will not load.`
		};
	}
	if (gpu.isFallbackAdapter) {
		return {
			verdict: 'too-slow',
			text: 'Software WebGPU: the model would load but generate far too slowly for a class.'
		};
	}
	if (deviceMemoryGB !== undefined && model.vramMB > deviceMemoryGB * 1024 * 0.5) {
		return {
			verdict: 'unlikely',
			text: `Estimate: it needs about ${model.vramMB} MB of GPU memory and ${memory}; the GPU may run out ("device lost").`
		};
	}
	if (model.vramMB > LARGE_MODEL_MB) {
		return {
			verdict: 'uncertain',
			text: `Estimate: it needs about ${model.vramMB} MB of GPU memory; small and integrated GPUs may run out, and ${memory}.`
		};
	}
	return {
		verdict: 'likely',
		text: `Estimate: it needs about ${model.vramMB} MB of GPU memory; the limits allow it and ${memory}. WebGPU does not reveal GPU memory, so only loading it proves it.`
	};
}

/** How an interrupted download continues, per engine (checked against each engine's cache). */
export function resumeNote(engine: CheckedModel['engine']): string {
	return engine === 'webllm'
		? 'If the download is interrupted, it resumes file by file: weight shards already downloaded stay in the cache; only the shard in flight starts again.'
		: 'If the download is interrupted, it restarts from the beginning: the model is one file, and llama.cpp’s cache keeps only complete files.';
}

/** What "Download this model now" does, per engine. */
export function downloadNote(engine: CheckedModel['engine']): string {
	return engine === 'webllm'
		? 'WebLLM can only cache a model by loading it: the model is loaded once on the GPU (this may take a minute after the download) and unloaded again.'
		: 'The model file is downloaded into this browser’s cache, loaded once to check it, and unloaded again.';
}

export type OfflineState = 'ready' | 'installing' | 'incomplete' | 'unsupported';

export interface SummaryFacts {
	gpu: GpuProbeResult | null;
	model: CheckedModel;
	fit: FitEstimate;
	deviceMemoryGB: number | undefined;
	storage: { quota?: number; usage?: number; persisted?: boolean } | null;
	/** Labels of catalogue models (either engine) complete in this browser's cache. */
	cached: readonly string[];
	offline: OfflineState;
	recommended: DefaultEngine;
	crossOriginIsolated: boolean;
}

export const ENGINE_NAMES: Record<DefaultEngine, string> = {
	webllm: 'WebLLM on the GPU',
	wllama: 'CPU model (llama.cpp)',
	scripted: 'simulation (not a language model)'
};

/** The adapter in a few words: its name and whether it is hardware or software. */
export function describeAdapter(gpu: GpuProbeResult | null): string {
	if (gpu === null) return 'not checked yet';
	if (gpu.status !== 'ready') return 'none';
	return `${gpu.adapterName} (${gpu.isFallbackAdapter ? 'software' : 'hardware'})`;
}

/** "1.2 GB", "340 MB", "32 KB". */
export function formatSize(bytes: number): string {
	if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GB`;
	if (bytes >= MiB) return `${Math.round(bytes / MiB)} MB`;
	return `${Math.round(bytes / 1024)} KB`;
}

/** The fit verdict as a heading. */
export const FIT_HEADINGS: Record<FitEstimate['verdict'], string> = {
	likely: 'Likely fits',
	uncertain: 'Uncertain',
	unlikely: 'Unlikely to fit',
	'too-slow': 'Too slow here',
	cannot: 'Cannot run here'
};

/** The storage line: free space, quota and persistence. */
export function describeStorage(storage: SummaryFacts['storage']): string {
	if (storage === null || storage.quota === undefined) return 'unknown';
	const free = Math.max(0, storage.quota - (storage.usage ?? 0));
	const persisted =
		storage.persisted === undefined ? '' : storage.persisted ? ', persistent' : ', not persistent';
	return `${formatSize(free)} free of ${formatSize(storage.quota)}${persisted}`;
}

/**
 * One line per laptop, fields separated by " · ", so a teacher can paste 30 of them into a
 * spreadsheet or a chat and compare.
 */
export function summaryLine(facts: SummaryFacts): string {
	const f16 =
		facts.gpu?.status === 'ready' ? (facts.gpu.shaderF16 ? 'shader-f16 yes' : 'shader-f16 no') : '';
	const fields = [
		'SkillOpt check',
		`WebGPU: ${describeAdapter(facts.gpu)}`,
		f16,
		`model: ${facts.model.label} — ${facts.fit.verdict} (estimate)`,
		`memory: ${facts.deviceMemoryGB === undefined ? 'unknown' : `${facts.deviceMemoryGB} GB`}`,
		`storage: ${describeStorage(facts.storage)}`,
		`cached: ${facts.cached.length > 0 ? facts.cached.join(', ') : 'none'}`,
		`offline: ${facts.offline}`,
		`isolated: ${facts.crossOriginIsolated ? 'yes' : 'no'}`,
		`recommended: ${ENGINE_NAMES[facts.recommended]}`
	];
	return fields.filter((f) => f !== '').join(' · ');
}
