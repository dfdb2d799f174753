/**
 * The `word-problems` family: templated arithmetic word problems (wages by the hour, shopping
 * totals and change, speed and distance, recipes in grams and kilograms, savings, filling tanks,
 * fractions of a stock), in the spirit of GSM8K but generated here.
 *
 * The templates are chosen so that the procedural rules a small model needs vary per item:
 * converting minutes to hours or grams to kilograms, multiplying a rate by a time, carrying
 * several steps in order. The solver reads each template's wording back from the text, so a
 * hand-written problem in the same wording is solved without the generator's help.
 */
import { createRandom } from '../../random.ts';
import type { Random } from '../../ports.ts';
import type { FeatureValue, JsonValue, PackItem, TaskFamily } from '../types.ts';
import { FIRST_NAMES } from './vocab.ts';
import { UnsolvableInputError, checkDifficulty } from './family-kit.ts';

const FAMILY_ID = 'word-problems';
const DIFFICULTIES: readonly number[] = [1, 2, 3];

type TemplateId = 'wage' | 'shopping' | 'speed' | 'recipe' | 'savings' | 'tank' | 'stock';
const TEMPLATES: readonly TemplateId[] = [
	'wage',
	'shopping',
	'speed',
	'recipe',
	'savings',
	'tank',
	'stock'
];

interface Problem {
	text: string;
	answer: number;
	steps: number;
	unitConversion: boolean;
	rate: boolean;
	/** Wrong answers from plausible slips, most plausible first. */
	mistakes: number[];
	trace: string[];
}

/** Rounds to cents so that float noise never reaches a gold answer. */
function cents(x: number): number {
	return Math.round(x * 100) / 100;
}

function money(x: number): string {
	return Number.isInteger(x) ? `$${x}` : `$${x.toFixed(2)}`;
}

function pick<T>(items: readonly T[], random: Random): T {
	const item = items[random.int(items.length)];
	if (item === undefined) throw new RangeError('pick from an empty list');
	return item;
}

function between(lo: number, hi: number, random: Random): number {
	return lo + random.int(hi - lo + 1);
}

function duration(hours: number, minutes: number): string {
	const h = hours === 1 ? '1 hour' : `${hours} hours`;
	if (minutes === 0) return h;
	if (hours === 0) return `${minutes} minutes`;
	return `${h} and ${minutes} minutes`;
}

const JOBS = ['babysitting', 'tutoring', 'walking dogs', 'gardening', 'washing cars'];

function wage(name: string, difficulty: number, random: Random): Problem {
	const rate = between(6, 30, random);
	const hours = difficulty === 2 ? 0 : between(1, 6, random);
	const minutes =
		difficulty === 1
			? 0
			: pick([15, 30, 45], random) + (difficulty === 2 ? pick([0, 15, 45, 60], random) : 0);
	const answer = cents((rate * (hours * 60 + minutes)) / 60);
	return {
		text:
			`${name} earns ${money(rate)} an hour for ${pick(JOBS, random)}. ` +
			`Yesterday ${name} worked for ${duration(hours, minutes)}. How many dollars did ${name} earn?`,
		answer,
		steps: difficulty === 1 ? 1 : difficulty === 2 ? 2 : 3,
		unitConversion: minutes > 0,
		rate: true,
		mistakes: [
			rate * (hours + minutes),
			cents(rate * (hours + minutes / 100)),
			rate * hours,
			answer + rate
		],
		trace: [
			`${name} works ${duration(hours, minutes)} = ${cents(hours + minutes / 60)} hours.`,
			`${cents(hours + minutes / 60)} × ${rate} = ${answer}.`
		]
	};
}

interface Good {
	singular: string;
	plural: string;
}
const SUPPLIES: readonly Good[] = [
	{ singular: 'notebook', plural: 'notebooks' },
	{ singular: 'pen', plural: 'pens' },
	{ singular: 'eraser', plural: 'erasers' },
	{ singular: 'ruler', plural: 'rulers' },
	{ singular: 'folder', plural: 'folders' },
	{ singular: 'marker', plural: 'markers' },
	{ singular: 'glue stick', plural: 'glue sticks' },
	{ singular: 'sketchbook', plural: 'sketchbooks' }
];

