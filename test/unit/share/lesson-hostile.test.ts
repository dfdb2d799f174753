/**
 * Hostile lesson links: whatever a link holds, decoding returns a result (never throws), and a
 * lesson it returns holds no prototype keys, no foreign prototype and no over-long string.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeLessonFragment, encodeLessonFragment } from '../../../src/lib/share/lesson-codec.ts';
import { bytesToBase64Url } from '../../../src/lib/share/base64url.ts';
import { deflateRaw } from '../../../src/lib/share/deflate.ts';
import { FORBIDDEN_KEYS } from '../../../src/core/share/json-guard.ts';
import { LESSON_LIMITS } from '../../../src/core/share/lesson-schema.ts';
import { FIXTURE_LESSON } from './support/fixture-lesson.ts';

async function fragmentOfText(json: string): Promise<string> {
	return `lesson:v1:${bytesToBase64Url(await deflateRaw(new TextEncoder().encode(json)))}`;
}

function assertSafe(value: unknown): void {
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const node = stack.pop();
		if (typeof node === 'string') {
			expect(node.length).toBeLessThanOrEqual(LESSON_LIMITS.skillText);
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
	const result = await decodeLessonFragment(fragment);
	if (result.kind === 'ok') {
		assertSafe(result.lesson);
		expect(result.lesson.title.length).toBeLessThanOrEqual(LESSON_LIMITS.title);
		expect(result.lesson.skill.name.length).toBeLessThanOrEqual(LESSON_LIMITS.skillName);
		expect((result.lesson.intro ?? '').length).toBeLessThanOrEqual(LESSON_LIMITS.intro);
	} else if (result.kind === 'error') {
		expect(result.message).toMatch(/^This lesson link cannot be opened: .+\.$/);
		expect(result.message.length).toBeLessThan(300);
	}
	return result.kind;
}

describe('hostile lesson links', () => {
	it('random bytes, text and valid deflate of random bytes never get past the validator', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
				expect(await decodeSafely(`lesson:v1:${bytesToBase64Url(bytes)}`)).toBe('error');
			}),
			{ numRuns: 250 }
		);
		await fc.assert(
			fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
				expect(await decodeSafely(`#lesson:${text}`)).not.toBe('ok');
			}),
			{ numRuns: 100 }
		);
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
				expect(await decodeSafely(`lesson:v1:${bytesToBase64Url(await deflateRaw(bytes))}`)).toBe(
					'error'
				);
			}),
			{ numRuns: 100 }
		);
	});

	it('every truncation of a valid lesson link is refused', async () => {
		const full = await encodeLessonFragment(FIXTURE_LESSON);
		for (let cut = 0; cut < full.length; cut += Math.max(1, Math.floor(full.length / 150)))
			expect(await decodeSafely(full.slice(0, cut))).not.toBe('ok');
	});

	it('random JSON and mutated lessons are refused or come out safe', async () => {
		await fc.assert(
			fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (json) => {
				expect(await decodeSafely(await fragmentOfText(JSON.stringify(json)))).toBe('error');
			}),
			{ numRuns: 150 }
		);
		const keys = Object.keys(FIXTURE_LESSON);
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...keys),
				fc.jsonValue({ maxDepth: 4 }),
				async (key, value) => {
					await decodeSafely(
						await fragmentOfText(JSON.stringify({ ...FIXTURE_LESSON, [key]: value }))
					);
				}
			),
			{ numRuns: 200 }
		);
	});

	it('prototype keys anywhere are refused, and nothing is polluted', async () => {
		const json = JSON.stringify(FIXTURE_LESSON);
		const anchors = ['{', '"skill":{', '"task":{', '"settings":{', '"engine":{', '"teaching":{'];
		for (const key of FORBIDDEN_KEYS) {
			for (const anchor of anchors) {
				const at = json.indexOf(anchor) + anchor.length;
				const hostile = `${json.slice(0, at)}"${key}":{"polluted":true},${json.slice(at)}`;
				const result = await decodeLessonFragment(await fragmentOfText(hostile));
				tried++;
				expect(result.kind).toBe('error');
				if (result.kind === 'error') expect(result.message).toContain(`forbidden key "${key}"`);
			}
		}
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});

	it('markup stays inert text in free fields and is refused in identifiers and control names', async () => {
		const payloads = [
			'<script>alert(1)</script>',
			'javascript:alert(1)',
			'<img src=x onerror=alert(1)>'
		];
		const free: ((s: string) => object)[] = [
			(s) => ({ ...FIXTURE_LESSON, title: s }),
			(s) => ({ ...FIXTURE_LESSON, intro: s }),
			(s) => ({ ...FIXTURE_LESSON, skill: { ...FIXTURE_LESSON.skill, name: s } }),
			(s) => ({ ...FIXTURE_LESSON, skill: { ...FIXTURE_LESSON.skill, text: s } })
		];
		const strict: ((s: string) => object)[] = [
			(s) => ({ ...FIXTURE_LESSON, engine: { kind: 'webllm', model: s } }),
			(s) => ({ ...FIXTURE_LESSON, engine: { kind: 'cpu', model: s } }),
			(s) => ({ ...FIXTURE_LESSON, engine: { kind: 'simulation', scenario: s } }),
			(s) => ({ ...FIXTURE_LESSON, task: { ...FIXTURE_LESSON.task, family: s } }),
			(s) => ({ ...FIXTURE_LESSON, hidden: [s] }),
			(s) => ({ ...FIXTURE_LESSON, settings: { ...FIXTURE_LESSON.settings, schedule: s } })
		];
		for (const payload of payloads) {
			for (const make of free) {
				const result = await decodeLessonFragment(
					await fragmentOfText(JSON.stringify(make(payload)))
				);
				tried++;
				expect(result.kind).toBe('ok');
				if (result.kind === 'ok') assertSafe(result.lesson);
			}
			for (const make of strict) {
				const result = await decodeLessonFragment(
					await fragmentOfText(JSON.stringify(make(payload)))
				);
				tried++;
				expect(result.kind).toBe('error');
			}
		}
	});

	it('bombs, deep nesting, oversized fields, URLs as models and duplicates are refused', async () => {
		const bomb = await fragmentOfText(' '.repeat(3_000_000));
		expect(await decodeLessonFragment(bomb)).toEqual({
			kind: 'error',
			message: 'This lesson link cannot be opened: it expands to more than 200,000 bytes.'
		});
		tried++;
		expect(await decodeSafely('lesson:v1:' + 'A'.repeat(100_001))).toBe('error');
		for (const depth of [10, 1_000, 50_000])
			expect(await decodeSafely(await fragmentOfText('['.repeat(depth) + ']'.repeat(depth)))).toBe(
				'error'
			);
		const refused = [
			{ ...FIXTURE_LESSON, title: 't'.repeat(LESSON_LIMITS.title + 1) },
			{ ...FIXTURE_LESSON, intro: 'i'.repeat(LESSON_LIMITS.intro + 1) },
			{ ...FIXTURE_LESSON, skill: { ...FIXTURE_LESSON.skill, text: 's'.repeat(60_001) } },
			{ ...FIXTURE_LESSON, engine: { kind: 'webllm', model: 'https://evil.example/model' } },
			{ ...FIXTURE_LESSON, engine: { kind: 'cpu', model: 'http://x/m.gguf' } },
			{ ...FIXTURE_LESSON, engine: { kind: 'endpoint', model: 'x' } },
			{ ...FIXTURE_LESSON, hidden: ['task', 'task'] },
			{ ...FIXTURE_LESSON, hidden: ['editor'] },
			{ ...FIXTURE_LESSON, settings: { ...FIXTURE_LESSON.settings, epochs: 1e9 } },
			{ ...FIXTURE_LESSON, settings: { ...FIXTURE_LESSON.settings, batchSize: 0 } },
			{ ...FIXTURE_LESSON, task: { ...FIXTURE_LESSON.task, kind: 'inline' } },
			{ ...FIXTURE_LESSON, teaching: { stepMode: 'yes', analogyPanel: true } }
		];
		for (const lesson of refused)
			expect(await decodeSafely(await fragmentOfText(JSON.stringify(lesson)))).toBe('error');
	});

	it('tried at least 1,000 hostile payloads', () => {
		expect(tried).toBeGreaterThanOrEqual(1_000);
	});
});
