/**
 * The `order-to-json` family: a short customer message about an order becomes a JSON object
 * `{customer, date, item, quantity, unitPrice}`, with `null` for whatever the message leaves out.
 *
 * The messages vary exactly where small models slip on extraction: dates in several written
 * forms (the JSON wants ISO), quantities as number words or "a dozen", prices with currency
 * symbols or given only as a total, unrelated numbers (order numbers, addresses) and missing
 * fields. The solver parses the message text on its own, so hand-written messages in the same
 * phrasing can be checked against it.
 */
import { createRandom } from '../../random.ts';
import type { Random } from '../../ports.ts';
import type { FeatureValue, JsonValue, PackItem, TaskFamily } from '../types.ts';
import { MONTH_NAMES, daysInMonth, isValidYmd, toIso } from './date-arithmetic.ts';
import type { Ymd } from './date-arithmetic.ts';
import { FIRST_NAMES, NUMBER_WORDS } from './vocab.ts';
import { UnsolvableInputError, checkDifficulty } from './family-kit.ts';

const FAMILY_ID = 'order-to-json';
const DIFFICULTIES: readonly number[] = [1, 2, 3];

const SURNAMES: readonly string[] = [
	'Berg',
	'Okafor',
	'Lindqvist',
	'Moreau',
	'Tanaka',
	'Novak',
	'Silva',
	'Haddad',
	'Kowalski',
	'Mensah',
	'Ortiz',
	'Petrov',
	'Ramos',
	'Schulz',
	'Yilmaz',
	'Fischer',
	'Andersen',
	'Costa',
	'Dubois',
	'Nakamura'
];

interface OrderNoun {
	singular: string;
	plural: string;
}
const on = (singular: string, plural = `${singular}s`): OrderNoun => ({ singular, plural });

/** Things people order; no singular ends in "s", so a trailing "s" always marks a plural. */
const ORDER_NOUNS: readonly OrderNoun[] = [
	on('mouse pad'),
	on('desk lamp'),
	on('notebook'),
	on('coffee mug'),
	on('phone case'),
	on('water bottle'),
	on('office chair'),
	on('keyboard'),
	on('monitor stand'),
	on('backpack'),
	on('extension cord'),
	on('paint brush', 'paint brushes'),
	on('battery', 'batteries'),
	on('bench', 'benches'),
	on('wall clock'),
	on('flash drive'),
	on('tea kettle'),
	on('umbrella')
];

type DateFormat = 'iso' | 'day-month' | 'month-day' | 'ordinal' | 'none';
type Currency = '$' | '€' | '£' | 'USD' | 'word' | 'none';
type Field = 'customer' | 'date' | 'quantity' | 'unitPrice';

interface Order {
	customer: string | null;
	date: Ymd | null;
	noun: OrderNoun;
	quantity: number | null;
	unitPrice: number | null;
}

function pick<T>(items: readonly T[], random: Random): T {
	const item = items[random.int(items.length)];
	if (item === undefined) throw new RangeError('pick from an empty list');
	return item;
}

function cents(x: number): number {
	return Math.round(x * 100) / 100;
}

