// A small in-test ModelEngine: scripted token streams, interrupt support, injectable failures.
import type { GenerateRequest, GenerateResult, SignalLike } from '../../../src/core/ports.ts';
import type {
	CachedModel,
	LoadProgress,
	LoadRequest,
	ModelEngine
} from '../../../workers/engines/engine.ts';

export interface FakeEngineOptions {
	/** Pieces the model "generates"; default 'a','b','c'. */
	tokens?: string[];
	/** Delay between pieces in ms; 0 emits them synchronously. */
	tokenDelayMs?: number;
	/** Emit pieces forever (until interrupted), cycling `tokens`. */
	endless?: boolean;
	loadError?: () => unknown;
	generateError?: () => unknown;
	loadDelayMs?: number;
	cached?: CachedModel[];
}

export class FakeEngine implements ModelEngine {
	readonly label = 'Fake engine';
	readonly supportsJsonSchema = false;
	readonly calls: string[] = [];
	readonly requests: GenerateRequest[] = [];
	interrupts = 0;
	unloads = 0;
	#interrupted = false;
	readonly options: FakeEngineOptions;

	constructor(options: FakeEngineOptions = {}) {
		this.options = options;
	}

	async load(
		request: LoadRequest,
		onProgress: (progress: LoadProgress) => void,
		_signal?: SignalLike
	): Promise<void> {
		this.calls.push(`load:${request.models.join(',')}`);
		onProgress({ progress: 0.5, text: 'Fetching param cache[1/2]', elapsedSeconds: 1 });
		if (this.options.loadDelayMs) await sleep(this.options.loadDelayMs);
		if (this.options.loadError) throw this.options.loadError();
		onProgress({ progress: 1, text: 'Finished', elapsedSeconds: 2, etaSeconds: 0 });
	}

	async generate(
		request: GenerateRequest,
		_signal?: SignalLike,
		onTokens?: (batch: string) => void
	): Promise<GenerateResult> {
		this.calls.push('generate');
		this.requests.push(request);
		this.#interrupted = false;
		if (this.options.generateError) throw this.options.generateError();
		const tokens = this.options.tokens ?? ['a', 'b', 'c'];
		let text = '';
		for (let i = 0; this.options.endless || i < tokens.length; i++) {
			if (this.#interrupted) {
				return { text, finishReason: 'abort', usage: { promptTokens: 1, completionTokens: i } };
			}
			if (this.options.tokenDelayMs) await sleep(this.options.tokenDelayMs);
			const piece = tokens[i % tokens.length] ?? '';
			text += piece;
			onTokens?.(piece);
		}
		return {
			text,
			finishReason: 'stop',
			usage: { promptTokens: 1, completionTokens: tokens.length }
		};
	}

	async countTokens(text: string): Promise<number> {
		return text.length;
	}

	async contextWindow(): Promise<number> {
		return 2048;
	}

	async interrupt(): Promise<void> {
		this.interrupts++;
		this.#interrupted = true;
	}

	async unload(): Promise<void> {
		this.unloads++;
		this.calls.push('unload');
	}

	async listCached(): Promise<CachedModel[]> {
		return this.options.cached ?? [];
	}

	async deleteCached(modelId: string): Promise<void> {
		this.calls.push(`delete:${modelId}`);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
