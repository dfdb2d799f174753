import { describe, expect, it } from 'vitest';
import { orderToJson, singularNoun } from '../../../../src/core/packs/families/order-to-json.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import type { PackItem } from '../../../../src/core/packs/types.ts';
import { orderToJsonLessons as lessons } from '../../../../workers/engines/scripted/lessons/order-to-json.ts';
import { checkFamily, sampleItems, type ReplyForm } from './family-checks.ts';

// order-to-json's contract is bare JSON, not an Answer: line, and its gold is an object, so the
// shared checks run with the reply being the object alone and golds compared as serialised JSON
// (key order included).
const family = orderToJson;
const items = sampleItems(family);
const grader = createGrader(family.grader);
const bare = (value: unknown): string => JSON.stringify(value);
const feature = (item: PackItem, key: string) => item.meta?.features?.[key];
const at = (level: number) => items.filter((item) => item.meta?.difficulty === level);

const bareJson: ReplyForm = {
	name: 'as bare JSON',
	contractMentions: 'Reply with only the JSON object',
	goldReply: bare,
	textReply: (answerText) => answerText
};

checkFamily(family, lessons, {
	replyForm: bareJson,
	sameAnswer: (solved, gold) => bare(solved) === bare(gold)
});

describe('order-to-json: generator', () => {
	it('records the date format, quantity words, missing fields and currency on every item', () => {
		const keys = Object.keys(items[0]?.meta?.features ?? {}).sort();
		expect(keys).toEqual(
			expect.arrayContaining(['dateFormat', 'quantityWords', 'missingFields', 'currency'])
		);
	});

	it('does not accept the gold inside a code fence or with an extra key', async () => {
		const item = items[0] as PackItem;
		const fenced = await grader.grade('```json\n' + bare(item.answer) + '\n```', item);
		expect(fenced.hard).toBe(0);
		const extra = await grader.grade(bare({ ...(item.answer as object), note: 'x' }), item);
		expect(extra.hard).toBe(0);
	});

	it('asks for only the JSON object, graded bare, with room for it in the token budget', () => {
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

describe('order-to-json: scripted-engine lessons', () => {
	// The shared check lets a harmful lesson hurt every item; here each must spare some.
	it('have harmful lessons that hurt some generated items and not others', () => {
		const harmful = lessons.lessons.filter((lesson) => lesson.kind === 'harmful');
		expect(harmful.length).toBeGreaterThan(0);
		for (const lesson of harmful) {
			const count = items.filter(
				(item) => lesson.hurts?.(item.meta?.features ?? {}) === true
			).length;
			expect(count, lesson.id).toBeGreaterThan(0);
			expect(count, lesson.id).toBeLessThan(items.length);
		}
	});

	it('write every wrong answer as parseable JSON', () => {
		for (const item of items.slice(0, 300)) {
			for (const variant of [0, 1, 2]) {
				const wrong = lessons.wrongAnswer(item, variant);
				expect(() => JSON.parse(wrong) as unknown, `${item.id} variant ${variant}`).not.toThrow();
			}
		}
	});
});
