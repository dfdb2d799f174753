/**
 * The classroom check's state: gathers, for this browser, what a teacher needs to know before a
 * workshop (adapter, limits, memory, storage, cached models, offline readiness, the recommended
 * engine), and pre-downloads a model with progress. The judgements are pure
 * (classroom-facts.ts); this class only collects facts and runs the download.
 *
 * The download uses an engine client of its own — its own model worker, loaded once and
 * disposed — so the model panel's choice and whatever it has loaded stay as they are.
 */
import {
	WEBLLM_CATALOGUE,
	findCatalogueVariant,
	offeredVariants
} from '../../../workers/engines/webllm-catalogue.ts';
import { CPU_CATALOGUE, findCpuModel } from '../../../workers/engines/wllama-catalogue.ts';
import { checkStorage, requestPersistentStorage } from '../../../workers/engines/webllm-storage.ts';
import { cachedCpuModelUrls } from '../engine/cpu-cache.ts';
import { EngineClient, type EngineConfig, type LoadProgress } from '../engine/engine-client.ts';
import { describeEngineError } from '../engine/engine-errors.ts';
import type { GpuStatus } from '../state/gpu-status.svelte.ts';
import type { ModelState } from '../state/model-state.svelte.ts';
import { defaultEngineFor } from '../state/default-engine.ts';
import type { AppUpdate } from './app-update.svelte.ts';
import { offlineReadiness, type OfflineReadiness } from './offline-readiness.ts';
import {
	estimateFit,
	limitRows,
	summaryLine,
	type CheckedModel,
	type FitEstimate,
	type LimitRow
} from './classroom-facts.ts';
import { cachedWebllmModels, prebuiltModelUrl } from './webllm-cache-peek.ts';

export interface ModelOption {
	key: string;
	label: string;
	model: CheckedModel;
}

export type DownloadState =
	| { phase: 'idle' }
	| { phase: 'downloading'; progress: LoadProgress | null }
	| { phase: 'done'; seconds: number }
	| { phase: 'error'; message: string };

interface Parts {
	gpu: GpuStatus;
	model: ModelState;
	update: AppUpdate;
}

export class ClassroomCheck {
	readonly #parts: Parts;
	#selected = $state('');
	#storage = $state.raw<{ quota?: number; usage?: number; persisted?: boolean } | null>(null);
	#cachedWebllm = $state.raw<string[]>([]);
	#cachedCpu = $state.raw<string[]>([]);
	#offline = $state.raw<OfflineReadiness | null>(null);
	#checking = $state(false);
	#download = $state.raw<DownloadState>({ phase: 'idle' });
	#controller: AbortController | null = null;
	#copied = $state(false);

	constructor(parts: Parts) {
		this.#parts = parts;
		this.#selected = this.#initialKey();
	}

	/** The models the check can be about: this adapter's WebLLM variants and the CPU models. */
	get options(): ModelOption[] {
		const gpu = this.#parts.gpu.result;
		const shaderF16 = gpu?.status === 'ready' && gpu.shaderF16;
		const webllm = offeredVariants({ shaderF16 }).map((variant): ModelOption => {
			const family = findCatalogueVariant(variant.modelId)?.family;
			const label = `${family?.label ?? variant.modelId} ${variant.precision}`;
			return {
				key: `webllm:${variant.modelId}`,
				label: `${label} — WebLLM, GPU (${variant.vramMB} MB)`,
				model: { engine: 'webllm', id: variant.modelId, label, ...variant }
			};
		});
		const cpu = CPU_CATALOGUE.map((m): ModelOption => ({
			key: `wllama:${m.url}`,
			label: `${m.label} ${m.quant} — CPU (${m.downloadMB} MB)`,
			model: {
				engine: 'wllama',
				id: m.id,
				label: `${m.label} ${m.quant}`,
				url: m.url,
				downloadMB: m.downloadMB
			}
		}));
		const custom = this.#parts.model.cpuCustomUrl.trim();
		if (custom !== '' && !findCpuModel(custom)) {
			cpu.push({
				key: `wllama:${custom}`,
				label: `Custom GGUF — CPU (${custom})`,
				model: { engine: 'wllama', id: custom, label: 'custom GGUF', url: custom }
			});
		}
		return [...webllm, ...cpu];
	}