function ordinal(n: number): string {
	const tens = n % 100;
	if (tens >= 11 && tens <= 13) return `${n}th`;
	return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function writeDate(date: Ymd, format: DateFormat, random: Random): string {
	const month = MONTH_NAMES[date.m - 1] ?? '';
	const short = random.next() < 0.5 && month.length > 4 ? month.slice(0, 3) : month;
	switch (format) {
		case 'iso':
			return toIso(date);
		case 'day-month':
			return `${date.d} ${short} ${date.y}`;
		case 'month-day':
			return `${short} ${date.d}, ${date.y}`;
		case 'ordinal':
			return `the ${ordinal(date.d)} of ${month} ${date.y}`;
		case 'none':
			return '';
	}
}

function writeMoney(amount: number, currency: Currency): string {
	const text = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
	switch (currency) {
		case '$':
		case '€':
		case '£':
			return `${currency}${text}`;
		case 'USD':
			return `USD ${text}`;
		case 'word':
			return `${text} dollars`;
		case 'none':
			return text;
	}
}

function writeQuantity(quantity: number | null, noun: OrderNoun, words: boolean): string {
	if (quantity === null) return `some ${noun.plural}`;
	if (quantity === 12 && words) return `a dozen ${noun.plural}`;
	const count = words ? (NUMBER_WORDS[quantity] ?? String(quantity)) : String(quantity);
	return `${count} ${quantity === 1 ? noun.singular : noun.plural}`;
}

const DISTRACTORS: readonly ((random: Random) => string)[] = [
	(r) => `My order number is ${1000 + r.int(9000)}.`,
	(r) => `This is my ${ordinal(2 + r.int(8))} order with you.`,
	(r) => `Please deliver to ${2 + r.int(180)} Harbour Street.`,
	(r) => `I have been a customer for ${2 + r.int(12)} years.`
];

interface Settings {
	dateFormat: DateFormat;
	currency: Currency;
	quantityWords: boolean;
	totalPrice: boolean;
	signature: boolean;
	distractor: boolean;
	missing: Field[];
}

function pickSettings(difficulty: number, random: Random): Settings {
	const dateFormats: DateFormat[] =
		difficulty <= 1
			? ['iso', 'month-day']
			: difficulty === 2
				? ['iso', 'day-month', 'month-day']
				: ['iso', 'day-month', 'month-day', 'ordinal'];
	const currencies: Currency[] = difficulty <= 1 ? ['$'] : ['$', '€', '£', 'USD', 'word'];
	const missing: Field[] = [];
	const missRate = difficulty <= 1 ? 0.15 : difficulty === 2 ? 0.35 : 0.5;
	const fields: Field[] = ['customer', 'date', 'unitPrice', 'quantity'];
	for (let n = 0; n < (difficulty >= 3 ? 2 : 1); n++) {
		if (random.next() >= missRate) continue;
		const field = pick(difficulty <= 1 ? fields.slice(0, 3) : fields, random);
		if (!missing.includes(field)) missing.push(field);
	}
	const totalPrice =
		difficulty >= 3 &&
		random.next() < 0.35 &&
		!missing.includes('unitPrice') &&
		!missing.includes('quantity');
	return {
		dateFormat: missing.includes('date') ? 'none' : pick(dateFormats, random),
		currency: missing.includes('unitPrice') ? 'none' : pick(currencies, random),
		quantityWords: difficulty >= 2 && random.next() < 0.45,
		totalPrice,
		signature: difficulty >= 2 && random.next() < 0.4,
		distractor: difficulty >= 2 && random.next() < (difficulty === 2 ? 0.3 : 0.6),
		missing
	};
}

function orderSentence(order: Order, s: Settings, random: Random): string[] {
	const what = writeQuantity(order.quantity, order.noun, s.quantityWords);
	let price = '';
	if (order.unitPrice !== null) {
		if (s.totalPrice && order.quantity !== null) {
			price = ` for ${writeMoney(cents(order.unitPrice * order.quantity), s.currency)} in total`;
		} else {
			const [lead, tail] = pick(
				[
					['at', 'each'],
					['at', 'apiece'],
					['priced at', 'per unit']
				],
				random
			);
			price = ` ${lead} ${writeMoney(order.unitPrice, s.currency)} ${tail}`;
		}
	}
	const date = order.date === null ? '' : writeDate(order.date, s.dateFormat, random);
	switch (random.int(3)) {
		case 0:
			return [`${date ? `On ${date} ` : ''}I ordered ${what}${price}.`];
		case 1:
			return [`I placed an order for ${what}${date ? ` on ${date}` : ''}${price}.`];
		default:
			return [
				`Could you confirm my order of ${what}${price}?`,
				...(date ? [`I placed it on ${date}.`] : [])
			];
	}
}

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(FAMILY_ID, difficulty, DIFFICULTIES);
	const random = createRandom(`${FAMILY_ID}/${seed}/${index}/${difficulty}`);
	const s = pickSettings(difficulty, random);
	const y = 2019 + random.int(8);
	const m = 1 + random.int(12);
	const noun = pick(ORDER_NOUNS, random);
	const quantity =
		s.quantityWords && difficulty >= 3 && random.next() < 0.25
			? 12
			: 1 + random.int(s.quantityWords ? 20 : 48);
	const order: Order = {
		customer: s.missing.includes('customer')
			? null
			: `${pick(FIRST_NAMES, random)} ${pick(SURNAMES, random)}`,
		date: s.missing.includes('date') ? null : { y, m, d: 1 + random.int(daysInMonth(y, m)) },
		noun,
		quantity: s.missing.includes('quantity') ? null : quantity,
		unitPrice: s.missing.includes('unitPrice')
			? null
			: cents(1 + random.int(150) + pick([0, 0, 0.5, 0.25, 0.99, 0.6, 0.75], random))
	};

	const greeting =
		order.customer === null || s.signature
			? pick(['Hello,', 'Hi there.', 'Good morning.'], random)
			: pick(
					[
						`Hi, this is ${order.customer}.`,
						`Hello, my name is ${order.customer}.`,
						`${order.customer} here.`
					],
					random
				);
	const sentences = [greeting, ...orderSentence(order, s, random)];
	if (s.distractor) {
		const line = pick(DISTRACTORS, random)(random);
		sentences.splice(random.next() < 0.5 ? 1 : sentences.length, 0, line);
	}
	sentences.push(pick(['Please confirm.', 'Thanks!', 'Can you check the status?'], random));
	if (s.signature && order.customer !== null)
		sentences.push(`${pick(['Thanks', 'Best', 'Regards'], random)}, ${order.customer}`);

	const answer: { [key: string]: JsonValue } = {
		customer: order.customer,
		date: order.date === null ? null : toIso(order.date),
		item: noun.singular,
		quantity: order.quantity,
		unitPrice: order.unitPrice
	};
	const features: Record<string, FeatureValue> = {
		dateFormat: s.dateFormat,
		quantityWords: s.quantityWords && order.quantity !== null,
		currency: s.currency,
		totalPrice: s.totalPrice,
		missingFields: s.missing.length,
		missingCustomer: order.customer === null,
		missingDate: order.date === null,
		missingQuantity: order.quantity === null,
		missingPrice: order.unitPrice === null,
		distractorNumber: s.distractor,
		signature: s.signature && order.customer !== null
	};
	return {
		id: `${FAMILY_ID}#${seed}-${index}`,
		input: sentences.join(' '),
		answer,
		meta: { difficulty, features }
	};
}

