/**
 * The steps every link kind (share, lesson) decodes alike, so both stay equally defensive: the
 * fragment found in whatever was pasted, its version tag split off, the payload turned from
 * base64url into capped inflated bytes, and reasons clipped to one short sentence.
 */
import { base64UrlToBytes } from './base64url.ts';
import { inflateRaw, OutputTooLargeError } from './deflate.ts';

/** The fragment of a pasted link or fragment, without `#`. */
export function stripHash(input: string): string {
	const trimmed = input.trim();
	const at = trimmed.indexOf('#');
	const fragment = at >= 0 ? trimmed.slice(at + 1) : trimmed;
	// Some tools percent-encode the colons of a fragment.
	return fragment.replace(/%3A/gi, ':');
}

/** Reasons quote the payload's paths; keep the sentence short whatever a hostile link holds. */
export function clipReason(reason: string): string {
	return reason.length > 160 ? `${reason.slice(0, 157)}…` : reason;
}

/** `<prefix><version>:<payload>` split after the prefix (the caller checked it is there). */
export function splitVersion(
	fragment: string,
	prefix: string
): { version: string; payload: string } {
	const rest = fragment.slice(prefix.length);
	const colon = rest.indexOf(':');
	return {
		version: colon < 0 ? rest : rest.slice(0, colon),
		payload: colon < 0 ? '' : rest.slice(colon + 1)
	};
}

/** Why a version tag this app does not decode is refused. */
export function unknownVersionReason(version: string): string {
	return /^v\d{1,6}$/.test(version)
		? `it was made by a newer version of the app (format ${version.slice(0, 8)})`
		: 'its format tag is not one this app knows';
}

export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/**
 * A v1 payload's bytes: base64url decoded, then inflated with output capped at `maxBytes`.
 *
 * @param link what the link is called in the reason ("share link", "lesson link")
 */
export async function inflatePayload(
	payload: string,
	maxBytes: number,
	link: string
): Promise<Inflated> {
	if (payload === '') return { ok: false, reason: 'it holds no data (it may have been cut off)' };
	const bytes = base64UrlToBytes(payload);
	if (bytes === null) {
		return {
			ok: false,
			reason: `it holds characters a ${link} never has (it may have been cut off or altered)`
		};
	}
	try {
		return { ok: true, bytes: await inflateRaw(bytes, maxBytes) };
	} catch (error) {
		if (error instanceof OutputTooLargeError) return { ok: false, reason: error.message };
		return { ok: false, reason: 'its data is damaged (it may have been cut off)' };
	}
}
