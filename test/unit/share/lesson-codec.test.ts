import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	decodeLessonFragment,
	encodeLessonFragment,
	encodeLessonLink
} from '../../../src/lib/share/lesson-codec.ts';
import { decodeLink, linkKind } from '../../../src/lib/share/links.ts';
import {
	describeLesson,
	LESSON_CONTROLS,
	type LessonV1
} from '../../../src/core/share/lesson-schema.ts';
import { FIXTURE_LESSON } from './support/fixture-lesson.ts';

const read = (name: string) =>
	readFileSync(new URL(`../../fixtures/share/${name}`, import.meta.url), 'utf8').trim();

const lessonArbitrary: fc.Arbitrary<LessonV1> = fc.record({
	title: fc.string({ maxLength: 200 }),
	intro: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
	skill: fc.record({
		name: fc.string({ maxLength: 200 }),
		text: fc.string({ maxLength: 2_000 })
	}),
	task: fc.record({
		kind: fc.constant('family' as const),
		family: fc.constantFrom('coin-flip', 'date-arithmetic', 'word-sorting'),
		difficulty: fc.integer({ min: 0, max: 100 }),
		seed: fc.integer({ min: 0, max: 4_294_967_295 })
	}),
	settings: fc.record({
		epochs: fc.integer({ min: 1, max: 100 }),
		batchSize: fc.integer({ min: 1, max: 1_000 }),
		seed: fc.integer({ min: 0, max: 1_000_000 }),
		gateEnabled: fc.boolean(),
		metric: fc.constantFrom('hard' as const, 'soft' as const, 'mixed' as const),
		minDeltaItems: fc.integer({ min: 0, max: 1_000 }),
		schedule: fc.constantFrom('constant' as const, 'linear' as const, 'cosine' as const),
		budgetMax: fc.integer({ min: 1, max: 100 }),
		budgetMin: fc.integer({ min: 1, max: 100 }),
		proposer: fc.constantFrom('model' as const, 'me' as const)
	}),
	engine: fc.oneof(
		fc.constant({ kind: 'simulation' as const }),
		fc.constant({ kind: 'webllm' as const, model: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' }),
		fc.constant({ kind: 'cpu' as const, model: 'smollm2-135m-q8' })
	),
	teaching: fc.record({ stepMode: fc.boolean(), analogyPanel: fc.boolean() }),
	hidden: fc.subarray([...LESSON_CONTROLS])
});

describe('lesson links, version 1', () => {
	it('round-trips many random lessons', async () => {
		await fc.assert(
			fc.asyncProperty(lessonArbitrary, async (lesson) => {
				const result = await decodeLessonFragment(await encodeLessonFragment(lesson));
				expect(result).toEqual({ kind: 'ok', version: 1, lesson });
			}),
			{ numRuns: 200 }
		);
	});

	it('the committed version-1 fixture still decodes to its lesson', async () => {
		const result = await decodeLessonFragment(read('lesson-v1.txt'));
		expect(result).toEqual({
			kind: 'ok',
			version: 1,
			lesson: JSON.parse(read('lesson-v1.json')) as unknown
		});
		expect(result.kind === 'ok' && result.lesson).toEqual(FIXTURE_LESSON);
	});

	it('a whole link, a #fragment and a percent-encoded fragment all decode', async () => {
		const link = await encodeLessonLink(FIXTURE_LESSON, 'https://example.org/app/#old');
		expect(link).toMatch(/^https:\/\/example\.org\/app\/#lesson:v1:[A-Za-z0-9_-]+$/);
		for (const input of [link, `#${link.split('#')[1]}`, link.replace(/:/g, '%3A')]) {
			const result = await decodeLessonFragment(input);
			expect(result.kind).toBe('ok');
		}
	});

	it('a newer version and an unknown tag each get one sentence', async () => {
		expect(await decodeLessonFragment('#lesson:v2:abc')).toEqual({
			kind: 'error',
			message:
				'This lesson link cannot be opened: it was made by a newer version of the app (format v2).'
		});
		expect(await decodeLessonFragment('#lesson:zz:abc')).toEqual({
			kind: 'error',
			message: 'This lesson link cannot be opened: its format tag is not one this app knows.'
		});
		expect(await decodeLessonFragment('#nothing')).toEqual({ kind: 'none' });
	});

	it('the link decoder dispatches on the kind tag; share v1 links keep decoding', async () => {
		const share = read('link-v1.txt');
		const lesson = read('lesson-v1.txt');
		expect(linkKind(`#${share}`)).toBe('share');
		expect(linkKind(`#${lesson}`)).toBe('lesson');
		expect(linkKind('#skill-editor')).toBe('none');
		const asShare = await decodeLink(`#${share}`);
		expect(asShare.link === 'share' && asShare.result.kind).toBe('ok');
		const asLesson = await decodeLink(`#${lesson}`);
		expect(asLesson.link === 'lesson' && asLesson.result.kind).toBe('ok');
		expect(await decodeLink('')).toEqual({ link: 'none' });
	});

	it('describes what a lesson sets up in words', () => {
		const lines = describeLesson(FIXTURE_LESSON);
		expect(lines).toContain('Step mode on, analogy panel shown');
		expect(lines.join('\n')).toContain('built-in family coin-flip, difficulty 1, seed 7');
		expect(lines.join('\n')).toContain('Hidden: Task choice');
	});
});