const NAME = '([A-Z][a-z]+ [A-Z][a-z]+)';
const MONTH =
	'(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)';
const AMOUNT = String.raw`(?:[$€£]|USD )?(\d+(?:\.\d{1,2})?)(?: dollars| euros| pounds)?`;

function monthNumber(name: string): number {
	const prefix = name.slice(0, 3).toLowerCase();
	return MONTH_NAMES.findIndex((m) => m.slice(0, 3).toLowerCase() === prefix) + 1;
}

function parseCustomer(text: string): string | null {
	const patterns = [
		new RegExp(`(?:[Tt]his is|[Mm]y name is|I am) ${NAME}`),
		new RegExp(`(?:^|[.!?] )${NAME} here\\b`),
		new RegExp(`(?:Thanks|Best|Regards|Cheers),\\s*${NAME}\\s*$`)
	];
	for (const pattern of patterns) {
		const m = pattern.exec(text);
		if (m?.[1]) return m[1];
	}
	return null;
}

function parseDate(text: string): string | null {
	let m: RegExpExecArray | null;
	let date: Ymd | null = null;
	if ((m = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text))) {
		date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
	} else if (
		(m = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?${MONTH},? (\d{4})\b`).exec(
			text
		))
	) {
		date = { y: Number(m[3]), m: monthNumber(m[2] ?? ''), d: Number(m[1]) };
	} else if (
		(m = new RegExp(String.raw`\b${MONTH} (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`).exec(text))
	) {
		date = { y: Number(m[3]), m: monthNumber(m[1] ?? ''), d: Number(m[2]) };
	}
	if (date === null) return null;
	if (!isValidYmd(date.y, date.m, date.d))
		throw new UnsolvableInputError(FAMILY_ID, `not a real date in "${text}"`);
	return toIso(date);
}

/** "mouse pads" → "mouse pad", "batteries" → "battery", "benches" → "bench". */
export function singularNoun(phrase: string): string {
	if (/ies$/.test(phrase)) return phrase.replace(/ies$/, 'y');
	if (/(?:ch|sh|x|z|ss)es$/.test(phrase)) return phrase.replace(/es$/, '');
	if (/[^s]s$/.test(phrase)) return phrase.replace(/s$/, '');
	return phrase;
}

function parseCount(word: string): number | null {
	const lower = word.toLowerCase();
	if (lower === 'some') return null;
	if (lower === 'a dozen') return 12;
	if (lower === 'a' || lower === 'an') return 1;
	const asWord = NUMBER_WORDS.indexOf(lower);
	if (asWord >= 0) return asWord;
	return Number(lower);
}

/** Extracts the order fields from the message text; returns the gold JSON object. */
function solve(input: string): JsonValue {
	const counted = new RegExp(
		String.raw`(?:ordered|order for|order of) (a dozen|some|an?|\d+|[a-z]+) ([a-z][a-z ]*?)(?= at | priced | for | on |[,.?!])`
	).exec(input);
	if (!counted) throw new UnsolvableInputError(FAMILY_ID, 'no "ordered <quantity> <item>" phrase');
	const quantity = parseCount(counted[1] ?? '');
	if (quantity !== null && !Number.isInteger(quantity))
		throw new UnsolvableInputError(FAMILY_ID, `not a quantity: "${counted[1] ?? ''}"`);
	const each = new RegExp(`(?:at|priced at) ${AMOUNT} (?:each|apiece|per unit|a piece)`).exec(
		input
	);
	const total = new RegExp(`for ${AMOUNT} in total`).exec(input);
	let unitPrice: number | null = null;
	if (each) unitPrice = Number(each[1]);
	else if (total && quantity !== null) unitPrice = cents(Number(total[1]) / quantity);
	return {
		customer: parseCustomer(input),
		date: parseDate(input),
		item: singularNoun(counted[2] ?? ''),
		quantity,
		unitPrice
	};
}

export const orderToJson: TaskFamily = {
	id: FAMILY_ID,
	title: 'Order message → JSON',
	description:
		'Extract customer, ISO date, item, quantity and unit price from a customer message as a ' +
		'JSON object, with null for missing fields.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract:
			'Reply with only the JSON object, with the keys customer, date (YYYY-MM-DD), item, ' +
			'quantity and unitPrice.'
	},
	generation: { maxTokens: 192, temperature: 0, stop: [] },
	grader: {
		type: 'json_fields',
		fields: {
			customer: 'string',
			date: 'date',
			item: 'noun',
			quantity: 'number',
			unitPrice: 'number'
		},
		strictTypes: true,
		noExtraKeys: true,
		requireBare: true,
		absTol: 0.005
	},
	initialSkill: '# Orders\nRead the message and write down the order details as JSON.\n',
	defaultSizes: { train: 60, val: 40, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
