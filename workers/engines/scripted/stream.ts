/**
 * Streams a decided reply the way a model would: in token-sized pieces, honouring stop
 * sequences and the max-token limit, slowly when the scenario asks for it, and stopping at once
 * when the call is cancelled.
 */
import type { FinishReason } from '../../../src/core/ports.ts';
import type { CallControl } from './call-control.ts';

// About one token each by `approxTokenCount`'s rules: ≤4 letters, ≤3 digits or one symbol, with
// the whitespace before it; trailing whitespace is a piece of its own.
const PIECE = /\s*(?:\p{L}{1,4}|\p{N}{1,3}|[^\s\p{L}\p{N}])|\s+/gu;

/** Split text into token-sized pieces whose concatenation is the text. */
export function tokenPieces(text: string): string[] {
	return text.match(PIECE) ?? [];
}

/** `n` whitespace pieces: what a small model emits when it never gets to the answer. */
export function whitespacePieces(n: number): string[] {
	return Array.from({ length: Math.max(0, n) }, (_, i) => (i % 8 === 7 ? '\n' : '  '));
}

export interface StreamOptions {
	maxTokens: number;
	stop?: readonly string[];
	/** Delay before each piece; 0 streams everything at once in batches. */
	tokenDelayMs: number;
	control: CallControl;
	onTokens?: (batch: string) => void;
}

export interface Streamed {
	text: string;
	finishReason: FinishReason;
	completionTokens: number;
}

const BATCH = 8;

/** Stream `pieces` (see `tokenPieces`) within the request's limits. */
export async function streamPieces(pieces: string[], options: StreamOptions): Promise<Streamed> {
	let finishReason: FinishReason = 'stop';
	let kept = cutAtStop(pieces, options.stop ?? []);
	if (kept.length > options.maxTokens) {
		kept = kept.slice(0, Math.max(0, options.maxTokens));
		finishReason = 'length';
	}
	let text = '';
	let count = 0;
	const step = options.tokenDelayMs > 0 ? 1 : BATCH;
	for (let i = 0; i < kept.length; i += step) {
		if (options.tokenDelayMs > 0 && !(await options.control.sleep(options.tokenDelayMs))) {
			return { text, finishReason: 'abort', completionTokens: count };
		}
		if (options.control.cancelled) return { text, finishReason: 'abort', completionTokens: count };
		const batch = kept.slice(i, i + step);
		const chunk = batch.join('');
		text += chunk;
		count += batch.length;
		options.onTokens?.(chunk);
	}
	return { text, finishReason, completionTokens: count };
}

/** The pieces before the earliest stop sequence (the stop text itself is not emitted). */
function cutAtStop(pieces: string[], stop: readonly string[]): string[] {
	const full = pieces.join('');
	let at = -1;
	for (const s of stop) {
		if (s === '') continue;
		const i = full.indexOf(s);
		if (i !== -1 && (at === -1 || i < at)) at = i;
	}
	if (at === -1) return pieces;
	return tokenPieces(full.slice(0, at));
}
