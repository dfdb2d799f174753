/**
 * Which model engine executes the skill (and optimises it), and its lifecycle: choose, check,
 * load with progress, cancel, unload, and the errors on the way, in words a person understands.
 *
 * The model worker (and with it WebLLM's ~7 MB or llama.cpp's wasm) is created only by `load`,
 * never on first paint. `?engine=scripted` (and `&scenario=<name>`) selects the simulation, which
 * tests rely on; `?engine=wllama` the CPU engine.
 */
import { getContext, setContext } from 'svelte';
import type { ChatEngine } from '../../core/ports.ts';
import {
	chooseVariant,
	findCatalogueVariant,
	offeredVariants,
	validateCustomModel,
	vramWarning,
	WEBLLM_CATALOGUE,
	type CatalogueVariant,
	type CustomModelForm,
	type ModelRecordData
} from '../../../workers/engines/webllm-catalogue.ts';
import {
	checkStorage,
	requestPersistentStorage,
	type StorageCheck
} from '../../../workers/engines/webllm-storage.ts';
import { SCENARIOS } from '../../../workers/engines/scripted/scenarios.ts';
import {
	DEFAULT_CPU_MODEL,
	findCpuModel,
	validateGgufUrl
} from '../../../workers/engines/wllama-catalogue.ts';
import type { GpuProbeResult } from '../gpu/probe-client.ts';
import {
	EngineClient,
	type CachedModel,
	type EngineConfig,
	type EngineStatus,
	type LoadProgress
} from '../engine/engine-client.ts';
import { describeEngineError } from '../engine/engine-errors.ts';
import { defaultEngineFor } from './default-engine.ts';
import { MISSING_CHUNK_EVENT, isMissingChunkError } from '../offline/update-policy.ts';

export type EngineChoice = 'scripted' | 'webllm' | 'openai' | 'wllama';

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[];

export const SIMULATION_LABEL = 'Simulated model (scripted, not a language model)';

export interface EndpointForm {
	baseUrl: string;
	model: string;
	apiKey: string;
	/** Keep the key beyond this page (opt-in); otherwise it lives in memory only. */
	rememberKey: boolean;
}

/** The model choices worth keeping between visits (no API key unless the user opts in). */
export interface ModelSettingsData {
	choice: EngineChoice;
	scenario: string;
	webllmModel: string;
	optimiserModel: string;
	useCustom: boolean;
	custom: CustomModelForm;
	endpoint: EndpointForm;
	/** CPU engine: a catalogue id, or a custom GGUF URL when `cpuUseCustom`. */
	cpuModel?: string;
	cpuUseCustom?: boolean;
	cpuCustomUrl?: string;
	/** Records of every custom model loaded here, so the cache can list and delete their weights. */
	customModels?: ModelRecordData[];
}

export class ModelState {
	#choice = $state<EngineChoice>('scripted');
	/** A person (or a URL, or stored settings) picked the engine: defaults no longer apply. */
	#choiceTouched = false;
	get choice(): EngineChoice {
		return this.#choice;
	}
	set choice(value: EngineChoice) {
		this.#choice = value;
		this.#choiceTouched = true;
	}
	scenario = $state<string>('default');
	/** WebLLM model id for the executor (and the optimiser unless `optimiserModel` is set). */
	webllmModel = $state<string>('');
	/** A second WebLLM model for the optimiser, or '' for the same one. */
	optimiserModel = $state<string>('');
	custom = $state<CustomModelForm>({ modelId: '', modelUrl: '', modelLibUrl: '' });
	useCustom = $state(false);
	endpoint = $state<EndpointForm>({ baseUrl: '', model: '', apiKey: '', rememberKey: false });
	/** CPU engine (llama.cpp in WebAssembly): a catalogue id, or the custom URL below. */
	cpuModel = $state<string>(DEFAULT_CPU_MODEL);
	cpuUseCustom = $state(false);
	cpuCustomUrl = $state('');

