/**
 * The lesson-link codec: lesson ⇄ URL fragment, beside the share codec and built the same way.
 *
 * Format (version 1, frozen — a teacher's link in a course page must open for years):
 *   #lesson:v1:<base64url(deflate-raw(utf-8 JSON))>
 * The decoder reads the version token and dispatches on it. Every step is defensive, as for
 * share links: a size cap before decoding, a cap on decompressed output, strict UTF-8, then the
 * core's lesson schema, which builds the lesson fresh. It never throws: every failure is one
 * sentence for the person who opened the link.
 */
import { validateLessonV1, type LessonV1 } from '../../core/share/lesson-schema.ts';
import { bytesToBase64Url } from './base64url.ts';
import { deflateRaw } from './deflate.ts';
import {
	clipReason,
	inflatePayload,
	splitVersion,
	stripHash,
	unknownVersionReason
} from './fragment.ts';
import { LESSON_PREFIX, LESSON_V1 } from './lesson-format.ts';

export { isLessonFragment, LESSON_PREFIX, LESSON_V1 } from './lesson-format.ts';

/** Lesson fragments longer than this are refused before decoding. */
export const MAX_LESSON_FRAGMENT_CHARS = 100_000;
/** Decompression stops past this many bytes of output. */
export const MAX_LESSON_BYTES = 200_000;

export type LessonDecodeResult =
	| { kind: 'none' }
	| { kind: 'ok'; version: 1; lesson: LessonV1 }
	| { kind: 'error'; message: string };

/** The fragment (without `#`) for a lesson. */
export async function encodeLessonFragment(lesson: LessonV1): Promise<string> {
	const compressed = await deflateRaw(new TextEncoder().encode(JSON.stringify(lesson)));
	return `${LESSON_PREFIX}${LESSON_V1}:${bytesToBase64Url(compressed)}`;
}

/** The whole link: `base` (the app's address, any fragment dropped) plus the fragment. */
export async function encodeLessonLink(lesson: LessonV1, base: string): Promise<string> {
	return `${base.split('#')[0]}#${await encodeLessonFragment(lesson)}`;
}

/**
 * Decodes a fragment (`#lesson:…`, `lesson:…`, or a whole pasted link). Never throws.
 * `{ kind: 'none' }` when it is no lesson link at all.
 */
export async function decodeLessonFragment(input: string): Promise<LessonDecodeResult> {
	try {
		const fragment = stripHash(input);
		if (!fragment.startsWith(LESSON_PREFIX)) return { kind: 'none' };
		if (fragment.length > MAX_LESSON_FRAGMENT_CHARS)
			return fail(`it is longer than ${MAX_LESSON_FRAGMENT_CHARS.toLocaleString('en')} characters`);
		const { version, payload } = splitVersion(fragment, LESSON_PREFIX);
		switch (version) {
			case LESSON_V1:
				return await decodeV1(payload);
			default:
				return fail(unknownVersionReason(version));
		}
	} catch (error) {
		return fail(error instanceof Error ? error.message : 'it could not be read');
	}
}

async function decodeV1(payload: string): Promise<LessonDecodeResult> {
	const inflatedPayload = await inflatePayload(payload, MAX_LESSON_BYTES, 'lesson link');
	if (!inflatedPayload.ok) return fail(inflatedPayload.reason);
	const inflated = inflatedPayload.bytes;
	let json: unknown;
	try {
		json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
	} catch {
		return fail('its data is not valid JSON text');
	}
	const result = validateLessonV1(json);
	if (!result.ok) return fail(`its contents are not a lesson (${clipReason(result.reason)})`);
	return { kind: 'ok', version: 1, lesson: result.lesson };
}

function fail(reason: string): LessonDecodeResult {
	return { kind: 'error', message: `This lesson link cannot be opened: ${clipReason(reason)}.` };
}
