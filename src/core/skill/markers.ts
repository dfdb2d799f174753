/**
 * The marker strings that delimit the machine-managed regions of a skill document.
 *
 * They are the reference implementation's markers, so skills move between it and this app
 * unchanged. Step edits never touch the text between a pair; only the slow update rewrites the
 * slow region (method doc, sections 5.1–5.2).
 */

// NOTE: DO NOT CHANGE these strings. They are stored inside every saved and shared skill and
// match the reference implementation's; changing them would orphan existing protected regions.
export const SLOW_UPDATE_START = '<!-- SLOW_UPDATE_START -->';
export const SLOW_UPDATE_END = '<!-- SLOW_UPDATE_END -->';
export const APPENDIX_START = '<!-- APPENDIX_START -->';
export const APPENDIX_END = '<!-- APPENDIX_END -->';

export type RegionKind = 'slow' | 'appendix';

/** Start and end marker of each region kind. */
export const REGION_MARKERS: Readonly<Record<RegionKind, { start: string; end: string }>> = {
	slow: { start: SLOW_UPDATE_START, end: SLOW_UPDATE_END },
	appendix: { start: APPENDIX_START, end: APPENDIX_END }
};

// Loose on purpose: a model that writes `<!--SLOW_UPDATE_END-->` or just `slow_update_end` in an
// edit is trying to reach a region, and such text must never enter the document.
const MARKER_LIKE = /(?:SLOW_UPDATE|APPENDIX)_(?:START|END)/i;

/**
 * Whether `text` contains a marker string, or something close enough to one (any case, any
 * spacing, with or without the comment brackets) that it must be kept out of edits.
 *
 * @example containsMarker('keep <!--slow_update_end--> here') // true
 */
export function containsMarker(text: string): boolean {
	return MARKER_LIKE.test(text);
}

/**
 * The first marker-like name in `text`, upper-cased (`SLOW_UPDATE_START`), or `undefined`.
 *
 * @example markerIn('see slow_update_end') // 'SLOW_UPDATE_END'
 */
export function markerIn(text: string): string | undefined {
	return MARKER_LIKE.exec(text)?.[0].toUpperCase();
}

/**
 * `text` with every exact marker string removed, for optimiser output that is about to become
 * the content of a region (the slow update's guidance).
 *
 * @example stripMarkers('a <!-- SLOW_UPDATE_END --> b') // 'a  b'
 */
export function stripMarkers(text: string): string {
	return text
		.replace(/<!--\s*(?:SLOW_UPDATE|APPENDIX)_(?:START|END)\s*-->/gi, '')
		.replace(/(?:SLOW_UPDATE|APPENDIX)_(?:START|END)/gi, '');
}