function shopping(name: string, difficulty: number, random: Random): Problem {
	const [first, second] = [pick(SUPPLIES, random), pick(SUPPLIES, random)];
	const second2 =
		second.singular === first.singular
			? (SUPPLIES[(SUPPLIES.indexOf(first) + 1) % SUPPLIES.length] ?? second)
			: second;
	const a = between(2, 9, random);
	const pa = between(2, 24, random) / 4;
	const b = between(2, 9, random);
	const pb = between(2, 24, random) / 4;
	const totalA = cents(a * pa);
	const total = cents(totalA + b * pb);
	if (difficulty === 1) {
		return {
			text: `${name} buys ${a} ${first.plural} at ${money(pa)} each. How many dollars does ${name} spend?`,
			answer: totalA,
			steps: 1,
			unitConversion: false,
			rate: false,
			mistakes: [cents(a + pa), cents(totalA + pa), cents(totalA - pa)],
			trace: [`${a} × ${pa} = ${totalA}.`]
		};
	}
	const bought = `${name} buys ${a} ${first.plural} at ${money(pa)} each and ${b} ${second2.plural} at ${money(pb)} each.`;
	if (difficulty === 2) {
		return {
			text: `${bought} How many dollars does ${name} spend?`,
			answer: total,
			steps: 3,
			unitConversion: false,
			rate: false,
			mistakes: [totalA, cents(pa + pb), cents((a + b) * pa)],
			trace: [`${a} × ${pa} = ${totalA}.`, `${b} × ${pb} = ${cents(b * pb)}.`, `Total: ${total}.`]
		};
	}
	const bill = [20, 50, 100].find((note) => note >= total + 1) ?? 200;
	const change = cents(bill - total);
	return {
		text: `${bought} ${name} pays with a ${money(bill)} bill. How many dollars of change does ${name} get?`,
		answer: change,
		steps: 4,
		unitConversion: false,
		rate: false,
		mistakes: [total, cents(bill - totalA), cents(change + 1)],
		trace: [`${a} × ${pa} + ${b} × ${pb} = ${total}.`, `${bill} − ${total} = ${change}.`]
	};
}

const VEHICLES = ['train', 'bus', 'ferry', 'truck', 'tram'];

function speed(_name: string, difficulty: number, random: Random): Problem {
	const v = between(4, 24, random) * 5;
	const hours = difficulty === 2 ? 0 : between(1, 5, random);
	const minutes = difficulty === 1 ? 0 : pick([12, 15, 20, 30, 36, 45, 48], random);
	const answer = cents((v * (hours * 60 + minutes)) / 60);
	return {
		text:
			`A ${pick(VEHICLES, random)} travels at ${v} kilometres per hour. ` +
			`How many kilometres does it travel in ${duration(hours, minutes)}?`,
		answer,
		steps: difficulty === 1 ? 1 : difficulty === 2 ? 2 : 3,
		unitConversion: minutes > 0,
		rate: true,
		mistakes: [
			v * (hours + minutes),
			cents(v * (hours + minutes / 100)),
			v * hours,
			cents(answer + v)
		],
		trace: [
			`${duration(hours, minutes)} = ${cents(hours + minutes / 60)} hours.`,
			`${v} × ${cents(hours + minutes / 60)} = ${answer}.`
		]
	};
}

const BAKES: readonly Good[] = [
	{ singular: 'cake', plural: 'cakes' },
	{ singular: 'loaf', plural: 'loaves' },
	{ singular: 'pie', plural: 'pies' },
	{ singular: 'batch of cookies', plural: 'batches of cookies' }
];