	#gpu = $state.raw<GpuProbeResult | null>(null);
	#status = $state.raw<EngineStatus>({ state: 'empty', models: [], supportsJsonSchema: false });
	#progress = $state.raw<LoadProgress | null>(null);
	#error = $state<string | null>(null);
	#errorName = $state<string | null>(null);
	#customErrors = $state.raw<Partial<Record<string, string>>>({});
	#storage = $state.raw<StorageCheck | null>(null);
	#loadController: AbortController | null = null;
	/** Reactive twin of `#loadController !== null` (the controller itself is not state). */
	#loadingNow = $state(false);
	#client: EngineClient | null = null;
	#loadedConfig = $state.raw<EngineConfig | null>(null);
	#paused = $state.raw<string[]>([]);
	#defaultReason = $state<string | null>(null);
	#customModels = $state.raw<ModelRecordData[]>([]);

	#choiceFromUrl = false;
	#scenarioFromUrl = false;
	#onLoaded: ((data: ModelSettingsData) => void) | null = null;

	/** Called after every successful load with the choices that produced it. */
	set onLoaded(listener: ((data: ModelSettingsData) => void) | null) {
		this.#onLoaded = listener;
	}

	constructor(params?: URLSearchParams) {
		const engine = params?.get('engine') ?? null;
		if (
			engine === 'scripted' ||
			engine === 'webllm' ||
			engine === 'openai' ||
			engine === 'wllama'
		) {
			this.choice = engine;
			this.#choiceFromUrl = true;
		}
		const scenario = params?.get('scenario') ?? null;
		if (scenario) {
			this.scenario = scenario;
			this.#scenarioFromUrl = true;
		}
	}

	/** Why the preselected engine was chosen, when it is not a local model (shown until changed). */
	get defaultReason(): string | null {
		return this.#defaultReason;
	}
	/** The GPU device was lost: the engine is gone and Load creates a new one. */
	get lost(): boolean {
		return this.#status.state === 'lost';
	}
	get status(): EngineStatus {
		return this.#status;
	}
	get progress(): LoadProgress | null {
		return this.#progress;
	}
	get error(): string | null {
		return this.#error;
	}
	get errorName(): string | null {
		return this.#errorName;
	}
	get customErrors(): Partial<Record<string, string>> {
		return this.#customErrors;
	}
	get storage(): StorageCheck | null {
		return this.#storage;
	}
	get loading(): boolean {
		return this.#loadingNow;
	}
	get ready(): boolean {
		return this.#status.state === 'ready' || this.#status.state === 'generating';
	}
	/** What is loaded, for headings and run records. */
	get loadedLabel(): string {
		const config = this.#loadedConfig;
		if (!config || !this.ready) return '';
		if (config.kind === 'scripted') return `${SIMULATION_LABEL} — scenario “${this.scenario}”`;
		if (config.kind === 'openai') return `${config.model} at ${config.baseUrl}`;
		if (config.kind === 'wllama') {
			const known = findCpuModel(config.modelUrl);
			const name = known ? `${known.label} ${known.quant}` : config.modelUrl;
			return `${name} — ${this.#status.label ?? 'llama.cpp on the CPU'}`;
		}
		return config.models.join(' + ');
	}
	/** What is loaded, as data: share links record the engine kind and (catalogue) model id. */
	get loaded(): {
		kind: EngineChoice;
		models: string[];
		custom: boolean;
		scenario?: string;
	} | null {
		const config = this.#loadedConfig;
		if (!config || !this.ready) return null;
		if (config.kind === 'scripted')
			return {
				kind: 'scripted',
				models: [],
				custom: false,
				...(typeof config.scenario === 'string' ? { scenario: config.scenario } : {})
			};
		if (config.kind === 'openai') return { kind: 'openai', models: [], custom: false };
		if (config.kind === 'wllama') return { kind: 'wllama', models: [], custom: true };
		return {
			kind: 'webllm',
			models: [...config.models],
			custom: config.customRecords !== undefined
		};
	}
	/** Plain data for the settings store; the API key only when the user asked to remember it. */
	settingsData(): ModelSettingsData {
		const endpoint = { ...this.endpoint };
		if (!endpoint.rememberKey) endpoint.apiKey = '';
		return {
			choice: this.choice,
			scenario: this.scenario,
			webllmModel: this.webllmModel,
			optimiserModel: this.optimiserModel,
			useCustom: this.useCustom,
			custom: { ...this.custom },
			endpoint,
			cpuModel: this.cpuModel,
			cpuUseCustom: this.cpuUseCustom,
			cpuCustomUrl: this.cpuCustomUrl,
			customModels: this.#customModels.map((r) => ({ ...r }))
		};
	}

