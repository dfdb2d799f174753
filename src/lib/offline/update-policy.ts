/**
 * When the app may offer "A new version is available — reload": a pure rule, so that tests pin
 * it. Reloading in the middle of a run would interrupt it (it could resume, but from its last
 * stage), and reloading while a draft save is pending could lose the last keystrokes; so the
 * offer waits for both. A chunk that failed to load means this page's build is gone from the
 * server: the same offer, because a reload is the only fix.
 */

/** Why a reload is offered: a new worker waits, or a lazy chunk of this build is gone. */
export type UpdateReason = 'new-version' | 'missing-chunk';

export interface UpdateContext {
	reason: UpdateReason | null;
	/** A training run or a trial is running in this tab. */
	runActive: boolean;
	/** The skill draft's save state (`pending` while the debounced save waits). */
	draftSave: 'saved' | 'pending' | 'failed';
}

/** Whether the prompt shows now. */
export function shouldOfferReload(context: UpdateContext): boolean {
	return context.reason !== null && !context.runActive && context.draftSave === 'saved';
}

/** The prompt's text. NOTE: the e2e tests and the issue quote it. */
export const UPDATE_MESSAGE = 'A new version is available — reload';

/** A window event for missing chunks seen outside the page (the model worker's engine code). */
export const MISSING_CHUNK_EVENT = 'skillopt:missing-chunk';

const MISSING_CHUNK_MESSAGES = [
	'Failed to fetch dynamically imported module', // Chromium
	'error loading dynamically imported module', // Firefox
	'Importing a module script failed', // Safari
	'Unable to preload CSS' // Vite's preload helper
];

/**
 * Whether an error is a lazy chunk (or its CSS) that could not be fetched: after a deploy that
 * removed this build's files, or with the network gone before the service worker had them.
 */
export function isMissingChunkError(error: unknown): boolean {
	const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
	return MISSING_CHUNK_MESSAGES.some((m) => message.includes(m));
}
