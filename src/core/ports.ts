/**
 * The ports: the only ways the core reaches the outside world. Callers pass implementations in —
 * the model worker client in the browser, direct engines in Node scripts, fakes in tests.
 *
 * The chat types here are also the model worker's request and result shapes
 * (`workers/llm-api.ts` re-exports them), so the core and the worker cannot drift apart.
 */
import type { ChatMessage, FeatureValue, JsonValue } from './packs/types.ts';

export type { ChatMessage };

/** Structural `AbortSignal`: the real one satisfies it, and the core needs no DOM lib. */
export interface SignalLike {
	readonly aborted: boolean;
	readonly reason?: unknown;
	throwIfAborted(): void;
	addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
	removeEventListener(type: 'abort', listener: () => void): void;
}

/** Which optimiser stage a request belongs to. */
export type OptimiserStage =
	'failure-analyst' | 'success-analyst' | 'merge' | 'rank' | 'slow-update' | 'meta-skill';

/** The outcome of one item as shown to the optimiser. */
export interface ItemOutcomeHint {
	id: string;
	features: Record<string, FeatureValue>;
	hard: number;
	soft: number;
}

/** An edit that the buffer says was rejected (or failed to apply) earlier in this epoch. */
export interface RejectedEditHint {
	op: string;
	target?: string;
	line?: number;
	content?: string;
	/** Val score drop that came with it, when known. */
	scoreDrop?: number;
}

/** One entry of the numbered list of edits a merge or rank call works on (index = position). */
export interface ListedEditHint {
	op: string;
	target?: string;
	line?: number;
	content?: string;
	/** Whether a failure or a success analyst proposed it. */
	source?: 'failure' | 'success';
}

/**
 * Data that real engines ignore and the scripted engine uses, so that the simulation never
 * depends on prompt wording.
 */
export type GenerateHints =
	| {
			role: 'executor';
			packId: string;
			itemId: string;
			/** The item's input text, for realistic output wording only (never for decisions). */
			input?: string;
			gold: JsonValue | undefined;
			features: Record<string, FeatureValue>;
			/** The skill text as placed in the system prompt. */
			skill: string;
	  }
	| {
			role: 'optimiser';
			stage: OptimiserStage;
			packId: string;
			/** The current skill document. */
			skill: string;
			/** Items shown in this call (analysts), with their outcomes. */
			items: ItemOutcomeHint[];
			rejectedEdits: RejectedEditHint[];
			/** Maximum edits the stage may return. */
			editBudget: number;
			/** Size of the numbered list to merge or rank, when the stage has one. */
			listSize?: number;
			/** The numbered list itself (merge and rank), in the order the prompt shows it. */
			listEdits?: ListedEditHint[];
	  }
	| {
			/** Routing: choose a skill from names and descriptions only (router check). */
			role: 'router';
			/** The pack the query was drawn from, and its item. */
			packId: string;
			itemId: string;
			features: Record<string, FeatureValue>;
			/** What the router is shown, in prompt order. */
			skills: { name: string; description: string }[];
	  }
	| {
			/** Description training: propose a better description for one skill. */
			role: 'describer';
			/** The target skill's pack (whose queries it should catch), when it has one. */
			packId: string | null;
			description: string;
			/** Train queries that should have routed to the skill and did not. */
			missed: RouteQueryHint[];
			/** Train queries routed to the skill that belong elsewhere. */
			falseTriggers: RouteQueryHint[];
			/** Descriptions the gate already rejected in this training. */
			rejected: string[];
			maxChars: number;
	  };

/** A routing query as the describer is shown it. */
export interface RouteQueryHint {
	packId: string;
	itemId: string;
	features: Record<string, FeatureValue>;
}

export interface GenerateRequest {
	/** Model id as loaded in the engine; required when several are loaded. */
	model?: string;
	messages: ChatMessage[];
	temperature: number;
	seed?: number;
	maxTokens: number;
	stop?: string[];
	/** JSON schema for constrained decoding, where the engine supports it. */
	jsonSchema?: JsonValue;
	hints?: GenerateHints;
}

export type FinishReason = 'stop' | 'length' | 'abort' | 'error';

export interface Usage {
	promptTokens: number;
	completionTokens: number;
	/** Prefill and decode speeds where the engine reports them. */
	prefillTokensPerSecond?: number;
	decodeTokensPerSecond?: number;
}

export interface GenerateResult {
	text: string;
	finishReason: FinishReason;
	usage: Usage;
}

/** A chat model: the executor and the optimiser are both reached through this. */
export interface ChatEngine {
	generate(
		request: GenerateRequest,
		signal?: SignalLike,
		onTokens?: (batch: string) => void
	): Promise<GenerateResult>;
	/** Conservative token count (exact where the engine has a tokenizer). */
	countTokens(text: string): Promise<number>;
	/** The model's context window in tokens. */
	contextWindow(model?: string): Promise<number>;
	/** Whether `jsonSchema` is honoured by constrained decoding. */
	readonly supportsJsonSchema: boolean;
}

/** SHA-256 of UTF-8 text as lowercase hex (WebCrypto in browser and Node). */
export interface Hasher {
	sha256Hex(text: string): Promise<string>;
}

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
}

/** Seeded randomness; `fork` gives an independent stream for a named purpose. */
export interface Random {
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [0, n). */
	int(n: number): number;
	fork(label: string): Random;
}
