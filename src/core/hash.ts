/**
 * SHA-256 through WebCrypto, which browsers and Node ≥ 20 both provide as `crypto.subtle`.
 *
 * The core has no environment, so the caller hands in `subtle`; UTF-8 encoding is done here
 * because `TextEncoder` is not part of the ES library the core compiles against.
 */
import type { Hasher } from './ports.ts';

/** The one method of `SubtleCrypto` this needs. */
export interface SubtleDigest {
	digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** A Hasher over WebCrypto: `createSha256Hasher(crypto.subtle)`. */
export function createSha256Hasher(subtle: SubtleDigest): Hasher {
	return {
		async sha256Hex(text: string): Promise<string> {
			const digest = await subtle.digest('SHA-256', utf8(text));
			let hex = '';
			for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
			return hex;
		}
	};
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
	const bytes: number[] = [];
	for (const char of text) {
		let cp = char.codePointAt(0) ?? 0xfffd;
		if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
		if (cp < 0x80) bytes.push(cp);
		else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
		else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
		else
			bytes.push(
				0xf0 | (cp >> 18),
				0x80 | ((cp >> 12) & 63),
				0x80 | ((cp >> 6) & 63),
				0x80 | (cp & 63)
			);
	}
	return new Uint8Array(bytes);
}