	/** Put back stored choices (a URL's `?engine=` still wins). */
	applySettings(data: Partial<ModelSettingsData>): void {
		if (data.choice && !this.#choiceFromUrl) {
			this.choice = data.choice;
			this.#choiceFromUrl = true;
		}
		if (data.scenario && !this.#scenarioFromUrl) this.scenario = data.scenario;
		if (data.webllmModel) this.webllmModel = data.webllmModel;
		if (data.optimiserModel !== undefined) this.optimiserModel = data.optimiserModel;
		if (data.useCustom !== undefined) this.useCustom = data.useCustom;
		if (data.custom) this.custom = { ...data.custom };
		if (data.endpoint) this.endpoint = { ...data.endpoint };
		if (typeof data.cpuModel === 'string' && findCpuModel(data.cpuModel)) {
			this.cpuModel = data.cpuModel;
		}
		if (typeof data.cpuUseCustom === 'boolean') this.cpuUseCustom = data.cpuUseCustom;
		if (typeof data.cpuCustomUrl === 'string') this.cpuCustomUrl = data.cpuCustomUrl;
		if (Array.isArray(data.customModels)) {
			this.#customModels = data.customModels.filter(isModelRecord);
		}
	}

	/** Custom models loaded in this browser (their weights may be in the cache). */
	get customModels(): ModelRecordData[] {
		return this.#customModels;
	}

	/**
	 * The WebLLM config the cache operations use. WebLLM's cache helpers only know the records they
	 * are given, so every custom model used here (and the one in the form) is passed along;
	 * without them custom weights would be invisible to listing and deletion.
	 */
	cacheConfig(): EngineConfig {
		const form = validateCustomModel(this.custom);
		const customRecords = form.ok
			? mergeRecords(this.#customModels, [form.record])
			: [...this.#customModels];
		return { kind: 'webllm', models: [], ...(customRecords.length ? { customRecords } : {}) };
	}

	#rememberCustom(records: readonly ModelRecordData[]): void {
		this.#customModels = mergeRecords(this.#customModels, records);
	}

	/** Simulation pause points currently holding a call (scenarios may declare them). */
	get paused(): string[] {
		return this.#paused;
	}

	/** Let the simulation go on past pause point `name`. */
	async continuePause(name: string): Promise<void> {
		this.#paused = this.#paused.filter((p) => p !== name);
		await this.#client?.releasePause(name);
	}

	/** Forget shown pauses once the run that hit them has ended (an aborted call is not held). */
	clearPauses(): void {
		this.#paused = [];
	}

	get isSimulation(): boolean {
		return this.#loadedConfig?.kind === 'scripted';
	}

	/** Tell the state what the WebGPU probe found; picks a default model that can run here. */
	setGpu(result: GpuProbeResult | null): void {
		const first = this.#gpu === null;
		this.#gpu = result;
		if (!result) return;
		// A local model is the point of the product where it can run; the simulation elsewhere.
		// Only while nobody has chosen: the probe can answer after a person already picked an engine.
		if (first && !this.#choiceTouched && !this.#choiceFromUrl && this.#status.state === 'empty') {
			const gpu = result;
			// The CPU-cache check reads OPFS (asynchronous): decide now, and again once it answers.
			const apply = (cachedCpu: readonly string[]) => {
				if (this.#choiceTouched || this.#choiceFromUrl || this.#status.state !== 'empty') return;
				const chosen = defaultEngineFor(gpu, cachedCpu);
				this.#choice = chosen.choice;
				this.#defaultReason = chosen.reason ?? null;
				if (chosen.cpuModelUrl) this.#selectCpuModel(chosen.cpuModelUrl);
			};
			apply([]);
			// Loaded only here (no usable WebGPU), to keep it out of first paint.
			if (this.#choice !== 'webllm') {
				void import('../engine/cpu-cache.ts')
					.then((m) => m.cachedCpuModelUrls())
					.then(apply, () => undefined);
			}
		}
		const offered = this.offered;
		if (!offered.some((v) => v.modelId === this.webllmModel)) {
			const first = WEBLLM_CATALOGUE.find((f) => f.id === 'qwen2.5-0.5b') ?? WEBLLM_CATALOGUE[0];
			this.webllmModel = first ? chooseVariant(first, { shaderF16: this.shaderF16 }).modelId : '';
		}
	}

	get webGpuReady(): boolean {
		return this.#gpu?.status === 'ready';
	}
	get shaderF16(): boolean {
		return this.#gpu?.status === 'ready' && this.#gpu.shaderF16;
	}
	/** Catalogue variants this adapter can run (f32 only without `shader-f16`). */
	get offered(): CatalogueVariant[] {
		return offeredVariants({ shaderF16: this.shaderF16 });
	}
	/** A warning for the chosen WebLLM model on this adapter, if any. */
	get vramWarning(): string | undefined {
		const gpu = this.#gpu;
		if (gpu?.status !== 'ready') return undefined;
		let vramMB: number | undefined;
		if (this.useCustom) {
			// The custom form's VRAM field (may be empty): the software-adapter warning applies anyway.
			const typed = Number(String(this.custom.vramMB ?? '').trim());
			vramMB = Number.isInteger(typed) && typed > 0 ? typed : undefined;
		} else {
			const found = findCatalogueVariant(this.webllmModel);
			if (!found) return undefined;
			vramMB = found.variant.vramMB;
		}
		const deviceMemory = globalThis.navigator
			? (navigator as Navigator & { deviceMemory?: number }).deviceMemory
			: undefined;
		return vramWarning(vramMB === undefined ? {} : { vram_required_MB: vramMB }, {
			maxBufferSize: gpu.maxBufferSize,
			maxStorageBufferBindingSize: gpu.maxStorageBufferBindingSize,
			isFallbackAdapter: gpu.isFallbackAdapter,
			deviceMemoryGB: deviceMemory
		});
	}

	#selectCpuModel(url: string): void {
		const known = findCpuModel(url);
		if (known) {
			this.cpuModel = known.id;
			this.cpuUseCustom = false;
		} else {
			this.cpuCustomUrl = url;
			this.cpuUseCustom = true;
		}
	}

	/** Build the engine config for the current choice, or set field errors and return null. */
	config(): EngineConfig | null {
		this.#customErrors = {};
		if (this.choice === 'wllama') {
			if (!this.cpuUseCustom) {
				const known = findCpuModel(this.cpuModel);
				if (known) return { kind: 'wllama', modelUrl: known.url };
				this.#customErrors = { cpuModel: 'Choose a model.' };
				return null;
			}
			const checked = validateGgufUrl(this.cpuCustomUrl, globalThis.location?.href);
			if (!checked.ok) {
				this.#customErrors = { cpuCustomUrl: checked.error };
				return null;
			}
			return { kind: 'wllama', modelUrl: checked.url };
		}
		if (this.choice === 'scripted') {
			const known = (SCENARIO_NAMES as string[]).includes(this.scenario);
			return { kind: 'scripted', scenario: known ? this.scenario : 'default' };
		}
		if (this.choice === 'openai') {
			const errors: Record<string, string> = {};
			if (this.endpoint.baseUrl.trim() === '') errors.baseUrl = 'Enter the base URL.';
			if (this.endpoint.model.trim() === '') errors.model = 'Enter the model name.';
			if (Object.keys(errors).length > 0) {
				this.#customErrors = errors;
				return null;
			}
			const apiKey = this.endpoint.apiKey.trim();
			return {
				kind: 'openai',
				baseUrl: this.endpoint.baseUrl.trim(),
				model: this.endpoint.model.trim(),
				...(apiKey ? { apiKey } : {})
			};
		}
		let customRecords: ModelRecordData[] | undefined;
		let executor = this.webllmModel;
		if (this.useCustom) {
			const result = validateCustomModel(this.custom);
			if (!result.ok) {
				this.#customErrors = result.errors;
				return null;
			}
			customRecords = [result.record];
			executor = result.record.model_id;
		}
		const models = [executor];
		if (this.optimiserModel && this.optimiserModel !== executor) models.push(this.optimiserModel);
		return { kind: 'webllm', models, ...(customRecords ? { customRecords } : {}) };
	}

	/** Load the chosen engine, with progress; replaces whatever was loaded. */
	async load(): Promise<void> {
		const config = this.config();
		if (!config || this.#loadController) return;
		this.#error = null;
		this.#errorName = null;
		this.#progress = { progress: 0, text: 'Starting…', elapsedSeconds: 0 };
		if (config.kind === 'webllm' && !this.useCustom) {
			const found = findCatalogueVariant(config.models[0] ?? '');
			this.#storage = found
				? await checkStorage(navigator.storage, { vram_required_MB: found.variant.vramMB })
				: null;
			if (this.#storage?.verdict === 'full') {
				this.#error = this.#storage.message ?? 'Not enough storage for this model.';
				this.#errorName = 'QuotaExceededError';
				this.#progress = null;
				return;
			}
		}
		const controller = new AbortController();
		this.#loadController = controller;
		this.#loadingNow = true;
		this.#status = { ...this.#status, state: 'loading' };
		try {
			this.#client ??= new EngineClient();
			this.#status = await this.#client.load(
				config,
				(progress) => (this.#progress = progress),
				controller.signal
			);
			this.#loadedConfig = config;
			if (config.kind === 'webllm' && config.customRecords)
				this.#rememberCustom(config.customRecords);
			this.#paused = [];
			this.#onLoaded?.(this.settingsData());
			if (config.kind === 'scripted') {
				await this.#client.watchPauses((name) => {
					if (!this.#paused.includes(name)) this.#paused = [...this.#paused, name];
				});
			}
		} catch (error) {
			const described = describeEngineError(error);
			// The engine's code is a lazy chunk of this build: gone after a deploy, a reload fixes it.
			if (isMissingChunkError(error)) window.dispatchEvent(new Event(MISSING_CHUNK_EVENT));
			this.#error = controller.signal.aborted ? 'Loading was cancelled.' : described.message;
			this.#errorName = described.name;
			this.#status = this.#client
				? await this.#client.refreshStatus().catch(() => this.#status)
				: this.#status;
			if (this.#status.state === 'loading') this.#status = { ...this.#status, state: 'error' };
		} finally {
			this.#loadController = null;
			this.#loadingNow = false;
			this.#progress = null;
		}
	}

	cancelLoad(): void {
		this.#loadController?.abort();
	}

	/** Unload the model; a failure is shown, never left as an unhandled rejection. */
	async unload(): Promise<void> {
		try {
			await this.#client?.unload();
		} catch (error) {
			const described = describeEngineError(error);
			this.#error = `Unloading failed: ${described.message}`;
			this.#errorName = described.name;
		}
		this.#loadedConfig = null;
		if (this.#client) this.#status = this.#client.status;
	}

	/**
	 * Models an engine has cached in this browser, with sizes (creates the worker and loads that
	 * engine's code: WebLLM, or llama.cpp for `wllama`).
	 */
	async cachedModels(engine: 'webllm' | 'wllama' = 'webllm'): Promise<CachedModel[]> {
		this.#client ??= new EngineClient();
		return this.#client.listCached(engine === 'wllama' ? CPU_CACHE : this.cacheConfig());
	}

	async deleteCachedModel(modelId: string, engine: 'webllm' | 'wllama' = 'webllm'): Promise<void> {
		this.#client ??= new EngineClient();
		await this.#client.deleteCached(modelId, engine === 'wllama' ? CPU_CACHE : this.cacheConfig());
	}

	/** The app's own engine client, for the debugging handle (`?debug=engine`) and tests. */
	debugClient(): EngineClient {
		this.#client ??= new EngineClient();
		return this.#client;
	}

	async requestPersistence(): Promise<boolean> {
		return requestPersistentStorage(navigator.storage);
	}

	/** The executor port over the loaded engine. */
	executor(): ChatEngine {
		const client = this.#requireClient();
		const config = this.#loadedConfig;
		return client.chatEngine(config?.kind === 'webllm' ? config.models[0] : undefined);
	}

	/** The optimiser port: the second loaded WebLLM model, or the same engine. */
	optimiser(): ChatEngine {
		const client = this.#requireClient();
		const config = this.#loadedConfig;
		return client.chatEngine(
			config?.kind === 'webllm' ? (config.models[1] ?? config.models[0]) : undefined
		);
	}

	/** After a generation fails, refresh the status (a lost device unloads the engine). */
	async noteFailure(error: unknown): Promise<void> {
		const described = describeEngineError(error);
		this.#error = described.message;
		this.#errorName = described.name;
		if (this.#client) this.#status = await this.#client.refreshStatus().catch(() => this.#status);
	}

	/**
	 * The executor model's exact token count of `text`, or `null` where only an estimate exists
	 * (no model, the simulation, an endpoint) or the engine is busy: exact counts cost a short
	 * generation, so they are never queued behind a run.
	 */
	async exactTokens(text: string): Promise<number | null> {
		const config = this.#loadedConfig;
		if (!this.#client || this.#status.state !== 'ready') return null;
		if (config?.kind !== 'webllm' && config?.kind !== 'wllama') return null;
		try {
			const model = config.kind === 'webllm' ? config.models[0] : undefined;
			const count = await this.#client.tokenCount(text, model);
			return count.exact ? count.tokens : null;
		} catch {
			return null;
		}
	}

	/**
	 * The executor's context window in tokens, or `null` with no model loaded (or when the engine
	 * cannot say): the editor sets the skill's length against it.
	 */
	async executorContextWindow(): Promise<number | null> {
		if (!this.#client || !this.ready) return null;
		try {
			return await this.executor().contextWindow();
		} catch {
			return null;
		}
	}

	#requireClient(): EngineClient {
		if (!this.#client || !this.ready) throw new Error('Load a model first.');
		return this.#client;
	}
}

/** The CPU engine's cache, named without loading a model. */
const CPU_CACHE: EngineConfig = { kind: 'wllama', modelUrl: '' };

/** `known` with `added` in place of the records with the same ids (the newest wins). */
function mergeRecords(
	known: readonly ModelRecordData[],
	added: readonly ModelRecordData[]
): ModelRecordData[] {
	const ids = added.map((r) => r.model_id);
	return [...known.filter((r) => !ids.includes(r.model_id)), ...added];
}

/** A stored custom record still has the fields WebLLM needs (settings are outside input). */
function isModelRecord(value: unknown): value is ModelRecordData {
	if (typeof value !== 'object' || value === null) return false;
	const r = value as Record<string, unknown>;
	return (
		typeof r.model_id === 'string' && typeof r.model === 'string' && typeof r.model_lib === 'string'
	);
}

const KEY = Symbol('model-state');

export function createModelState(params?: URLSearchParams): ModelState {
	return setContext(KEY, new ModelState(params));
}

export function useModelState(): ModelState {
	return getContext<ModelState>(KEY);
}
