/**
 * The `date-arithmetic` family: "Today is 07/03/2001 (written DD/MM/YYYY). What was the date one
 * month ago?" with six dated options, in the style of BIG-Bench-Hard's date understanding.
 *
 * Small models fail these in a few recurring ways — reading the day and month the wrong way
 * round, forgetting month lengths and leap days, anchoring on "yesterday" instead of today — so
 * items are built to exercise those traps, and the wrong options are exactly those mistakes. The
 * calendar helpers are exported because order-to-json parses dates too.
 */
import { createRandom, shuffled } from '../../random.ts';
import type { Random } from '../../ports.ts';
import type { FeatureValue, JsonValue, PackItem, TaskFamily } from '../types.ts';
import { NUMBER_WORDS } from './vocab.ts';
import { UnsolvableInputError, checkDifficulty } from './family-kit.ts';

const FAMILY_ID = 'date-arithmetic';
const DIFFICULTIES: readonly number[] = [1, 2, 3];
const LETTERS = 'ABCDEF';

/** A calendar date; `m` is 1..12. */
export interface Ymd {
	y: number;
	m: number;
	d: number;
}

export const MONTH_NAMES: readonly string[] = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

/** Gregorian rule: every 4th year, except centuries not divisible by 400. */
export function isLeapYear(y: number): boolean {
	return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
	if (m === 2) return isLeapYear(y) ? 29 : 28;
	return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** True when the parts name a real date. */
export function isValidYmd(y: number, m: number, d: number): boolean {
	return Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** `YYYY-MM-DD`. */
export function toIso(date: Ymd): string {
	return `${String(date.y).padStart(4, '0')}-${pad2(date.m)}-${pad2(date.d)}`;
}

// Days since 1970-01-01 and back (proleptic Gregorian), so day offsets need no loops.
function toDayNumber({ y, m, d }: Ymd): number {
	const yy = m <= 2 ? y - 1 : y;
	const era = Math.floor(yy / 400);
	const yoe = yy - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

function fromDayNumber(n: number): Ymd {
	const z = n + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

export function addDays(date: Ymd, days: number): Ymd {
	return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar months; a day that does not exist in the target month becomes its last day. */
export function addMonths(date: Ymd, months: number): Ymd {
	const total = date.y * 12 + (date.m - 1) + months;
	const y = Math.floor(total / 12);
	const m = total - y * 12 + 1;
	return { y, m, d: Math.min(date.d, daysInMonth(y, m)) };
}

/** Date arithmetic units the questions use. */
export type DateUnit = 'day' | 'week' | 'month' | 'year';

export function shiftDate(date: Ymd, unit: DateUnit, amount: number): Ymd {
	switch (unit) {
		case 'day':
			return addDays(date, amount);
		case 'week':
			return addDays(date, 7 * amount);
		case 'month':
			return addMonths(date, amount);
		case 'year':
			return addMonths(date, 12 * amount);
	}
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

function sameYmd(a: Ymd, b: Ymd): boolean {
	return a.y === b.y && a.m === b.m && a.d === b.d;
}

/** How the input writes its anchor date. */
export type InputFormat = 'MM/DD' | 'DD/MM' | 'written' | 'ISO';
type Anchor = 'today' | 'yesterday' | 'tomorrow';

function writeDate(date: Ymd, format: InputFormat): string {
	switch (format) {
		case 'MM/DD':
			return `${pad2(date.m)}/${pad2(date.d)}/${date.y}`;
		case 'DD/MM':
			return `${pad2(date.d)}/${pad2(date.m)}/${date.y}`;
		case 'written':
			return `${MONTH_NAMES[date.m - 1] ?? ''} ${date.d}, ${date.y}`;
		case 'ISO':
			return toIso(date);
	}
}

const ANCHOR_SENTENCE: Record<Anchor, string> = {
	today: 'Today is',
	yesterday: 'Yesterday was',
	tomorrow: 'Tomorrow will be'
};
const ANCHOR_OFFSET: Record<Anchor, number> = { today: 0, yesterday: 1, tomorrow: -1 };

function countWord(n: number, random: Random): string {
	const word = NUMBER_WORDS[n];
	return word !== undefined && n <= 10 && random.next() < 0.5 ? word : String(n);
}

function questionText(unit: DateUnit, amount: number, random: Random): string {
	if (unit === 'day' && amount === 1) return 'What is the date tomorrow?';
	if (unit === 'day' && amount === -1) return 'What was the date yesterday?';
	const n = Math.abs(amount);
	const count = n === 1 ? 'one' : countWord(n, random);
	const noun = n === 1 ? unit : `${unit}s`;
	return amount > 0
		? `What is the date ${count} ${noun} from today?`
		: `What was the date ${count} ${noun} ago?`;
}

export interface Operation {
	unit: DateUnit;
	amount: number;
}

function pickOperation(difficulty: number, random: Random): Operation {
	const sign = random.next() < 0.5 ? -1 : 1;
	const units: DateUnit[] =
		difficulty <= 1
			? ['day', 'day', 'week']
			: difficulty === 2
				? ['day', 'week', 'month']
				: ['day', 'week', 'month', 'year'];
	const unit = units[random.int(units.length)] ?? 'day';
	const maxByUnit: Record<DateUnit, number> = {
		day: difficulty <= 1 ? 10 : 40,
		week: difficulty <= 1 ? 1 : 4,
		month: difficulty <= 2 ? 3 : 14,
		year: 5
	};
	return { unit, amount: sign * (1 + random.int(maxByUnit[unit])) };
}

function pickFormat(difficulty: number, random: Random): InputFormat {
	const formats: InputFormat[] =
		difficulty <= 1
			? ['MM/DD', 'MM/DD', 'written']
			: difficulty === 2
				? ['MM/DD', 'DD/MM', 'written', 'ISO']
				: ['MM/DD', 'DD/MM', 'DD/MM', 'written', 'ISO'];
	return formats[random.int(formats.length)] ?? 'MM/DD';
}

/** Today's date, biased towards the traps: month ends, leap Februaries, ambiguous day/month. */
function pickToday(difficulty: number, format: InputFormat, random: Random): Ymd {
	const roll = random.next();
	if (difficulty >= 3 && roll < 0.25) {
		const y = 4 * (490 + random.int(25));
		const around = addDays({ y, m: 3, d: 1 }, random.int(9) - 5);
		return around;
	}
	const y = 1950 + random.int(81);
	const m = 1 + random.int(12);
	if (difficulty >= 2 && roll < 0.55) return { y, m, d: daysInMonth(y, m) - random.int(3) };
	// DD/MM items mostly use days that could also be months, so reading the format matters.
	const maxDay = format === 'DD/MM' && roll < 0.85 ? 12 : daysInMonth(y, m);
	return { y, m, d: 1 + random.int(maxDay) };
}

/** The closed date range [a, b] (either order) contains a 29 February. */
function spansLeapDay(a: Ymd, b: Ymd): boolean {
	const [lo, hi] = toDayNumber(a) <= toDayNumber(b) ? [a, b] : [b, a];
	for (let y = lo.y; y <= hi.y; y++) {
		if (!isLeapYear(y)) continue;
		const n = toDayNumber({ y, m: 2, d: 29 });
		if (n >= toDayNumber(lo) && n <= toDayNumber(hi)) return true;
	}
	return false;
}

function writeOption(date: Ymd): string {
	return writeDate(date, 'MM/DD');
}

/** Wrong results a person or a small model plausibly reaches, most plausible first. */
export function dateMistakes(
	today: Ymd,
	anchorDate: Ymd,
	op: Operation,
	format: InputFormat,
	gold: Ymd
): Ymd[] {
	const out: Ymd[] = [];
	if (
		(format === 'DD/MM' || format === 'MM/DD') &&
		isValidYmd(anchorDate.y, anchorDate.d, anchorDate.m)
	) {
		const misread: Ymd = { y: anchorDate.y, m: anchorDate.d, d: anchorDate.m };
		const offset = toDayNumber(today) - toDayNumber(anchorDate);
		out.push(shiftDate(addDays(misread, offset), op.unit, op.amount));
	}
	if (!sameYmd(today, anchorDate)) out.push(shiftDate(anchorDate, op.unit, op.amount));
	if (op.unit === 'month' || op.unit === 'year') {
		// Overflow instead of clamping, as JavaScript's Date does: 31 Jan + 1 month = 2/3 March.
		const clamped = shiftDate(today, op.unit, op.amount);
		const overflow = addDays({ ...clamped, d: 1 }, today.d - 1);
		out.push(overflow);
	}
	out.push(addDays(gold, op.amount > 0 ? -1 : 1));
	out.push(shiftDate(today, op.unit, -op.amount));
	if (isValidYmd(gold.y, gold.d, gold.m)) out.push({ y: gold.y, m: gold.d, d: gold.m });
	out.push(addDays(gold, op.amount > 0 ? 1 : -1));
	out.push({ ...gold, y: gold.y + (op.amount > 0 ? -1 : 1) });
	return out.filter((date) => isValidYmd(date.y, date.m, date.d));
}

function generate(seed: number, index: number, difficulty: number): PackItem {
	checkDifficulty(FAMILY_ID, difficulty, DIFFICULTIES);
	const random = createRandom(`${FAMILY_ID}/${seed}/${index}/${difficulty}`);
	const format = pickFormat(difficulty, random);
	const today = pickToday(difficulty, format, random);
	const anchors: Anchor[] =
		difficulty >= 3 ? ['today', 'today', 'yesterday', 'tomorrow'] : ['today'];
	const anchor = anchors[random.int(anchors.length)] ?? 'today';
	const anchorDate = addDays(today, -ANCHOR_OFFSET[anchor]);
	const op = pickOperation(difficulty, random);
	const gold = shiftDate(today, op.unit, op.amount);

	const goldText = writeOption(gold);
	const wrong: string[] = [];
	for (const date of dateMistakes(today, anchorDate, op, format, gold)) {
		const text = writeOption(date);
		if (text !== goldText && !wrong.includes(text)) wrong.push(text);
	}
	const plausible = wrong.slice(0, LETTERS.length - 1);
	while (plausible.length < LETTERS.length - 1) {
		const offset = (2 + random.int(40)) * (random.next() < 0.5 ? -1 : 1);
		const text = writeOption(addDays(gold, offset));
		if (text !== goldText && !plausible.includes(text)) plausible.push(text);
	}
	const options = shuffled([goldText, ...plausible], random);
	const choices: Record<string, string> = {};
	options.forEach((text, i) => (choices[LETTERS.charAt(i)] = text));
	const letterOf = (text: string): string => `(${LETTERS.charAt(options.indexOf(text))})`;

	const clampNote =
		op.unit === 'month' || op.unit === 'year'
			? ' If that day does not exist in the resulting month, use the last day of that month.'
			: '';
	const formatNote =
		format === 'DD/MM' || format === 'MM/DD' ? ` The date above is written ${format}/YYYY.` : '';
	const input =
		`${ANCHOR_SENTENCE[anchor]} ${writeDate(anchorDate, format)}.${formatNote} ` +
		`${questionText(op.unit, op.amount, random)} Give the answer as MM/DD/YYYY.${clampNote}\n` +
		`Options:\n${options.map((text, i) => `(${LETTERS.charAt(i)}) ${text}`).join('\n')}`;

	const clamped = (op.unit === 'month' || op.unit === 'year') && gold.d !== today.d;
	const leapDay =
		op.unit === 'day' || op.unit === 'week'
			? spansLeapDay(anchorDate, gold)
			: (today.m === 2 && today.d === 29) ||
				(gold.m === 2 && gold.d === 29) ||
				(clamped && gold.m === 2);
	const features: Record<string, FeatureValue> = {
		inputFormat: format,
		anchor,
		operation: op.unit,
		direction: op.amount > 0 ? 'forward' : 'back',
		amount: Math.abs(op.amount),
		crossesMonthEnd: gold.m !== anchorDate.m || gold.y !== anchorDate.y,
		leapDay,
		clamped,
		dayMonthAmbiguous: anchorDate.d <= 12 && anchorDate.d !== anchorDate.m
	};
	return {
		id: `${FAMILY_ID}#${seed}-${index}`,
		input,
		answer: letterOf(goldText),
		choices,
		meta: {
			difficulty,
			features,
			mistakes: plausible.slice(0, 4).map(letterOf),
			trace: [
				`${ANCHOR_SENTENCE[anchor]} ${writeDate(anchorDate, format)}, so today is ${toIso(today)}.`,
				`${op.amount > 0 ? 'Add' : 'Subtract'} ${Math.abs(op.amount)} ${op.unit}(s): ${toIso(gold)}.`,
				`In MM/DD/YYYY that is ${goldText}.`
			]
		}
	};
}

function parseCount(word: string): number {
	const lower = word.toLowerCase();
	if (lower === 'a' || lower === 'an') return 1;
	const asWord = NUMBER_WORDS.indexOf(lower);
	if (asWord >= 0) return asWord;
	const n = Number(lower);
	if (!Number.isInteger(n)) throw new UnsolvableInputError(FAMILY_ID, `not a count: "${word}"`);
	return n;
}

/** Parses a date as written in the input; slashed dates follow `slashFormat`. */
function parseDate(text: string, slashFormat: 'MM/DD' | 'DD/MM'): Ymd {
	let m: RegExpMatchArray | null;
	let date: Ymd | undefined;
	if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text))) {
		const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
		date = slashFormat === 'MM/DD' ? { y, m: a, d: b } : { y, m: b, d: a };
	} else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) {
		date = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
	} else if ((m = /^([A-Z][a-z]+) (\d{1,2}), (\d{4})$/.exec(text))) {
		date = { y: Number(m[3]), m: MONTH_NAMES.indexOf(m[1] ?? '') + 1, d: Number(m[2]) };
	}
	if (!date || !isValidYmd(date.y, date.m, date.d))
		throw new UnsolvableInputError(FAMILY_ID, `not a date: "${text}"`);
	return date;
}

const DATE_PATTERN = String.raw`\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2}, \d{4}`;

function parseQuestion(phrase: string): Operation {
	const lower = phrase.toLowerCase().trim();
	if (lower === 'tomorrow') return { unit: 'day', amount: 1 };
	if (lower === 'yesterday') return { unit: 'day', amount: -1 };
	const m = /^(\w+) (day|week|month|year)s? (ago|before today|from today|after today|later)$/.exec(
		lower
	);
	if (!m) throw new UnsolvableInputError(FAMILY_ID, `unknown question: "${phrase}"`);
	const n = parseCount(m[1] ?? '');
	const back = m[3] === 'ago' || m[3] === 'before today';
	return { unit: m[2] as DateUnit, amount: back ? -n : n };
}

/** A date question as read back from its text. */
export interface DateQuestion {
	/** The date the text states, and the actual today it implies. */
	anchorDate: Ymd;
	today: Ymd;
	inputFormat: InputFormat;
	operation: { unit: DateUnit; amount: number };
	/** The options whose text is a date, in order. */
	options: { letter: string; date: Ymd }[];
}

/** Reads the anchor, its format, the question and the options from the text. */
export function readDateQuestion(input: string): DateQuestion {
	const anchorMatch = new RegExp(
		`(Today is|Yesterday was|Tomorrow will be) (${DATE_PATTERN})`
	).exec(input);
	if (!anchorMatch) throw new UnsolvableInputError(FAMILY_ID, 'no anchor date ("Today is ...")');
	const anchorText = anchorMatch[2] ?? '';
	const stated = /written (DD\/MM|MM\/DD)\/YYYY/.exec(input);
	const slash = stated?.[1] === 'DD/MM' ? 'DD/MM' : 'MM/DD';
	const inputFormat: InputFormat = anchorText.includes('/')
		? slash
		: anchorText.includes('-')
			? 'ISO'
			: 'written';
	const anchorDate = parseDate(anchorText, slash);
	const anchorWord = (anchorMatch[1] ?? '').split(' ')[0]?.toLowerCase();
	const today = addDays(
		anchorDate,
		anchorWord === 'yesterday' ? 1 : anchorWord === 'tomorrow' ? -1 : 0
	);

	const question = /What (?:is|was|will be) the date ([^?]+)\?/.exec(input);
	if (!question) throw new UnsolvableInputError(FAMILY_ID, 'no question ("What is the date ...?")');
	const operation = parseQuestion(question[1] ?? '');

	const outFormat =
		/answer as (MM\/DD|DD\/MM)\/YYYY/.exec(input)?.[1] === 'DD/MM' ? 'DD/MM' : 'MM/DD';
	const options: DateQuestion['options'] = [];
	for (const line of input.split('\n')) {
		const option = /^\s*\(([A-Z])\)\s*(\S+)\s*$/.exec(line);
		const text = option?.[2] ?? '';
		if (!option || !new RegExp(`^(?:${DATE_PATTERN})$`).test(text)) continue;
		// An option that is no real date (02/30/2021) can never be the answer: skip it.
		try {
			options.push({ letter: option[1] ?? '', date: parseDate(text, outFormat) });
		} catch {
			continue;
		}
	}
	return { anchorDate, today, inputFormat, operation, options };
}

/** The letter, as "(X)", of the option showing `date`, if any. */
export function optionFor(question: DateQuestion, date: Ymd): string | undefined {
	const option = question.options.find((o) => sameYmd(o.date, date));
	return option ? `(${option.letter})` : undefined;
}

/** The correct result of a question read from text. */
export function resultOf(question: DateQuestion): Ymd {
	return shiftDate(question.today, question.operation.unit, question.operation.amount);
}

/** Solves from the text alone; returns "(X)". */
function solve(input: string): JsonValue {
	const question = readDateQuestion(input);
	const result = resultOf(question);
	const letter = optionFor(question, result);
	if (letter === undefined)
		throw new UnsolvableInputError(FAMILY_ID, `no option equals ${toIso(result)}`);
	return letter;
}

export const dateArithmetic: TaskFamily = {
	id: FAMILY_ID,
	title: 'Date arithmetic',
	description:
		'Shift a date by days, weeks, months or years and pick the result among six options; ' +
		'the input date may be written day-first.',
	prompt: {
		template: '{{input}}\n\n{{contract}}',
		contract: 'Finish with a final line: Answer: (<letter>)'
	},
	generation: { maxTokens: 256, temperature: 0, stop: [] },
	grader: { type: 'choice', marker: 'Answer:', letters: LETTERS },
	initialSkill: '# Dates\nWork out the date the question asks for and pick the matching option.\n',
	defaultSizes: { train: 60, val: 40, test: 100 },
	difficulties: DIFFICULTIES,
	defaultDifficulty: 2,
	generate,
	solve
};
