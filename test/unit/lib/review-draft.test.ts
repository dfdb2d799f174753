/**
 * What a tab keeps of a paused run across a reload: the review draft belongs to its own review
 * only (another step, or other kept edits, never pick it up), a damaged or mismatched draft is
 * ignored, and "paused by the person" is remembered until the run goes on. Storage that throws
 * changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewRequest } from '../../../src/core/loop/review.ts';
import {
	clearReviewDraft,
	loadReviewDraft,
	reviewKey,
	saveReviewDraft
} from '../../../src/lib/state/review-draft.ts';
import { pausedByPerson, rememberPause } from '../../../src/lib/state/pause-memory.ts';

class MemoryStorage {
	#items = new Map<string, string>();
	throwing = false;
	get length(): number {
		return this.#items.size;
	}
	key(i: number): string | null {
		return [...this.#items.keys()][i] ?? null;
	}
	getItem(k: string): string | null {
		if (this.throwing) throw new DOMException('denied', 'SecurityError');
		return this.#items.get(k) ?? null;
	}
	setItem(k: string, v: string): void {
		if (this.throwing) throw new DOMException('full', 'QuotaExceededError');
		this.#items.set(k, v);
	}
	removeItem(k: string): void {
		this.#items.delete(k);
	}
}

let store: MemoryStorage;
beforeEach(() => {
	store = new MemoryStorage();
	Object.defineProperty(globalThis, 'localStorage', { value: store, configurable: true });
});
afterEach(() => {
	Reflect.deleteProperty(globalThis, 'localStorage');
});

const request = (content: string, step = 2): ReviewRequest => ({
	step,
	epoch: 1,
	skill: '# Skill',
	budget: 2,
	kept: [
		{ edit: { op: 'append', content }, source: 'failure' },
		{ edit: { op: 'append', content: 'keep me' }, source: 'success' }
	] as ReviewRequest['kept']
});

describe('review drafts', () => {
	it('come back for the same review only', () => {
		const key = reviewKey('run-1', request('a rule'));
		saveReviewDraft(key, { dropped: [true, false], contents: ['a rule', 'rewritten'] });
		expect(loadReviewDraft(key, 2)).toEqual({
			dropped: [true, false],
			contents: ['a rule', 'rewritten']
		});
		expect(reviewKey('run-1', request('another rule'))).not.toBe(key);
		expect(reviewKey('run-1', request('a rule', 3))).not.toBe(key);
		expect(reviewKey('run-2', request('a rule'))).not.toBe(key);
		clearReviewDraft(key);
		expect(loadReviewDraft(key, 2)).toBeNull();
	});

	it('ignore a damaged or mismatched draft', () => {
		const key = reviewKey('run-1', request('a rule'));
		store.setItem(key, '{not json');
		expect(loadReviewDraft(key, 2)).toBeNull();
		store.setItem(key, JSON.stringify({ dropped: [true], contents: ['x'] }));
		expect(loadReviewDraft(key, 2)).toBeNull();
		store.setItem(key, JSON.stringify({ dropped: ['yes', false], contents: ['x', 'y'] }));
		expect(loadReviewDraft(key, 2)).toBeNull();
	});

	it('do nothing when storage refuses', () => {
		store.throwing = true;
		const key = reviewKey('run-1', request('a rule'));
		expect(() =>
			saveReviewDraft(key, { dropped: [false, false], contents: ['', ''] })
		).not.toThrow();
		expect(loadReviewDraft(key, 2)).toBeNull();
	});
});

describe('paused by the person', () => {
	it('is remembered per run until the run goes on', () => {
		rememberPause('run-1', true);
		expect(pausedByPerson('run-1')).toBe(true);
		expect(pausedByPerson('run-2')).toBe(false);
		rememberPause('run-1', false);
		expect(pausedByPerson('run-1')).toBe(false);
		store.throwing = true;
		expect(() => rememberPause('run-1', true)).not.toThrow();
		expect(pausedByPerson('run-1')).toBe(false);
	});
});
