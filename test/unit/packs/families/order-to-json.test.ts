import { describe, expect, it } from 'vitest';
import { UnsolvableInputError } from '../../../../src/core/packs/families/family-kit.ts';
import { orderToJson, singularNoun } from '../../../../src/core/packs/families/order-to-json.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import type { PackItem } from '../../../../src/core/packs/types.ts';
import { orderToJsonLessons as lessons } from '../../../../workers/engines/scripted/lessons/order-to-json.ts';
import { handItems, normalise, sampleItems } from './family-checks.ts';

// order-to-json's contract is bare JSON, not an Answer: line, so it gets its own copy of the
// shared family checks with the gold rendered as the object alone.
const family = orderToJson;
const items = sampleItems(family);
const grader = createGrader(family.grader);
const bare = (value: unknown): string => JSON.stringify(value);
const feature = (item: PackItem, key: string) => item.meta?.features?.[key];
const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);

describe('order-to-json: generator', () => {
	it('gives the same items for the same seed and different items for another seed', () => {
		for (const level of family.difficulties) {
			const first = Array.from({ length: 20 }, (_, i) => family.generate(5, i, level));
			const again = Array.from({ length: 20 }, (_, i) => family.generate(5, i, level));
			const other = Array.from({ length: 20 }, (_, i) => family.generate(6, i, level));
			expect(again).toEqual(first);
			expect(other.filter((item, i) => item.input === first[i]?.input).length).toBeLessThan(5);
		}
	});

	it('names items family#seed-index, unique over 2000 items', () => {
		expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
		expect(items[7]?.id).toBe('order-to-json#11-7');
	});

	it('records the difficulty and the same scalar features on every item', () => {
		const keys = Object.keys(items[0]?.meta?.features ?? {}).sort();
		expect(keys).toEqual(
			expect.arrayContaining(['dateFormat', 'quantityWords', 'missingFields', 'currency'])
		);
		for (const [i, item] of items.entries()) {
			expect(item.meta?.difficulty).toBe(family.difficulties[i % family.difficulties.length]);
			expect(Object.keys(item.meta?.features ?? {}).sort()).toEqual(keys);
		}
	});

	it('has a gold that its text solver reproduces on 2000 items across difficulties', () => {
		const disagreements = items.filter(
			(item) => bare(family.solve(item.input ?? '')) !== bare(item.answer)
		);
		expect(disagreements.map((item) => item.input)).toEqual([]);
		for (const item of items.slice(0, 200))
			expect(family.solve(item.input ?? '')).toEqual(item.answer);
	});

	it('scores every gold given as bare JSON hard = 1 under its own grader', async () => {
		const failures: string[] = [];
		for (const item of items) {
			const grade = await grader.grade(bare(item.answer), item);
			if (grade.hard !== 1) failures.push(`${item.id}: ${grade.explanation}`);
		}
		expect(failures).toEqual([]);
	});

	it('does not accept the gold inside a code fence or with an extra key', async () => {
		const item = items[0] as PackItem;
		const fenced = await grader.grade('```json\n' + bare(item.answer) + '\n```', item);
		expect(fenced.hard).toBe(0);
		const extra = await grader.grade(bare({ ...(item.answer as object), note: 'x' }), item);
		expect(extra.hard).toBe(0);
	});

	it('refuses a difficulty it does not offer and input it cannot read', () => {
		expect(() => family.generate(1, 0, 99)).toThrow(RangeError);
		expect(() => family.solve('What is the capital of France?')).toThrow(UnsolvableInputError);
	});

	it('keeps val between 24 and 40 and asks for only the JSON object', () => {
		expect(family.defaultSizes.val).toBeGreaterThanOrEqual(24);
		expect(family.defaultSizes.val).toBeLessThanOrEqual(40);
		expect(family.prompt.contract).toMatch(/^Reply with only the JSON object/);
		expect(family.grader).toMatchObject({ type: 'json_fields', requireBare: true });
		expect(family.generation.maxTokens).toBe(192);
	});

	it('mixes date forms, number words, currencies, totals, distractors and missing fields', () => {
		const share = (list: PackItem[], test: (item: PackItem) => boolean) =>
			list.filter(test).length / list.length;
		const formats = new Set(at(3).map((item) => feature(item, 'dateFormat')));
		expect([...formats].sort()).toEqual(['day-month', 'iso', 'month-day', 'none', 'ordinal']);
		expect(share(at(1), (item) => feature(item, 'quantityWords') === true)).toBe(0);
		expect(share(at(2), (item) => feature(item, 'quantityWords') === true)).toBeGreaterThan(0.25);
		expect(share(at(3), (item) => feature(item, 'totalPrice') === true)).toBeGreaterThan(0.1);
		expect(share(at(3), (item) => feature(item, 'distractorNumber') === true)).toBeGreaterThan(0.4);
		expect(share(at(3), (item) => Number(feature(item, 'missingFields')) > 0)).toBeGreaterThan(0.4);
		for (const key of ['customer', 'date', 'quantity', 'unitPrice']) {
			const nulls = items.filter((item) => (item.answer as Record<string, unknown>)[key] === null);
			expect(nulls.length, key).toBeGreaterThan(20);
		}
		const currencies = new Set(items.map((item) => feature(item, 'currency')));
		expect(currencies).toEqual(new Set(['$', '€', '£', 'USD', 'word', 'none']));
	});

	it('singularises plural item nouns', () => {
		expect(
			['mouse pads', 'batteries', 'benches', 'paint brushes', 'phone cases'].map(singularNoun)
		).toEqual(['mouse pad', 'battery', 'bench', 'paint brush', 'phone case']);
	});
});

