/**
 * Hostile links: whatever a link holds, decoding returns a result (never throws), and what it
 * returns holds no prototype keys, no object with a foreign prototype and no over-long string.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeShareFragment, encodeShareFragment } from '../../../src/lib/share/codec.ts';
import { bytesToBase64Url } from '../../../src/lib/share/base64url.ts';
import { deflateRaw } from '../../../src/lib/share/deflate.ts';
import { FORBIDDEN_KEYS, SHARE_LIMITS, skillOnly } from '../../../src/core/share/index.ts';
import { FIXTURE_SNAPSHOT } from './support/fixture-snapshot.ts';

async function fragmentOfText(json: string): Promise<string> {
	return `share:v1:${bytesToBase64Url(await deflateRaw(new TextEncoder().encode(json)))}`;
}

/** Every string, key and object of `value`, checked. */
function assertSafe(value: unknown): void {
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const node = stack.pop();
		if (typeof node === 'string') {
			expect(node.length).toBeLessThanOrEqual(SHARE_LIMITS.skillText);
		} else if (Array.isArray(node)) {
			stack.push(...(node as unknown[]));
		} else if (typeof node === 'object' && node !== null) {
			expect(Object.getPrototypeOf(node)).toBe(Object.prototype);
			for (const key of FORBIDDEN_KEYS) expect(Object.hasOwn(node, key)).toBe(false);
			stack.push(...Object.values(node));
		}
	}
}

let tried = 0;
async function decodeSafely(fragment: string): Promise<'ok' | 'error' | 'none'> {
	tried++;
	const result = await decodeShareFragment(fragment);
	if (result.kind === 'ok') {
		assertSafe(result.snapshot);
		// Limits of the short fields hold too.
		expect(result.snapshot.title.length).toBeLessThanOrEqual(SHARE_LIMITS.title);
		expect(result.snapshot.skill.name.length).toBeLessThanOrEqual(SHARE_LIMITS.skillName);
		expect((result.snapshot.note ?? '').length).toBeLessThanOrEqual(SHARE_LIMITS.note);
	} else if (result.kind === 'error') {
		expect(result.message).toMatch(/^This share link cannot be opened: .+\.$/);
		expect(result.message.length).toBeLessThan(300);
	}
	return result.kind;
}

const fixtureJson = JSON.stringify(FIXTURE_SNAPSHOT);

