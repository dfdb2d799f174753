import { describe, expect, it } from 'vitest';
import {
	isMissingChunkError,
	shouldOfferReload
} from '../../../../src/lib/offline/update-policy.ts';

describe('when the reload is offered', () => {
	it('offers it for a new version or a missing chunk once the draft is saved and nothing runs', () => {
		expect(shouldOfferReload({ reason: 'new-version', runActive: false, draftSave: 'saved' })).toBe(
			true
		);
		expect(
			shouldOfferReload({ reason: 'missing-chunk', runActive: false, draftSave: 'saved' })
		).toBe(true);
	});

	it('waits while a run is in progress', () => {
		expect(shouldOfferReload({ reason: 'new-version', runActive: true, draftSave: 'saved' })).toBe(
			false
		);
	});

	it('waits while the draft is not saved (pending or failed)', () => {
		for (const draftSave of ['pending', 'failed'] as const) {
			expect(shouldOfferReload({ reason: 'new-version', runActive: false, draftSave })).toBe(false);
		}
	});

	it('says nothing when there is nothing new', () => {
		expect(shouldOfferReload({ reason: null, runActive: false, draftSave: 'saved' })).toBe(false);
	});
});

describe('recognising a lazy chunk that could not be fetched', () => {
	it('knows each browser’s message and Vite’s CSS preload failure', () => {
		for (const message of [
			'Failed to fetch dynamically imported module: https://app.example/assets/X-1.js',
			'error loading dynamically imported module: https://app.example/assets/X-1.js',
			'Importing a module script failed.',
			'Unable to preload CSS for /assets/X-1.css'
		]) {
			expect(isMissingChunkError(new TypeError(message)), message).toBe(true);
		}
	});

	it('does not take other errors for a missing chunk', () => {
		expect(isMissingChunkError(new Error('Cannot read properties of undefined'))).toBe(false);
		expect(isMissingChunkError(undefined)).toBe(false);
		expect(isMissingChunkError({ message: 'Failed to fetch dynamically imported module' })).toBe(
			false
		);
	});
});
