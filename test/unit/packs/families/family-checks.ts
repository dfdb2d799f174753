/**
 * The checks every built-in family and its scripted-engine lessons must pass, shared by the
 * per-family test files (which add checks of their own).
 *
 * Generated items are checked against the family's text solver (so generator bookkeeping and
 * solver parsing must agree), hand-written items against the solver (so both cannot share a bug),
 * and every gold against the family's own grader in the reply form its contract asks for.
 * Most contracts ask for an `Answer:` line; a family with another contract (order-to-json's bare
 * JSON object) passes its own reply form and answer comparison instead of copying the checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonValue, PackItem, TaskFamily } from '../../../../src/core/packs/types.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import { UnsolvableInputError } from '../../../../src/core/packs/families/family-kit.ts';
import type { FamilyLessons } from '../../../../workers/engines/scripted/lesson-types.ts';

export interface HandItem {
	input: string;
	answer: JsonValue;
}

/** The hand-checked items of a family, from test/fixtures/hand-items/<id>.json. */
export function handItems(familyId: string): HandItem[] {
	const url = new URL(`../../../fixtures/hand-items/${familyId}.json`, import.meta.url);
	return JSON.parse(readFileSync(url, 'utf8')) as HandItem[];
}

/** 2000 items: indices 0..1999 of seed 11, difficulties in turn. */
export function sampleItems(family: TaskFamily, count = 2000, seed = 11): PackItem[] {
	const levels = family.difficulties;
	return Array.from({ length: count }, (_, i) =>
		family.generate(seed, i, levels[i % levels.length] ?? family.defaultDifficulty)
	);
}

/** How the scripted engine reads a skill: lowercase, whitespace collapsed. */
export const normalise = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** How a family's contract wants a reply written, so graded replies follow that contract. */
export interface ReplyForm {
	/** How test names describe the form, e.g. 'on the answer line'. */
	name: string;
	/** Text the prompt contract must contain to ask for this form. */
	contractMentions: string;
	/** The whole reply carrying a gold answer, with working where the contract allows it. */
	goldReply: (gold: JsonValue | undefined) => string;
	/** The whole reply carrying answer text that a lesson rendered. */
	textReply: (answerText: string) => string;
}

/** The usual contract: working, then the answer on an `Answer:` line. */
export const answerLineForm: ReplyForm = {
	name: 'on the answer line',
	contractMentions: 'Answer:',
	goldReply: (gold) => `Some working.\nAnswer: ${String(gold ?? '')}`,
	textReply: (answerText) => `Answer: ${answerText}`
};

/** What a family whose contract or gold differs from the usual passes to checkFamily. */
export interface FamilyCheckOptions {
	/** The reply form its contract asks for; answerLineForm by default. */
	replyForm?: ReplyForm;
	/**
	 * Whether the solver's answer is the gold; strict equality by default, which suits scalar
	 * golds. (Every family is also checked with deep equality on 200 items.)
	 */
	sameAnswer?: (solved: JsonValue, gold: JsonValue | undefined) => boolean;
}

