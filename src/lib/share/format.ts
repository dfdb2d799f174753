/**
 * The constants of the share-link format, apart from the codec so the page can recognise a
 * share fragment on first paint without loading the codec and schema (they load only then).
 */

/** NOTE: part of the link format. DO NOT CHANGE. */
export const SHARE_PREFIX = 'share:';
/** NOTE: part of the link format. DO NOT CHANGE. */
export const SHARE_V1 = 'v1';

/** Whether `hash` (with or without `#`, or a whole link) looks like a share link's fragment. */
export function isShareFragment(hash: string): boolean {
	const at = hash.indexOf('#');
	return (at >= 0 ? hash.slice(at + 1) : hash)
		.trim()
		.replace(/%3A/gi, ':')
		.startsWith(SHARE_PREFIX);
}