	get selected(): string {
		return this.#selected;
	}
	set selected(key: string) {
		if (this.#download.phase === 'downloading') return;
		this.#selected = key;
		this.#download = { phase: 'idle' };
	}

	get model(): CheckedModel {
		const options = this.options;
		const chosen = options.find((o) => o.key === this.#selected) ?? options[0];
		if (!chosen) throw new Error('The model catalogue is empty.');
		return chosen.model;
	}

	get deviceMemoryGB(): number | undefined {
		return (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
	}
	get limits(): LimitRow[] {
		return limitRows(this.#parts.gpu.result);
	}
	get fit(): FitEstimate {
		return estimateFit(this.model, this.#parts.gpu.result, this.deviceMemoryGB);
	}
	get storage(): { quota?: number; usage?: number; persisted?: boolean } | null {
		return this.#storage;
	}
	get offline(): OfflineReadiness | null {
		return this.#offline;
	}
	get checking(): boolean {
		return this.#checking;
	}
	get download(): DownloadState {
		return this.#download;
	}
	get copied(): boolean {
		return this.#copied;
	}

	/** Labels of the catalogue models complete in this browser's caches. */
	get cachedLabels(): string[] {
		const webllm = this.#cachedWebllm.map((id) => {
			const found = findCatalogueVariant(id);
			return found ? `${found.family.label} ${found.variant.precision} (WebLLM)` : id;
		});
		const cpu = this.#cachedCpu.map((url) => {
			const known = findCpuModel(url);
			return known ? `${known.label} ${known.quant} (CPU)` : `${url} (CPU)`;
		});
		return [...webllm, ...cpu];
	}

	/** Whether the selected model is complete in its engine's cache. */
	get selectedCached(): boolean {
		const model = this.model;
		return model.engine === 'webllm'
			? this.#cachedWebllm.includes(model.id)
			: this.#cachedCpu.includes(model.url);
	}

	get recommended() {
		const gpu = this.#parts.gpu.result;
		return gpu === null ? null : defaultEngineFor(gpu, this.#cachedCpu);
	}

	get summary(): string {
		const offline = this.#offline;
		return summaryLine({
			gpu: this.#parts.gpu.result,
			model: this.model,
			fit: this.fit,
			deviceMemoryGB: this.deviceMemoryGB,
			storage: this.#storage,
			cached: this.cachedLabels,
			offline: offline === null ? 'installing' : offline.state,
			recommended: this.recommended?.choice ?? 'scripted',
			crossOriginIsolated: globalThis.crossOriginIsolated === true
		});
	}

	/** Read storage, caches and the service worker's state again. */
	async refresh(): Promise<void> {
		this.#checking = true;
		try {
			const [storage, webllm, cpu, offline] = await Promise.all([
				readStorage(),
				cachedWebllmModels(
					WEBLLM_CATALOGUE.flatMap((f) => [f.f16, f.f32]).map((v) => ({
						id: v.modelId,
						url: prebuiltModelUrl(v.modelId)
					}))
				),
				cachedCpuModelUrls(),
				offlineReadiness(this.#parts.update)
			]);
			this.#storage = storage;
			this.#cachedWebllm = webllm;
			this.#cachedCpu = cpu;
			this.#offline = offline;
		} finally {
			this.#checking = false;
		}
	}

	/** Ask the browser to keep this site's storage; refreshes what is shown. */
	async requestPersistence(): Promise<void> {
		await requestPersistentStorage(navigator.storage);
		this.#storage = await readStorage();
	}

	/**
	 * Download the selected model into its engine's cache now: load it once in a model worker of
	 * its own, then unload and end that worker.
	 */
	async startDownload(): Promise<void> {
		if (this.#download.phase === 'downloading') return;
		const model = this.model;
		const config: EngineConfig =
			model.engine === 'webllm'
				? { kind: 'webllm', models: [model.id] }
				: { kind: 'wllama', modelUrl: model.url };
		if (model.engine === 'webllm') {
			const room = await checkStorage(navigator.storage, { vram_required_MB: model.vramMB });
			if (room.verdict === 'full') {
				this.#download = { phase: 'error', message: room.message ?? 'Not enough storage.' };
				return;
			}
		}
		const controller = new AbortController();
		this.#controller = controller;
		this.#download = { phase: 'downloading', progress: null };
		const client = new EngineClient();
		const started = performance.now();
		try {
			await client.load(
				config,
				(progress) => (this.#download = { phase: 'downloading', progress }),
				controller.signal
			);
			await client.unload();
			this.#download = { phase: 'done', seconds: (performance.now() - started) / 1000 };
		} catch (error) {
			this.#download = {
				phase: 'error',
				message: controller.signal.aborted
					? 'The download was cancelled.'
					: describeEngineError(error).message
			};
		} finally {
			this.#controller = null;
			client.dispose();
			await this.refresh();
		}
	}

	cancelDownload(): void {
		this.#controller?.abort();
	}

	/** Copy the summary line; `false` where the browser refuses (the line stays selectable). */
	async copySummary(): Promise<boolean> {
		try {
			await navigator.clipboard.writeText(this.summary);
			this.#copied = true;
			setTimeout(() => (this.#copied = false), 2_000);
			return true;
		} catch {
			return false;
		}
	}

	/** Leaving the dialog cancels a download in flight (its worker is ended). */
	close(): void {
		this.cancelDownload();
	}

	#initialKey(): string {
		const model = this.#parts.model;
		if (model.choice === 'wllama') {
			const known = findCpuModel(model.cpuModel);
			const url = model.cpuUseCustom ? model.cpuCustomUrl.trim() : (known?.url ?? '');
			if (url !== '') return `wllama:${url}`;
		}
		return `webllm:${model.webllmModel}`;
	}
}

async function readStorage(): Promise<{
	quota?: number;
	usage?: number;
	persisted?: boolean;
} | null> {
	const storage = globalThis.navigator?.storage;
	if (!storage) return null;
	try {
		const [estimate, persisted] = await Promise.all([
			storage.estimate(),
			storage.persisted?.() ?? Promise.resolve(undefined)
		]);
		return { quota: estimate.quota, usage: estimate.usage, persisted };
	} catch {
		return null;
	}
}
