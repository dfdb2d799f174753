/**
 * The skill document: the one trainable parameter of the method, a plain markdown string.
 *
 * Helpers here read it (hash, outline, token counts, the slow block) and write the one part that
 * only the epoch-boundary slow update may write. Step edits live in `../edits/`.
 */
import { MalformedSkillError } from '../errors.ts';
import type { Hasher } from '../ports.ts';
import { approxTokenCount } from '../text-stats.ts';
import { SLOW_UPDATE_END, SLOW_UPDATE_START, containsMarker } from './markers.ts';
import { findRegions } from './regions.ts';
import { splitLines } from './lines.ts';

/**
 * Full SHA-256 hex of the document's UTF-8 text: the key of the score cache and of per-item
 * results. (The reference keeps only 16 hex characters; we store the full hash and show
 * `shortHash` of it.)
 *
 * @example await skillHash('# Skill', createSha256Hasher(crypto.subtle)) // '3b1f…' (64 chars)
 */
export function skillHash(text: string, hasher: Hasher): Promise<string> {
	return hasher.sha256Hex(text);
}

/**
 * A short prefix of a hash for display (never as a key).
 *
 * @example shortHash('3b1f0c9a77e2…') // '3b1f0c9a'
 */
export function shortHash(hash: string, length = 8): string {
	return hash.slice(0, Math.max(1, length));
}

export interface OutlineEntry {
	/** 1 for `#`, 2 for `##`, ... */
	level: number;
	title: string;
	/** 1-based line number. */
	line: number;
	/** Whether the heading sits inside a protected region. */
	protected: boolean;
}

/**
 * The markdown headings of the document with their line numbers, skipping fenced code blocks.
 *
 * @example outline('# Skill\n\n## Steps\n- a') // [{ level: 1, title: 'Skill', line: 1, … }, { level: 2, title: 'Steps', line: 3, … }]
 */
export function outline(text: string): OutlineEntry[] {
	const { protectedSpans } = findRegions(text);
	const entries: OutlineEntry[] = [];
	let fence: string | undefined;
	for (const line of splitLines(text)) {
		const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line.text);
		if (fenceMatch?.[1] !== undefined) {
			const marker = fenceMatch[1];
			if (fence === undefined) fence = marker;
			else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
			continue;
		}
		if (fence !== undefined) continue;
		const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line.text);
		if (heading?.[1] === undefined) continue;
		entries.push({
			level: heading[1].length,
			title: (heading[2] ?? '').trim(),
			line: line.line,
			protected: protectedSpans.some((s) => s.from <= line.from && line.from < s.to)
		});
	}
	return entries;
}

/**
 * Conservative token estimate without a tokenizer (see `approxTokenCount`).
 *
 * @example approxSkillTokens('# Skill\nCount the flips.') // 10
 */
export function approxSkillTokens(text: string): number {
	return approxTokenCount(text);
}

/** Anything that can count tokens exactly: a `ChatEngine` satisfies it. */
export interface TokenCounter {
	countTokens(text: string): Promise<number>;
}

/**
 * The exact token count from the loaded model's tokenizer.
 *
 * @example await countSkillTokens(skill, engine) // 212
 */
export function countSkillTokens(text: string, counter: TokenCounter): Promise<number> {
	return counter.countTokens(text);
}

/**
 * The text inside the slow-update region, trimmed; `undefined` when there is no such region.
 *
 * @example slowBlockContent('x\n<!-- SLOW_UPDATE_START -->\nBe brief.\n<!-- SLOW_UPDATE_END -->') // 'Be brief.'
 */
export function slowBlockContent(text: string): string | undefined {
	const region = findRegions(text).regions.find((r) => r.kind === 'slow' && r.closed);
	return region === undefined ? undefined : text.slice(region.contentFrom, region.contentTo).trim();
}

/**
 * Rewrites the slow-update block to hold exactly `guidance` (trimmed; empty gives the empty
 * block), changing nothing else. When the document has no slow block, one is appended at the end,
 * separated by a blank line — which is also how the empty block is first added after epoch 1.
 *
 * @throws MalformedSkillError when the slow markers are unpaired, nested or duplicated: the
 *   caller shows the problem rather than guessing which block was meant.
 * @throws RangeError when `guidance` contains a marker string (strip it first, see
 *   `stripMarkers`).
 * @example
 * setSlowBlock('# Skill\n', 'Check units.')
 * // '# Skill\n\n<!-- SLOW_UPDATE_START -->\nCheck units.\n<!-- SLOW_UPDATE_END -->\n'
 */
export function setSlowBlock(text: string, guidance: string): string {
	if (containsMarker(guidance)) {
		throw new RangeError('slow-update guidance must not contain a protected-region marker');
	}
	const { regions, problems } = findRegions(text);
	const slowProblem = problems.find((p) => p.kind === 'slow' || p.code === 'nested');
	if (slowProblem !== undefined) throw new MalformedSkillError(slowProblem.message);
	const body = guidance.trim();
	const inner = body === '' ? '\n' : `\n${body}\n`;
	const region = regions.find((r) => r.kind === 'slow');
	if (region !== undefined) {
		return text.slice(0, region.contentFrom) + inner + text.slice(region.contentTo);
	}
	const head = text.replace(/\s+$/u, '');
	const block = `${SLOW_UPDATE_START}${inner}${SLOW_UPDATE_END}\n`;
	return head === '' ? block : `${head}\n\n${block}`;
}
