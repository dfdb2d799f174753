/**
 * Share-link length of the committed ~900-token skill fixture against plain base64url of the same
 * JSON, through the app's own codec (`src/lib/share/codec.ts`, which runs in Node) and the share
 * tests' fixture snapshot. Share links are another issue's work; the modules are looked up at run
 * time, so a build without them says so instead of failing or printing a made-up number.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type ShareFigures =
	| { available: false; note: string }
	| {
			available: true;
			fixture: string;
			jsonBytes: number;
			/** The URL fragment (`share:v1:…`), the part a link adds to the app's address. */
			fragmentChars: number;
			/** The same prefix plus base64url of the uncompressed JSON. */
			base64Chars: number;
			ratio: number;
	  };

const CODEC = 'src/lib/share/codec.ts';
const FIXTURE = 'test/unit/share/support/fixture-snapshot.ts';
const SKILL = 'test/fixtures/share/skill-900.md';

interface Lengths {
	json: number;
	fragment: number;
	plainBase64: number;
}

function isLengths(x: unknown): x is Lengths {
	if (typeof x !== 'object' || x === null) return false;
	const o = x as Record<string, unknown>;
	return [o.json, o.fragment, o.plainBase64].every((v) => typeof v === 'number');
}

export async function shareFigures(root: string): Promise<ShareFigures> {
	if (![CODEC, FIXTURE, SKILL].every((p) => existsSync(join(root, p)))) {
		return { available: false, note: 'share links not in this build' };
	}
	const codec = (await import(pathToFileURL(join(root, CODEC)).href)) as Record<string, unknown>;
	const fixture = (await import(pathToFileURL(join(root, FIXTURE)).href)) as Record<
		string,
		unknown
	>;
	const measure = codec.shareLengths;
	if (typeof measure !== 'function' || fixture.FIXTURE_SNAPSHOT === undefined) {
		return { available: false, note: 'share codec found, but without `shareLengths` or fixture' };
	}
	const lengths: unknown = await measure(fixture.FIXTURE_SNAPSHOT);
	if (!isLengths(lengths)) return { available: false, note: 'unexpected `shareLengths` result' };
	return {
		available: true,
		fixture: SKILL,
		jsonBytes: lengths.json,
		fragmentChars: lengths.fragment,
		base64Chars: lengths.plainBase64,
		ratio: lengths.fragment / lengths.plainBase64
	};
}