/** Registers the shared generator, hand-item and lesson checks for one family. */
export function checkFamily(
	family: TaskFamily,
	lessons: FamilyLessons,
	options: FamilyCheckOptions = {}
): void {
	const items = sampleItems(family);
	const grader = createGrader(family.grader);
	const form = options.replyForm ?? answerLineForm;
	const sameAnswer = options.sameAnswer ?? ((solved, gold) => solved === gold);

	describe(`${family.id}: generator`, () => {
		it('gives the same items for the same seed and different items for another seed', () => {
			for (const level of family.difficulties) {
				const first = Array.from({ length: 20 }, (_, i) => family.generate(5, i, level));
				const again = Array.from({ length: 20 }, (_, i) => family.generate(5, i, level));
				const other = Array.from({ length: 20 }, (_, i) => family.generate(6, i, level));
				expect(again).toEqual(first);
				const same = other.filter((item, i) => item.input === first[i]?.input).length;
				expect(same).toBeLessThan(5);
			}
		});

		it('names items family#seed-index, unique over 2000 items', () => {
			expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
			expect(items[7]?.id).toBe(`${family.id}#11-7`);
		});

		it('records the difficulty and the same scalar features on every item', () => {
			const keys = Object.keys(items[0]?.meta?.features ?? {}).sort();
			expect(keys.length).toBeGreaterThan(2);
			const problems = items.flatMap((item, i) => {
				const features = item.meta?.features ?? {};
				const wrongLevel =
					item.meta?.difficulty !== family.difficulties[i % family.difficulties.length];
				const wrongKeys = Object.keys(features).sort().join() !== keys.join();
				const wrongValue = Object.values(features).some(
					(v) => !['string', 'number', 'boolean'].includes(typeof v)
				);
				return wrongLevel || wrongKeys || wrongValue ? [item.id] : [];
			});
			expect(problems).toEqual([]);
		});

		it('has a gold that its text solver reproduces on 2000 items across difficulties', () => {
			const disagreements = items.filter(
				(item) => !sameAnswer(family.solve(item.input ?? ''), item.answer)
			);
			expect(disagreements.map((item) => item.input)).toEqual([]);
			for (const item of items.slice(0, 200))
				expect(family.solve(item.input ?? ''), item.id).toEqual(item.answer);
		});

		it(`scores every gold rendered ${form.name} hard = 1 under its own grader`, async () => {
			const failures: string[] = [];
			for (const item of items) {
				const grade = await grader.grade(form.goldReply(item.answer), item);
				if (grade.hard !== 1) failures.push(`${item.id}: ${grade.explanation}`);
			}
			expect(failures).toEqual([]);
		});

		it('refuses a difficulty it does not offer and input it cannot read', () => {
			expect(() => family.generate(1, 0, 99)).toThrow(RangeError);
			expect(() => family.solve('What is the capital of France?')).toThrow(UnsolvableInputError);
		});

		it(`keeps val between 24 and 40 and mentions ${form.contractMentions} in its contract`, () => {
			expect(family.defaultSizes.val).toBeGreaterThanOrEqual(24);
			expect(family.defaultSizes.val).toBeLessThanOrEqual(40);
			expect(family.prompt.contract).toContain(form.contractMentions);
			expect(family.prompt.template).toContain('{{input}}');
			expect(family.prompt.template).toContain('{{contract}}');
		});
	});

	describe(`${family.id}: hand-written items`, () => {
		const hand = handItems(family.id);

		it('has at least ten items', () => {
			expect(hand.length).toBeGreaterThanOrEqual(10);
		});

		it('agree with the solver', () => {
			for (const item of hand) expect(family.solve(item.input), item.input).toEqual(item.answer);
		});

		it(`score hard = 1 under the grader when given ${form.name}`, async () => {
			for (const [i, item] of hand.entries()) {
				const packItem: PackItem = { id: `hand-${i}`, input: item.input, answer: item.answer };
				const grade = await grader.grade(form.goldReply(item.answer), packItem);
				expect(grade.hard, `${item.input}: ${grade.explanation}`).toBe(1);
			}
		});
	});

	describe(`${family.id}: scripted-engine lessons`, () => {
		const all = lessons.lessons;
		const kinds = (kind: string) => all.filter((lesson) => lesson.kind === kind);

		it('belong to this family and have unique ids', () => {
			expect(lessons.familyId).toBe(family.id);
			expect(new Set(all.map((l) => l.id)).size).toBe(all.length);
		});

		it('have 3 to 5 procedure lessons, one format lesson and 1 to 2 harmful ones', () => {
			expect(kinds('procedure').length).toBeGreaterThanOrEqual(3);
			expect(kinds('procedure').length).toBeLessThanOrEqual(5);
			expect(kinds('format')).toHaveLength(1);
			expect(kinds('harmful').length).toBeGreaterThanOrEqual(1);
			expect(kinds('harmful').length).toBeLessThanOrEqual(2);
			for (const lesson of kinds('procedure'))
				expect(lesson.needs, lesson.id).toBeTypeOf('function');
			for (const lesson of kinds('harmful')) expect(lesson.hurts, lesson.id).toBeTypeOf('function');
		});

		it('state each phrasing with at least one of its own triggers', () => {
			for (const lesson of all) {
				expect(lesson.phrasings.length, lesson.id).toBeGreaterThanOrEqual(2);
				for (const phrasing of lesson.phrasings) {
					const text = normalise(phrasing);
					expect(
						lesson.triggers.some((t) => text.includes(normalise(t))),
						`${lesson.id}: "${phrasing}"`
					).toBe(true);
				}
			}
		});

		it("never trigger another lesson with one lesson's phrasings or triggers", () => {
			for (const lesson of all) {
				const texts = [...lesson.phrasings, ...lesson.triggers].map(normalise);
				for (const otherLesson of all.filter((l) => l !== lesson)) {
					for (const trigger of otherLesson.triggers.map(normalise)) {
						const hit = texts.find((text) => text.includes(trigger));
						expect(hit, `${lesson.id} contains ${otherLesson.id}'s "${trigger}"`).toBeUndefined();
					}
				}
			}
		});

		it('are all absent from the initial skill', () => {
			const skill = normalise(family.initialSkill);
			const found = all.flatMap((l) => l.triggers.filter((t) => skill.includes(normalise(t))));
			expect(found).toEqual([]);
		});

		it('each apply to some generated items and not to others', () => {
			for (const lesson of [...kinds('procedure'), ...kinds('harmful')]) {
				const applies = lesson.kind === 'harmful' ? lesson.hurts : lesson.needs;
				const count = items.filter((item) => applies?.(item.meta?.features ?? {}) === true).length;
				expect(count, lesson.id).toBeGreaterThan(0);
				if (lesson.kind === 'procedure') expect(count, lesson.id).toBeLessThan(items.length);
			}
		});

		it('render the gold so the grader accepts it, and wrong answers so it does not', async () => {
			for (const item of items.slice(0, 300)) {
				const right = await grader.grade(
					form.textReply(lessons.renderAnswer(item.answer, item)),
					item
				);
				expect(right.hard, item.id).toBe(1);
				for (const variant of [0, 1, 2]) {
					const wrong = lessons.wrongAnswer(item, variant);
					const grade = await grader.grade(form.textReply(wrong), item);
					expect(grade.hard, `${item.id} variant ${variant}: ${wrong}`).toBe(0);
				}
			}
		});

		it('still give a wrong answer when the hints carry no input text', async () => {
			for (const item of items.slice(0, 100)) {
				const bare: PackItem = { id: item.id, answer: item.answer ?? null, meta: item.meta };
				const grade = await grader.grade(form.textReply(lessons.wrongAnswer(bare, 1)), bare);
				expect(grade.hard, item.id).toBe(0);
			}
		});

		it('write two to four short reasoning lines, right or wrong', () => {
			for (const item of items.slice(0, 100)) {
				for (const correct of [true, false]) {
					const lines = lessons.reasoning(item, correct);
					expect(lines.length).toBeGreaterThanOrEqual(2);
					expect(lines.length).toBeLessThanOrEqual(4);
					for (const line of lines) {
						expect(line.trim().length).toBeGreaterThan(0);
						expect(line).not.toContain('\n');
						expect(line.toLowerCase()).not.toMatch(/^answer:/);
					}
				}
			}
		});
	});
}
