/**
 * Text helpers shared by the graders: the normalisation used to compare short answers, and the
 * quoting that keeps every explanation on one readable line whatever the model wrote.
 */

import type { GradeResult } from '../types.ts';

const MAX_EXPLANATION = 240;

/** Collapses whitespace (newlines included) and shortens `text` to `max` code points. */
export function show(text: string, max = 40): string {
	const flat = text.replace(/\s+/gu, ' ').trim();
	const points = Array.from(flat);
	return points.length <= max ? flat : `${points.slice(0, max - 1).join('')}…`;
}

/** `text` quoted for an explanation: `'…'`, one line, at most `max` characters inside. */
export function quote(text: string, max = 40): string {
	return `'${show(text, max)}'`;
}

/** A result with hard and soft clamped to [0, 1] and the explanation forced onto one line. */
export function result(
	hard: number | boolean,
	soft: number | boolean,
	explanation: string
): GradeResult {
	return {
		hard: clamp01(Number(hard)),
		soft: clamp01(Number(soft)),
		explanation: show(explanation, MAX_EXPLANATION)
	};
}

/** Clamps to [0, 1]; anything that is not a finite number counts as 0. */
export function clamp01(value: number): number {
	if (!Number.isFinite(value)) return 0;
	return Math.min(1, Math.max(0, value));
}

export interface NormaliseOptions {
	caseInsensitive: boolean;
	collapseSpace: boolean;
}

// Markdown emphasis, code ticks and quotes a model wraps around a short answer.
const WRAPPERS = /^[\s*_`"'“”‘’«»]+|[\s*_`"'“”‘’«»]+$/gu;
const TRAILING_PUNCTUATION = /[\s.,;:!?。！？、]+$/u;

/**
 * Normalises a short answer for comparison: NFKC (full-width digits, ligatures), strips markdown
 * emphasis, quotes and trailing punctuation, then optionally folds case and collapses spaces.
 */
export function normaliseAnswer(text: string, options: NormaliseOptions): string {
	let value = text.normalize('NFKC').trim();
	// Punctuation can sit inside or outside the quotes ("yes." / "yes".), so strip twice.
	for (let i = 0; i < 2; i++) {
		value = value.replace(WRAPPERS, '').replace(TRAILING_PUNCTUATION, '');
	}
	if (options.collapseSpace) value = value.replace(/\s+/gu, ' ');
	if (options.caseInsensitive) value = value.toLowerCase();
	return value.trim();
}

/** The last line of `text` that has something on it other than whitespace. */
export function lastNonEmptyLine(text: string): string | undefined {
	const lines = text.split(/\r?\n/u);
	for (let i = lines.length - 1; i >= 0; i--) {
		const line = lines[i];
		if (line !== undefined && line.trim() !== '') return line;
	}
	return undefined;
}

/** True when the character before `index` in `text` cannot continue a word or number. */
export function boundaryBefore(text: string, index: number): boolean {
	if (index <= 0) return true;
	return !/[\p{L}\p{N}]/u.test(text.charAt(index - 1));
}

/** True when the character at `index` in `text` cannot continue a word or number. */
export function boundaryAfter(text: string, index: number): boolean {
	if (index >= text.length) return true;
	return !/[\p{L}\p{N}]/u.test(text.charAt(index));
}

/** A score for an explanation: at most three decimals, no trailing zeros. */
export function formatScore(value: number): string {
	return String(Math.round(value * 1000) / 1000);
}
