/**
 * First-visit detection for the guided tour, explicit and cheap to opt out of.
 *
 * The tour opens by itself only on a first visit: nothing recorded under `TOUR_KEY` in
 * localStorage (it is written when the tour is finished or skipped, never just for opening the
 * app). It never opens by itself over a share or lesson link. `?tour=off` keeps it closed for
 * that page load and `?tour=on` opens it even after it was seen; end-to-end tests opt out for
 * every spec by putting `TOUR_KEY` in the shared storage state (playwright.config.ts).
 */

/** NOTE: the localStorage key and value. DO NOT CHANGE: changing them shows the tour again. */
export const TOUR_KEY = 'skillopt-tour';
export const TOUR_SEEN = 'seen';

/** The part of localStorage read here (structural: this module is also read by the test config). */
export interface StorageReader {
	getItem(key: string): string | null;
}

export interface VisitContext {
	storage: StorageReader | undefined;
	search: string;
	hash: string;
}

/** Whether the tour was finished or skipped in this browser. */
export function tourSeen(storage: StorageReader | undefined): boolean {
	try {
		return storage?.getItem(TOUR_KEY) === TOUR_SEEN;
	} catch {
		return true; // storage blocked: treat as seen rather than showing the tour on every load
	}
}

/** Whether the tour should open by itself on this page load. */
export function shouldAutoOpenTour(context: VisitContext): boolean {
	const param = new URLSearchParams(context.search).get('tour');
	if (param === 'off') return false;
	const hash = context.hash.replace(/^#/, '').replace(/%3A/gi, ':');
	if (hash.startsWith('share:') || hash.startsWith('lesson:')) return false;
	if (param === 'on') return true;
	return !tourSeen(context.storage);
}

/** Record that the tour was finished or skipped (it then opens only from the Tour button). */
export function markTourSeen(
	storage: { setItem(key: string, value: string): void } | undefined
): void {
	try {
		storage?.setItem(TOUR_KEY, TOUR_SEEN);
	} catch {
		// Not kept: the tour may open again on the next visit.
	}
}
