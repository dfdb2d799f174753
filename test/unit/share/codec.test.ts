import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	decodeShareFragment,
	encodeShareFragment,
	encodeShareLink,
	MAX_FRAGMENT_CHARS,
	shareLengths
} from '../../../src/lib/share/codec.ts';
import {
	inlinePackHasCode,
	SHARE_LIMITS,
	skillOnly,
	type ShareSnapshotV1
} from '../../../src/core/share/index.ts';
import { FIXTURE_SNAPSHOT } from './support/fixture-snapshot.ts';
import { snapshotArbitrary } from './support/arbitraries.ts';

const fixtureLink = readFileSync(
	new URL('../../fixtures/share/link-v1.txt', import.meta.url),
	'utf8'
).trim();
const fixtureJson: unknown = JSON.parse(
	readFileSync(new URL('../../fixtures/share/snapshot-v1.json', import.meta.url), 'utf8')
);

describe('share codec, version 1', () => {
	it('round-trips many random snapshots', async () => {
		await fc.assert(
			fc.asyncProperty(snapshotArbitrary, async (snapshot) => {
				const fragment = await encodeShareFragment(snapshot);
				expect(fragment.startsWith('share:v1:')).toBe(true);
				expect(fragment).toMatch(/^share:v1:[A-Za-z0-9_-]+$/);
				const decoded = await decodeShareFragment(`#${fragment}`);
				expect(decoded).toEqual({ kind: 'ok', version: 1, snapshot });
			}),
			{ numRuns: 150 }
		);
	});

	it('decodes the committed version-1 link fixture into the committed snapshot', async () => {
		const decoded = await decodeShareFragment(`#${fixtureLink}`);
		expect(decoded.kind).toBe('ok');
		if (decoded.kind !== 'ok') return;
		expect(decoded.snapshot).toEqual(fixtureJson);
		expect(decoded.snapshot.skill.text).toContain('leap year');
	});

	it('reads a whole pasted link and percent-encoded colons', async () => {
		const link = await encodeShareLink(FIXTURE_SNAPSHOT, 'https://example.org/app/?engine=x#old');
		expect(link.startsWith('https://example.org/app/?engine=x#share:v1:')).toBe(true);
		expect((await decodeShareFragment(link)).kind).toBe('ok');
		expect((await decodeShareFragment(link.replace(/:/g, '%3A'))).kind).toBe('ok');
	});

	it('says "none" for a fragment that is no share link', async () => {
		expect(await decodeShareFragment('')).toEqual({ kind: 'none' });
		expect(await decodeShareFragment('#skill-editor')).toEqual({ kind: 'none' });
	});

	it('dispatches on the version: a newer format is named, not misread', async () => {
		const newer = fixtureLink.replace('share:v1:', 'share:v2:');
		const decoded = await decodeShareFragment(newer);
		expect(decoded).toEqual({
			kind: 'error',
			message:
				'This share link cannot be opened: it was made by a newer version of the app (format v2).'
		});
	});

	it('compresses the fixture well below plain base64, and the skill-only link is smaller', async () => {
		const full = await shareLengths(FIXTURE_SNAPSHOT);
		const small = await shareLengths(skillOnly(FIXTURE_SNAPSHOT));
		expect(full.fragment).toBeLessThan(full.plainBase64 * 0.6);
		expect(small.fragment).toBeLessThan(full.fragment);
		expect(skillOnly(FIXTURE_SNAPSHOT)).not.toHaveProperty('scores');
	});

	it('refuses an over-long fragment before decoding it', async () => {
		const decoded = await decodeShareFragment('#share:v1:' + 'A'.repeat(MAX_FRAGMENT_CHARS));
		expect(decoded.kind).toBe('error');
		if (decoded.kind === 'error') expect(decoded.message).toMatch(/longer than 200,000 characters/);
	});

	it('flags an inline dataset whose grader runs JavaScript', async () => {
		const snapshot: ShareSnapshotV1 = {
			...skillOnly(FIXTURE_SNAPSHOT),
			task: {
				kind: 'inline',
				title: 'Tiny',
				pack: {
					format: 'skillopt-playground.pack.v1',
					id: 'tiny',
					grader: { type: 'js', code: 'return output === gold' },
					items: [{ id: 'a', input: '1+1', answer: '2' }]
				}
			}
		};
		const decoded = await decodeShareFragment(await encodeShareFragment(snapshot));
		expect(decoded.kind).toBe('ok');
		if (decoded.kind === 'ok') expect(inlinePackHasCode(decoded.snapshot)).toBe(true);
		expect(inlinePackHasCode(FIXTURE_SNAPSHOT)).toBe(false);
	});

	it('keeps to the schema limits it advertises', () => {
		expect(SHARE_LIMITS.skillText).toBe(60_000);
	});
});