function recipe(name: string, difficulty: number, random: Random): Problem {
	const bake = pick(BAKES, random);
	const grams = between(3, 12, random) * 50;
	const count = between(2, 8, random);
	const used = grams * count;
	const recipeLine = `A recipe uses ${grams} grams of flour for one ${bake.singular}. ${name} bakes ${count} ${bake.plural}.`;
	if (difficulty === 1) {
		return {
			text: `${recipeLine} How many grams of flour does ${name} use?`,
			answer: used,
			steps: 1,
			unitConversion: false,
			rate: false,
			mistakes: [grams + count, used + grams, used - grams],
			trace: [`${grams} × ${count} = ${used} grams.`]
		};
	}
	const kg = cents(used / 1000);
	if (difficulty === 2) {
		return {
			text: `${recipeLine} How many kilograms of flour does ${name} use?`,
			answer: kg,
			steps: 2,
			unitConversion: true,
			rate: false,
			mistakes: [used, cents(used / 100), cents(grams / 1000)],
			trace: [`${grams} × ${count} = ${used} grams.`, `${used} grams = ${kg} kilograms.`]
		};
	}
	const stock = Math.ceil(kg) + between(1, 4, random);
	const left = cents(stock - kg);
	return {
		text:
			`${name} has ${stock} kilograms of flour. ${recipeLine} ` +
			`How many kilograms of flour does ${name} have left?`,
		answer: left,
		steps: 3,
		unitConversion: true,
		rate: false,
		mistakes: [kg, cents(stock - used / 100), stock - count],
		trace: [`${grams} × ${count} = ${used} grams = ${kg} kilograms.`, `${stock} − ${kg} = ${left}.`]
	};
}

function savings(name: string, difficulty: number, random: Random): Problem {
	const weekly = between(2, 20, random) * 5;
	const weeks = between(3, 12, random);
	if (difficulty === 1) {
		const answer = weekly * weeks;
		return {
			text: `${name} saves ${money(weekly)} every week. How many dollars will ${name} have saved after ${weeks} weeks?`,
			answer,
			steps: 1,
			unitConversion: false,
			rate: true,
			mistakes: [weekly + weeks, answer + weekly, answer - weekly],
			trace: [`${weekly} × ${weeks} = ${answer}.`]
		};
	}
	const start = between(2, 30, random) * 5;
	const span = difficulty === 2 ? `${weeks} weeks` : `${weeks * 7} days`;
	const answer = start + weekly * weeks;
	return {
		text:
			`${name} has ${money(start)} and saves ${money(weekly)} more every week. ` +
			`How many dollars will ${name} have after ${span}?`,
		answer,
		steps: difficulty === 2 ? 2 : 3,
		unitConversion: difficulty === 3,
		rate: true,
		mistakes: [
			difficulty === 3 ? start + weekly * weeks * 7 : weekly * weeks,
			weekly * weeks,
			start + weekly * (weeks - 1)
		],
		trace: [`${span} = ${weeks} weeks.`, `${start} + ${weekly} × ${weeks} = ${answer}.`]
	};
}

function tank(_name: string, difficulty: number, random: Random): Problem {
	const rate = between(2, 15, random) * 2;
	if (difficulty === 3) {
		// Capacity is a whole number of half hours of flow, so the answer in hours is clean.
		const halfHours = between(1, 8, random);
		const capacity = rate * 30 * halfHours;
		const answer = halfHours / 2;
		return {
			text:
				`A tap fills a tank at ${rate} litres per minute. The tank holds ${capacity} litres. ` +
				`How many hours does it take to fill the empty tank?`,
			answer,
			steps: 2,
			unitConversion: true,
			rate: true,
			mistakes: [capacity / rate, cents(capacity / rate / 100), capacity * rate],
			trace: [
				`${capacity} ÷ ${rate} = ${capacity / rate} minutes.`,
				`${capacity / rate} minutes = ${answer} hours.`
			]
		};
	}
	const minutes = between(3, 40, random);
	const already = difficulty === 2 ? rate * between(1, 10, random) : 0;
	const capacity = rate * minutes + already;
	const holds = `The tank holds ${capacity} litres${already > 0 ? ` and already contains ${already} litres` : ''}.`;
	return {
		text:
			`A tap fills a tank at ${rate} litres per minute. ${holds} ` +
			`How many minutes does it take to fill the ${already > 0 ? '' : 'empty '}tank?`,
		answer: minutes,
		steps: already > 0 ? 2 : 1,
		unitConversion: false,
		rate: true,
		mistakes: [
			already > 0 ? cents(capacity / rate) : capacity - rate,
			capacity * rate,
			minutes + 1
		],
		trace: [
			...(already > 0 ? [`${capacity} − ${already} = ${capacity - already} litres to go.`] : []),
			`${capacity - already} ÷ ${rate} = ${minutes} minutes.`
		]
	};
}

