/**
 * Character and approximate token counts for a skill document.
 *
 * Small local models have 4k-token windows and every item re-prefills the skill, so the editor
 * shows a live count and the loop budgets prompts before sending them. No tokenizer is available
 * without a loaded model, so this estimate is deliberately *conservative*: it imitates how BPE
 * tokenizers split text (a token per ~4 letters of a word, per 1–3 digits, per punctuation mark)
 * and rounds up, so it tends to overestimate English prose slightly rather than underestimate.
 * When a model is loaded, its own tokenizer gives the exact count through a port.
 */

/** Counts shown under the editor and used for prompt budgeting. */
export interface TextStats {
	/** Unicode code points, which is what a person counts as characters. */
	readonly characters: number;
	/** Whitespace-separated words. */
	readonly words: number;
	/** Lines, counting an empty document as one line (as an editor does). */
	readonly lines: number;
	/** Conservative approximation of the token count (see module comment). */
	readonly approxTokens: number;
}

// Letter runs, digit runs and single non-space symbols: the units BPE merges rarely cross.
const PIECE = /\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu;
const LETTERS_PER_TOKEN = 4;
const DIGITS_PER_TOKEN = 3;

/**
 * Approximate token count of `text` without a tokenizer.
 *
 * @example approxTokenCount('Answer: 42') // 4 (a BPE tokenizer gives 3)
 */
export function approxTokenCount(text: string): number {
	let tokens = 0;
	for (const match of text.matchAll(PIECE)) {
		const piece = match[0];
		const first = piece.codePointAt(0) ?? 0;
		if (/\p{L}/u.test(String.fromCodePoint(first))) {
			tokens += Math.ceil(codePointLength(piece) / LETTERS_PER_TOKEN);
		} else if (/\p{N}/u.test(String.fromCodePoint(first))) {
			tokens += Math.ceil(codePointLength(piece) / DIGITS_PER_TOKEN);
		} else {
			tokens += 1;
		}
	}
	// Runs of newlines are usually their own tokens in chat models' vocabularies.
	tokens += (text.match(/\n+/g) ?? []).length;
	return tokens;
}

/**
 * All counts for `text` in one pass over the string's pieces.
 *
 * @example textStats('# Skill\nCount the flips.').lines // 2
 */
export function textStats(text: string): TextStats {
	const trimmed = text.trim();
	return {
		characters: codePointLength(text),
		words: trimmed === '' ? 0 : trimmed.split(/\s+/u).length,
		lines: text.split('\n').length,
		approxTokens: approxTokenCount(text)
	};
}

function codePointLength(text: string): number {
	let n = 0;
	for (const _ of text) n++;
	return n;
}