describe('order-to-json: hand-written items', () => {
	const hand = handItems(family.id);

	it('has at least ten items', () => {
		expect(hand.length).toBeGreaterThanOrEqual(10);
	});

	it('agree with the solver', () => {
		for (const item of hand) expect(family.solve(item.input), item.input).toEqual(item.answer);
	});

	it('score hard = 1 under the grader when given as bare JSON', async () => {
		for (const [i, item] of hand.entries()) {
			const packItem: PackItem = { id: `hand-${i}`, input: item.input, answer: item.answer };
			const grade = await grader.grade(bare(item.answer), packItem);
			expect(grade.hard, `${item.input}: ${grade.explanation}`).toBe(1);
		}
	});
});

describe('order-to-json: scripted-engine lessons', () => {
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
			for (const other of all.filter((l) => l !== lesson)) {
				for (const trigger of other.triggers.map(normalise)) {
					const hit = texts.find((text) => text.includes(trigger));
					expect(hit, `${lesson.id} contains ${other.id}'s "${trigger}"`).toBeUndefined();
				}
			}
		}
	});

	it('are all absent from the initial skill', () => {
		const skill = normalise(family.initialSkill);
		expect(all.flatMap((l) => l.triggers.filter((t) => skill.includes(normalise(t))))).toEqual([]);
	});

	it('each apply to some generated items and not to others', () => {
		for (const lesson of [...kinds('procedure'), ...kinds('harmful')]) {
			const applies = lesson.kind === 'harmful' ? lesson.hurts : lesson.needs;
			const count = items.filter((item) => applies?.(item.meta?.features ?? {}) === true).length;
			expect(count, lesson.id).toBeGreaterThan(0);
			expect(count, lesson.id).toBeLessThan(items.length);
		}
	});

	it('render the gold so the grader accepts it, and wrong answers so it does not', async () => {
		for (const item of items.slice(0, 300)) {
			const right = await grader.grade(lessons.renderAnswer(item.answer, item), item);
			expect(right.hard, item.id).toBe(1);
			for (const variant of [0, 1, 2]) {
				const wrong = lessons.wrongAnswer(item, variant);
				expect(() => JSON.parse(wrong) as unknown).not.toThrow();
				const grade = await grader.grade(wrong, item);
				expect(grade.hard, `${item.id} variant ${variant}: ${wrong}`).toBe(0);
			}
		}
	});

	it('write two to four short reasoning lines, right or wrong', () => {
		for (const item of items.slice(0, 100)) {
			for (const correct of [true, false]) {
				const lines = lessons.reasoning(item, correct);
				expect(lines.length).toBeGreaterThanOrEqual(2);
				expect(lines.length).toBeLessThanOrEqual(4);
				for (const line of lines) expect(line).not.toContain('\n');
			}
		}
	});
});