const FRACTIONS: readonly { word: string; denominator: number }[] = [
	{ word: 'half', denominator: 2 },
	{ word: 'a third', denominator: 3 },
	{ word: 'a quarter', denominator: 4 },
	{ word: 'a fifth', denominator: 5 }
];
const STOCK = ['apples', 'tickets', 'plants', 'books', 'candles', 'mugs'];

function stock(_name: string, difficulty: number, random: Random): Problem {
	const goods = pick(STOCK, random);
	const fraction = pick(FRACTIONS, random);
	const total = fraction.denominator * between(6, 40, random);
	const part = total / fraction.denominator;
	const more = between(2, Math.min(30, total - part - 1), random);
	if (difficulty === 1) {
		return {
			text: `A shop has ${total} ${goods}. It sells ${more} of them. How many ${goods} are left?`,
			answer: total - more,
			steps: 1,
			unitConversion: false,
			rate: false,
			mistakes: [total + more, total - more + 1, more],
			trace: [`${total} − ${more} = ${total - more}.`]
		};
	}
	const sells =
		difficulty === 2
			? `It sells ${fraction.word} of them in the morning.`
			: `It sells ${fraction.word} of them in the morning and ${more} more in the afternoon.`;
	const answer = total - part - (difficulty === 2 ? 0 : more);
	return {
		text: `A shop has ${total} ${goods}. ${sells} How many ${goods} are left?`,
		answer,
		steps: difficulty === 2 ? 2 : 3,
		unitConversion: false,
		rate: false,
		mistakes: [part, difficulty === 2 ? total - fraction.denominator : total - part, answer - more],
		trace: [
			`${fraction.word} of ${total} is ${part}.`,
			`${total} − ${part}${difficulty === 2 ? '' : ` − ${more}`} = ${answer}.`
		]
	};
}

const BUILDERS: Record<TemplateId, (name: string, difficulty: number, random: Random) => Problem> =
	{
		wage,
		shopping,
		speed,
		recipe,
		savings,
		tank,
		stock
	};

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(FAMILY_ID, difficulty, DIFFICULTIES);
	const random = createRandom(`${FAMILY_ID}/${seed}/${index}/${difficulty}`);
	const template = pick(TEMPLATES, random);
	const level = Math.min(3, Math.max(1, Math.round(difficulty)));
	const problem = BUILDERS[template](pick(FIRST_NAMES, random), level, random);
	const features: Record<string, FeatureValue> = {
		template,
		steps: problem.steps,
		unitConversion: problem.unitConversion,
		rate: problem.rate,
		decimalAnswer: !Number.isInteger(problem.answer)
	};
	const mistakes = [...new Set(problem.mistakes.map(cents))].filter(
		(x) => x !== problem.answer && x >= 0
	);
	return {
		id: `${FAMILY_ID}#${seed}-${index}`,
		input: problem.text,
		answer: problem.answer,
		meta: { difficulty, features, mistakes, trace: problem.trace }
	};
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;

function num(match: RegExpExecArray | null, group: number): number {
	const text = match?.[group];
	return text === undefined ? 0 : Number(text);
}

/** "2 hours and 30 minutes", "45 minutes", "3 hours" → hours. */
function parseHours(text: string): number {
	const h = /(\d+) hours?/.exec(text);
	const m = /(\d+) minutes?/.exec(text);
	if (!h && !m) throw new UnsolvableInputError(FAMILY_ID, `no duration in "${text}"`);
	return num(h, 1) + num(m, 1) / 60;
}

const FRACTION_WORDS: Record<string, number> = {
	half: 1 / 2,
	'a half': 1 / 2,
	'a third': 1 / 3,
	'a quarter': 1 / 4,
	'a fifth': 1 / 5
};

type Solver = (text: string) => number | undefined;

