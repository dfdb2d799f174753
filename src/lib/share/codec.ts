/**
 * The share-link codec: snapshot ⇄ URL fragment.
 *
 * Format (version 1, frozen — links in chats and papers must open forever):
 *   #share:v1:<base64url(deflate-raw(utf-8 JSON))>
 * The fragment never reaches a server. The decoder reads the version token and dispatches on
 * it, so a v2 can be added beside v1 without breaking old links. Decoding is defensive at every
 * step: a size cap before anything is decoded, a 1 MB cap on decompressed output, strict UTF-8,
 * then the core's schema, which builds the snapshot fresh. It never throws: every failure is one
 * sentence for the person who opened the link.
 *
 * The encoder runs in Node too (CompressionStream exists in Node ≥ 18), which is how the
 * benchmark measures the fixture's link length.
 */
import { validateShareV1, type ShareSnapshotV1 } from '../../core/share/index.ts';
import { bytesToBase64Url } from './base64url.ts';
import { deflateRaw } from './deflate.ts';
import {
	clipReason,
	inflatePayload,
	splitVersion,
	stripHash,
	unknownVersionReason
} from './fragment.ts';
import { SHARE_PREFIX, SHARE_V1 } from './format.ts';

export { isShareFragment, SHARE_PREFIX, SHARE_V1 } from './format.ts';

/** Fragments longer than this are refused before decoding (Firefox caps whole URLs at 1 MiB). */
export const MAX_FRAGMENT_CHARS = 200_000;
/** Decompression stops past this many bytes of output. */
export const MAX_DECOMPRESSED_BYTES = 1_000_000;
/** A Discord message's limit: links longer than this do not fit in one. */
export const CHAT_LIMIT = 2_000;
/** RFC 9110's minimum that clients should support; some tools truncate beyond it. */
export const TOOL_LIMIT = 8_000;
/** About what a QR code on a projector can still carry and be scanned. */
export const QR_LIMIT = 1_200;

export type DecodeResult =
	| { kind: 'none' }
	| { kind: 'ok'; version: 1; snapshot: ShareSnapshotV1 }
	| { kind: 'error'; message: string };

/** The fragment (without `#`) for a snapshot. */
export async function encodeShareFragment(snapshot: ShareSnapshotV1): Promise<string> {
	const json = JSON.stringify(snapshot);
	const compressed = await deflateRaw(new TextEncoder().encode(json));
	return `${SHARE_PREFIX}${SHARE_V1}:${bytesToBase64Url(compressed)}`;
}

/** The whole link: `base` (the app's address, any fragment dropped) plus the fragment. */
export async function encodeShareLink(snapshot: ShareSnapshotV1, base: string): Promise<string> {
	return `${base.split('#')[0]}#${await encodeShareFragment(snapshot)}`;
}

/** For the benchmark: the fragment's length beside plain base64url of the same JSON. */
export async function shareLengths(
	snapshot: ShareSnapshotV1
): Promise<{ json: number; fragment: number; plainBase64: number }> {
	const bytes = new TextEncoder().encode(JSON.stringify(snapshot));
	const fragment = await encodeShareFragment(snapshot);
	return {
		json: bytes.length,
		fragment: fragment.length,
		plainBase64: SHARE_PREFIX.length + SHARE_V1.length + 1 + bytesToBase64Url(bytes).length
	};
}

/**
 * Decodes a fragment (`#share:…`, `share:…`, or a whole pasted link). Never throws.
 * `{ kind: 'none' }` when it is no share link at all.
 */
export async function decodeShareFragment(input: string): Promise<DecodeResult> {
	try {
		const fragment = stripHash(input);
		if (!fragment.startsWith(SHARE_PREFIX)) return { kind: 'none' };
		if (fragment.length > MAX_FRAGMENT_CHARS)
			return fail(`it is longer than ${MAX_FRAGMENT_CHARS.toLocaleString('en')} characters`);
		const { version, payload } = splitVersion(fragment, SHARE_PREFIX);
		switch (version) {
			case SHARE_V1:
				return await decodeV1(payload);
			default:
				return fail(unknownVersionReason(version));
		}
	} catch (error) {
		return fail(error instanceof Error ? error.message : 'it could not be read');
	}
}

async function decodeV1(payload: string): Promise<DecodeResult> {
	const inflatedPayload = await inflatePayload(payload, MAX_DECOMPRESSED_BYTES, 'share link');
	if (!inflatedPayload.ok) return fail(inflatedPayload.reason);
	const inflated = inflatedPayload.bytes;
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
	} catch {
		return fail('its data is not text');
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return fail('its data is not valid JSON');
	}
	const result = validateShareV1(json);
	if (!result.ok)
		return fail(`its contents are not a skill snapshot (${clipReason(result.reason)})`);
	return { kind: 'ok', version: 1, snapshot: result.snapshot };
}

function fail(reason: string): DecodeResult {
	return { kind: 'error', message: `This share link cannot be opened: ${clipReason(reason)}.` };
}
