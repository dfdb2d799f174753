/**
 * The constants of the lesson-link format, apart from the codec so the page can recognise a
 * lesson fragment on first paint without loading the codec and schema.
 */

/** NOTE: part of the link format. DO NOT CHANGE. */
export const LESSON_PREFIX = 'lesson:';
/** NOTE: part of the link format. DO NOT CHANGE. */
export const LESSON_V1 = 'v1';

/** Whether `hash` (with or without `#`, or a whole link) looks like a lesson link's fragment. */
export function isLessonFragment(hash: string): boolean {
	const at = hash.indexOf('#');
	return (at >= 0 ? hash.slice(at + 1) : hash)
		.trim()
		.replace(/%3A/gi, ':')
		.startsWith(LESSON_PREFIX);
}