const SOLVERS: readonly Solver[] = [
	// Hourly wage × time worked.
	(text) => {
		const rate = new RegExp(String.raw`earns \$${NUM} an hour`).exec(text);
		const worked = /worked for ([^.?]+)[.?]/.exec(text);
		if (!rate || !worked) return undefined;
		return num(rate, 1) * parseHours(worked[1] ?? '');
	},
	// Items at a price each; optionally change from a bill.
	(text) => {
		const lines = [...text.matchAll(new RegExp(String.raw`(\d+) [a-z ]+? at \$${NUM} each`, 'g'))];
		if (lines.length === 0) return undefined;
		const total = lines.reduce((sum, m) => sum + Number(m[1]) * Number(m[2]), 0);
		const bill = new RegExp(String.raw`pays with an? \$${NUM} (?:bill|note)`).exec(text);
		return bill && /change/.test(text) ? num(bill, 1) - total : total;
	},
	// Speed × time.
	(text) => {
		const v = new RegExp(String.raw`travels at ${NUM} kilometres per hour`).exec(text);
		const t = /travel in ([^?]+)\?/.exec(text);
		if (!v || !t) return undefined;
		return num(v, 1) * parseHours(t[1] ?? '');
	},
	// Grams per unit × units, maybe in kilograms, maybe subtracted from a stock.
	(text) => {
		const per = new RegExp(String.raw`uses ${NUM} grams of (\w+) for one`).exec(text);
		const count = /bakes (\d+) /.exec(text);
		if (!per || !count) return undefined;
		const grams = num(per, 1) * num(count, 1);
		const stock = new RegExp(String.raw`has ${NUM} kilograms of`).exec(text);
		if (stock && /left\?/.test(text)) return num(stock, 1) - grams / 1000;
		return /How many kilograms/.test(text) ? grams / 1000 : grams;
	},
	// Savings: optional start + weekly amount × weeks (or days / 7).
	(text) => {
		const weekly = new RegExp(String.raw`saves \$${NUM} (?:more )?every week`).exec(text);
		const span = /after (\d+) (weeks?|days?)\?/.exec(text);
		if (!weekly || !span) return undefined;
		const start = new RegExp(String.raw`has \$${NUM} and saves`).exec(text);
		const weeks = span[2]?.startsWith('day') ? num(span, 1) / 7 : num(span, 1);
		return num(start, 1) + num(weekly, 1) * weeks;
	},
	// Filling: (capacity − already there) ÷ rate, in minutes or hours.
	(text) => {
		const rate = new RegExp(String.raw`at ${NUM} litres per minute`).exec(text);
		const capacity = new RegExp(String.raw`holds ${NUM} litres`).exec(text);
		if (!rate || !capacity) return undefined;
		const already = new RegExp(String.raw`already contains ${NUM} litres`).exec(text);
		const minutes = (num(capacity, 1) - num(already, 1)) / num(rate, 1);
		return /How many hours/.test(text) ? minutes / 60 : minutes;
	},
	// Stock: total − a fraction − a number sold.
	(text) => {
		const total = /has (\d+) ([a-z]+)\. It sells/.exec(text);
		if (!total) return undefined;
		const n = num(total, 1);
		const fraction = /sells (half|a half|a third|a quarter|a fifth) of them/.exec(text);
		const sold = /sells (\d+) of them|and (\d+) more/.exec(text);
		const part = fraction ? n * (FRACTION_WORDS[fraction[1] ?? ''] ?? 0) : 0;
		return n - part - num(sold, 1) - num(sold, 2);
	}
];

/** Finds the template whose wording the text uses and computes its answer, rounded to cents. */
function solve(input: string): JsonValue {
	for (const solver of SOLVERS) {
		const answer = solver(input);
		if (answer !== undefined) return cents(answer);
	}
	throw new UnsolvableInputError(FAMILY_ID, 'the text matches no known problem template');
}

export const wordProblems: TaskFamily = {
	id: FAMILY_ID,
	title: 'Arithmetic word problems',
	description:
		'Templated word problems about wages, shopping, speed, recipes, savings, tanks and stock, ' +
		'with unit conversions, rates and several steps.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: <number>'
	},
	generation: { maxTokens: 384, temperature: 0, stop: [] },
	grader: { type: 'numeric', marker: 'Answer:', absTol: 0.005 },
	initialSkill: '# Word problems\nRead the problem and compute the number it asks for.\n',
	defaultSizes: { train: 50, val: 25, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
