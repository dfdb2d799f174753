/**
 * The share link's length for the committed ~900-token skill fixture, beside plain base64url of
 * the same JSON: what deflate-raw buys. `npx tsx scripts/share-length.ts` prints it; the
 * benchmark imports `shareFixtureLengths`.
 */
import { readFile } from 'node:fs/promises';
import { skillOnly, validateShareV1 } from '../src/core/share/index.ts';
import { shareLengths } from '../src/lib/share/codec.ts';

export interface ShareFixtureLengths {
	/** The full snapshot (skill, provenance, task, settings, scores, history). */
	full: { json: number; fragment: number; plainBase64: number };
	/** The "skill only" link. */
	skillOnly: { json: number; fragment: number; plainBase64: number };
}

export async function shareFixtureLengths(): Promise<ShareFixtureLengths> {
	const path = new URL('../test/fixtures/share/snapshot-v1.json', import.meta.url);
	const checked = validateShareV1(JSON.parse(await readFile(path, 'utf8')));
	if (!checked.ok) throw new Error(`the share fixture is invalid: ${checked.reason}`);
	return {
		full: await shareLengths(checked.snapshot),
		skillOnly: await shareLengths(skillOnly(checked.snapshot))
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const lengths = await shareFixtureLengths();
	for (const [name, l] of Object.entries(lengths))
		console.log(
			`share link (${name}): ${l.fragment} characters in the fragment; plain base64url of the same JSON: ${l.plainBase64} (JSON ${l.json} bytes)`
		);
}
