/**
 * The person's review before a gate, kept while they are still deciding: which kept edits they
 * dropped and what they rewrote, written to localStorage as they go. A reload (or a closed tab)
 * before "Next stage" brings the resumed run back to the same review with their draft in place.
 * Once the run goes on the draft is removed: from then on the snapshot records the change.
 *
 * A draft belongs to one review: the run, the step and the kept edits themselves, so a review
 * with other edits never picks up a stale one. Storage that refuses (private mode, full) only
 * means the draft is not kept; the review itself works the same.
 */
import { tabStorage } from './local-storage.ts';
import type { ReviewRequest } from '../../core/loop/review.ts';

export interface ReviewDraft {
	dropped: boolean[];
	contents: string[];
}

const PREFIX = 'skillopt-review:';

/** A short, stable digest of a string (FNV-1a): names a review, not a security check. */
function digest(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(36);
}

/** The storage key of the review `request` of run `runId`. */
export function reviewKey(runId: string, request: ReviewRequest): string {
	const kept = JSON.stringify(request.kept.map((p) => p.edit));
	return `${PREFIX}${runId}:${request.epoch}.${request.step}:${digest(kept)}`;
}

/** The kept draft of this review, if one fits it (same number of edits, the right types). */
export function loadReviewDraft(key: string, edits: number): ReviewDraft | null {
	try {
		const raw = tabStorage()?.getItem(key);
		if (raw === null || raw === undefined) return null;
		const value: unknown = JSON.parse(raw);
		if (typeof value !== 'object' || value === null) return null;
		const { dropped, contents } = value as Record<string, unknown>;
		if (
			!Array.isArray(dropped) ||
			!Array.isArray(contents) ||
			dropped.length !== edits ||
			contents.length !== edits ||
			!dropped.every((d) => typeof d === 'boolean') ||
			!contents.every((c) => typeof c === 'string')
		)
			return null;
		return { dropped: dropped as boolean[], contents: contents as string[] };
	} catch {
		return null;
	}
}

export function saveReviewDraft(key: string, draft: ReviewDraft): void {
	try {
		tabStorage()?.setItem(key, JSON.stringify(draft));
	} catch {
		// Not kept (storage refused): the review goes on the same.
	}
}

/** Forget a review's draft (the run went on: the snapshot holds the change now). */
export function clearReviewDraft(key: string): void {
	try {
		tabStorage()?.removeItem(key);
	} catch {
		// A draft that stays is harmless: it only fits its own review.
	}
}
