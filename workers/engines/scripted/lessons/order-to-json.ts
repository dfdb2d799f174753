/**
 * What the simulation knows about order extraction: ISO dates, number words, null for missing
 * fields, bare numeric prices, unit prices from totals, and bare JSON — plus the JSON a model
 * writes when it misses one (a date left as written, "four" as a string, "" for a missing field).
 */
import { NUMBER_WORDS } from '../../../../src/core/packs/families/vocab.ts';
import type { JsonValue } from '../../../../src/core/packs/types.ts';
import type { FamilyLessons } from '../lesson-types.ts';
import { featuresOf, flag, num } from './lesson-kit.ts';

type JsonObject = { [key: string]: JsonValue };

function asObject(gold: JsonValue | undefined): JsonObject {
	return gold !== null && typeof gold === 'object' && !Array.isArray(gold) ? gold : {};
}

/** A wrong ISO date a model plausibly writes: day and month swapped, else a day off. */
function slippedDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m) return iso;
	const [y, mo, d] = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
	if (Number(d) <= 12 && d !== mo) return `${y}-${d}-${mo}`;
	const day = Number(d) > 1 ? Number(d) - 1 : Number(d) + 1;
	return `${y}-${mo}-${String(day).padStart(2, '0')}`;
}

export const orderToJsonLessons: FamilyLessons = {
	familyId: 'order-to-json',
	lessons: [
		{
			id: 'iso-dates',
			kind: 'procedure',
			phrasings: [
				'Write the date as YYYY-MM-DD, converting month names to numbers (3 Aug 2025 → 2025-08-03).',
				'Dates become YYYY-MM-DD: month names become two-digit numbers and the day gets a leading zero.',
				'Rewrite any written date in ISO form, for example "the 5th of March 2024" → 2024-03-05.'
			],
			triggers: [
				'converting month names to numbers',
				'month names become two-digit numbers',
				'rewrite any written date in iso form'
			],
			needs: (f) => f['dateFormat'] !== 'iso' && f['dateFormat'] !== 'none'
		},
		{
			id: 'number-words',
			kind: 'procedure',
			phrasings: [
				'Turn number words into digits for the quantity: "four" → 4, "a dozen" → 12.',
				'The quantity is a JSON number even when the message spells it out ("seven" → 7, a dozen means 12).',
				'Spelled-out quantities become numbers; a dozen means 12.'
			],
			triggers: ['number words into digits', 'a dozen means 12'],
			needs: (f) => flag(f, 'quantityWords')
		},
		{
			id: 'null-when-missing',
			kind: 'procedure',
			phrasings: [
				'If the message does not give a field, set it to null; never guess a missing field.',
				'Use null for any field the message leaves out, and keep the key.',
				'No name, date, quantity or price in the message? Set it to null.'
			],
			triggers: ['set it to null', 'use null for any field', 'never guess a missing field'],
			needs: (f) => num(f, 'missingFields') > 0
		},
		{
			id: 'bare-price',
			kind: 'procedure',
			phrasings: [
				'unitPrice is a bare number: drop currency symbols and words ($, €, £, USD, dollars).',
				'Write prices as plain JSON numbers; drop currency symbols and words.',
				'The price is a number like 12.5, never a string like "$12.50".'
			],
			triggers: ['drop currency symbols', 'never a string like "$12.50"'],
			needs: (f) => f['currency'] !== 'none' && f['currency'] !== undefined
		},
		{
			id: 'unit-from-total',
			kind: 'procedure',
			phrasings: [
				'When the message gives only a total, unitPrice is the total divided by the quantity.',
				'"For $40 in total" is not a unit price: divide the total by the quantity.',
				'A price "in total" must be divided by the quantity to get unitPrice.'
			],
			triggers: [
				'total divided by the quantity',
				'divide the total by the quantity',
				'must be divided by the quantity'
			],
			needs: (f) => flag(f, 'totalPrice')
		},
		{
			id: 'bare-json',
			kind: 'format',
			phrasings: [
				'Reply with the JSON object alone: no code fences, no text before or after it.',
				'Output only the JSON object with exactly the five keys, and no code fences.',
				'Your whole reply is the JSON object alone, starting with { and ending with }.'
			],
			triggers: ['no code fences', 'the json object alone', 'exactly the five keys']
		},
		{
			id: 'first-number-is-quantity',
			kind: 'harmful',
			phrasings: [
				'The first number in the message is the quantity.',
				'Take the quantity from the first number in the message.'
			],
			triggers: ['first number in the message'],
			hurts: (f) => flag(f, 'distractorNumber')
		},
		{
			id: 'empty-string-when-missing',
			kind: 'harmful',
			phrasings: [
				'If a field is missing, write an empty string "".',
				'Missing fields: write an empty string rather than leaving them out.'
			],
			triggers: ['write an empty string'],
			hurts: (f) => num(f, 'missingFields') > 0
		}
	],
	wrongAnswer(item, variant) {
		const gold = asObject(item.answer);
		const f = featuresOf(item);
		const wrong: JsonObject[] = [];
		const missing = Object.keys(gold).filter((key) => gold[key] === null);
		if (missing.length > 0)
			wrong.push({ ...gold, ...Object.fromEntries(missing.map((key) => [key, ''])) });
		if (typeof gold['date'] === 'string' && f['dateFormat'] !== 'iso')
			wrong.push({ ...gold, date: slippedDate(gold['date']) });
		const quantity = gold['quantity'];
		if (typeof quantity === 'number' && flag(f, 'quantityWords'))
			wrong.push({
				...gold,
				quantity: quantity === 12 ? 'a dozen' : (NUMBER_WORDS[quantity] ?? '')
			});
		const price = gold['unitPrice'];
		if (
			typeof price === 'number' &&
			typeof quantity === 'number' &&
			quantity > 1 &&
			flag(f, 'totalPrice')
		)
			wrong.push({ ...gold, unitPrice: Math.round(price * quantity * 100) / 100 });
		if (typeof price === 'number') wrong.push({ ...gold, unitPrice: `$${price.toFixed(2)}` });
		wrong.push({ ...gold, orderNumber: null });
		return JSON.stringify(wrong[variant % wrong.length]);
	},
	renderAnswer: (gold) => JSON.stringify(gold ?? null),
	reasoning(item, correct) {
		const gold = asObject(item.answer);
		const name = typeof gold['customer'] === 'string' ? gold['customer'] : 'not given';
		const noun = typeof gold['item'] === 'string' ? gold['item'] : 'an item';
		return [
			`The customer is ${name}.`,
			`They ordered ${correct ? String(gold['quantity'] ?? 'an unknown number of') : 'some'} ${noun}(s).`,
			correct
				? 'I convert the date and the price to plain values.'
				: 'I copy the details as written.'
		];
	}
};