describe('hostile share links', () => {
	it('random bytes, random text and random base64url never get past the validator', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
				expect(await decodeSafely(`share:v1:${bytesToBase64Url(bytes)}`)).toBe('error');
			}),
			{ numRuns: 300 }
		);
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
				expect(await decodeSafely(`#share:${text}`)).not.toBe('ok');
			}),
			{ numRuns: 100 }
		);
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
				// Valid deflate of random bytes: inflates fine, is not UTF-8 JSON.
				expect(await decodeSafely(`share:v1:${bytesToBase64Url(await deflateRaw(bytes))}`)).toBe(
					'error'
				);
			}),
			{ numRuns: 100 }
		);
	});

	it('every truncation of a valid link is refused or decodes to a safe snapshot', async () => {
		const full = await encodeShareFragment(FIXTURE_SNAPSHOT);
		const cuts = Array.from({ length: 150 }, (_, i) => Math.floor((i * full.length) / 150));
		for (const cut of cuts) expect(await decodeSafely(full.slice(0, cut))).not.toBe('ok');
	});

	it('random JSON values and mutated snapshots are refused or come out safe', async () => {
		await fc.assert(
			fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (json) => {
				await decodeSafely(await fragmentOfText(JSON.stringify(json)));
			}),
			{ numRuns: 150 }
		);
		const paths = ['title', 'note', 'skill', 'source', 'task', 'settings', 'scores', 'history'];
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...paths),
				fc.jsonValue({ maxDepth: 4 }),
				async (key, value) => {
					const mutated = { ...FIXTURE_SNAPSHOT, [key]: value };
					await decodeSafely(await fragmentOfText(JSON.stringify(mutated)));
				}
			),
			{ numRuns: 200 }
		);
	});

	it('prototype keys anywhere are refused', async () => {
		const anchors = [
			'{"title"',
			'"skill":{',
			'"source":{',
			'"task":{',
			'"scores":{"val":{',
			'"history":[{'
		];
		let refused = 0;
		for (const key of FORBIDDEN_KEYS) {
			for (const anchor of anchors) {
				const at =
					fixtureJson.indexOf(anchor) +
					anchor.length -
					(anchor.endsWith('{') ? 0 : anchor.length - 1);
				const json = `${fixtureJson.slice(0, at)}"${key}":{"polluted":true},${fixtureJson.slice(at)}`;
				expect(() => JSON.parse(json) as unknown).not.toThrow();
				const fragment = await fragmentOfText(json);
				if ((await decodeSafely(fragment)) === 'error') refused++;
				const result = await decodeShareFragment(fragment);
				if (result.kind === 'error') expect(result.message).toContain(`forbidden key "${key}"`);
			}
		}
		expect(refused).toBe(FORBIDDEN_KEYS.length * anchors.length);
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});

	it('<script> and javascript: in every string field stay inert text', async () => {
		const payloads = [
			'<script>alert(1)</script>',
			'javascript:alert(1)',
			'<img src=x onerror=alert(1)>',
			'"><svg onload=alert(1)>',
			'{{constructor.constructor("alert(1)")()}}'
		];
		const fields: ((s: string) => object)[] = [
			(s) => ({ ...FIXTURE_SNAPSHOT, title: s }),
			(s) => ({ ...FIXTURE_SNAPSHOT, note: s }),
			(s) => ({ ...FIXTURE_SNAPSHOT, skill: { ...FIXTURE_SNAPSHOT.skill, name: s } }),
			(s) => ({ ...FIXTURE_SNAPSHOT, skill: { ...FIXTURE_SNAPSHOT.skill, description: s } }),
			(s) => ({ ...FIXTURE_SNAPSHOT, skill: { ...FIXTURE_SNAPSHOT.skill, text: s } }),
			(s) => ({ ...FIXTURE_SNAPSHOT, task: { kind: 'named', title: s } }),
			(s) => ({ ...FIXTURE_SNAPSHOT, source: { engine: 'webllm', model: s } }),
			(s) => ({ ...FIXTURE_SNAPSHOT, source: { engine: 'simulation', scenario: s } }),
			(s) => ({ ...FIXTURE_SNAPSHOT, task: { kind: 'family', family: s, difficulty: 1, seed: 1 } })
		];
		for (const payload of payloads) {
			for (const [i, make] of fields.entries()) {
				const result = await decodeShareFragment(
					await fragmentOfText(JSON.stringify(make(payload)))
				);
				tried++;
				// Identifiers (model, scenario, family) refuse markup; free text keeps it, verbatim.
				if (i >= 6) expect(result.kind).toBe('error');
				else {
					expect(result.kind).toBe('ok');
					if (result.kind === 'ok') {
						assertSafe(result.snapshot);
						expect(JSON.stringify(result.snapshot)).toContain(JSON.stringify(payload).slice(1, -1));
					}
				}
			}
		}
	});

	it('decompression bombs, deep nesting, oversized strings and counts are refused', async () => {
		const bomb = await fragmentOfText(' '.repeat(5_000_000));
		expect(bomb.length).toBeLessThan(20_000);
		expect(await decodeShareFragment(bomb)).toEqual({
			kind: 'error',
			message: 'This share link cannot be opened: it expands to more than 1,000,000 bytes.'
		});
		tried++;
		const jsonBomb = await fragmentOfText(
			JSON.stringify({ ...FIXTURE_SNAPSHOT, note: 'x'.repeat(2_000_000) })
		);
		expect(await decodeSafely(jsonBomb)).toBe('error');
		for (const depth of [30, 1_000, 100_000]) {
			expect(await decodeSafely(await fragmentOfText('['.repeat(depth) + ']'.repeat(depth)))).toBe(
				'error'
			);
			const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
			expect(await decodeSafely(await fragmentOfText(nested))).toBe('error');
			const inNote = JSON.stringify({
				...FIXTURE_SNAPSHOT,
				task: { kind: 'inline', title: 't', pack: {} }
			}).replace(
				'"pack":{}',
				`"pack":{"format":"skillopt-playground.pack.v1","x":${'['.repeat(depth)}${']'.repeat(depth)}}`
			);
			expect(await decodeSafely(await fragmentOfText(inNote))).toBe('error');
		}
		const tooLong = [
			{ ...FIXTURE_SNAPSHOT, title: 't'.repeat(SHARE_LIMITS.title + 1) },
			{ ...FIXTURE_SNAPSHOT, note: 'n'.repeat(SHARE_LIMITS.note + 1) },
			{
				...FIXTURE_SNAPSHOT,
				skill: { ...FIXTURE_SNAPSHOT.skill, text: 's'.repeat(SHARE_LIMITS.skillText + 1) }
			},
			{
				...FIXTURE_SNAPSHOT,
				skill: { ...FIXTURE_SNAPSHOT.skill, name: 'n'.repeat(SHARE_LIMITS.skillName + 1) }
			},
			{
				...FIXTURE_SNAPSHOT,
				history: Array.from(
					{ length: SHARE_LIMITS.history + 1 },
					() => FIXTURE_SNAPSHOT.history?.[0]
				)
			},
			{ ...FIXTURE_SNAPSHOT, scores: { val: { seed: 2, best: 0.5 } } },
			{ ...FIXTURE_SNAPSHOT, runSeed: 1.5 }
		];
		for (const snapshot of tooLong)
			expect(await decodeSafely(await fragmentOfText(JSON.stringify(snapshot)))).toBe('error');
	});

	it('an inline dataset with JavaScript graders decodes but keeps its code as data', async () => {
		const withJs = {
			...skillOnly(FIXTURE_SNAPSHOT),
			task: {
				kind: 'inline',
				title: 'code',
				pack: {
					format: 'skillopt-playground.pack.v1',
					grader: { type: 'js', code: 'globalThis.pwned = true; return 1' },
					items: [{ id: 'a', input: 'x', grader: { type: 'js', code: 'while(true){}' } }]
				}
			}
		};
		const result = await decodeShareFragment(await fragmentOfText(JSON.stringify(withJs)));
		tried++;
		expect(result.kind).toBe('ok');
		expect((globalThis as Record<string, unknown>)['pwned']).toBeUndefined();
		const tooMany = {
			...withJs,
			task: {
				...withJs.task,
				pack: {
					...withJs.task.pack,
					items: Array.from({ length: 301 }, (_, i) => ({ id: `i${i}`, input: 'x' }))
				}
			}
		};
		expect(await decodeSafely(await fragmentOfText(JSON.stringify(tooMany)))).toBe('error');
	});

	it('tried at least a thousand hostile payloads', () => {
		expect(tried).toBeGreaterThanOrEqual(1_000);
	});
});
