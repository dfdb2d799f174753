/**
 * Reads calendar dates for json_fields `date` fields and returns ISO `YYYY-MM-DD`.
 *
 * Accepted: ISO `2025-08-03`, `2025/08/03`, and month-name forms in either order with optional
 * weekday, ordinal suffix, "of" and commas (`3 Aug 2025`, `3rd of August, 2025`,
 * `Sunday, August 3, 2025`). All-numeric day/month forms such as `08/03/2025` are refused: they
 * mean different dates in different countries, and guessing would hide real mistakes.
 */

const MONTHS = [
	'jan',
	'feb',
	'mar',
	'apr',
	'may',
	'jun',
	'jul',
	'aug',
	'sep',
	'oct',
	'nov',
	'dec'
] as const;

function monthNumber(name: string): number | undefined {
	const lower = name.toLowerCase().replace(/\.$/u, '');
	if (lower === 'sept') return 9;
	const index = MONTHS.findIndex((m) => lower.startsWith(m));
	if (index < 0) return undefined;
	// Either the three-letter abbreviation or a prefix of the full English name.
	const full = [
		'january',
		'february',
		'march',
		'april',
		'may',
		'june',
		'july',
		'august',
		'september',
		'october',
		'november',
		'december'
	][index];
	return full !== undefined && full.startsWith(lower) ? index + 1 : undefined;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function iso(year: number, month: number, day: number): string | undefined {
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
	const pad = (n: number, width: number): string => String(n).padStart(width, '0');
	return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/iu;
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const MONTH = '([A-Za-z]{3,9}\\.?)';
const DAY_MONTH_YEAR = new RegExp(`^${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})$`, 'iu');
const MONTH_DAY_YEAR = new RegExp(`^${MONTH}\\s+${DAY},?\\s+(\\d{4})$`, 'iu');

/** True when `text` is already a valid ISO calendar date `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
	if (match === null) return false;
	return iso(Number(match[1]), Number(match[2]), Number(match[3])) === text;
}

/** `text` as an ISO date, or `undefined` when it is not a date in an unambiguous format. */
export function parseDate(text: string): string | undefined {
	const value = text.normalize('NFKC').trim().replace(/\s+/gu, ' ').replace(WEEKDAY, '');
	const numeric = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/u.exec(value);
	if (numeric !== null) return iso(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
	const dmy = DAY_MONTH_YEAR.exec(value);
	if (dmy !== null) {
		const month = monthNumber(dmy[2] ?? '');
		return month === undefined ? undefined : iso(Number(dmy[3]), month, Number(dmy[1]));
	}
	const mdy = MONTH_DAY_YEAR.exec(value);
	if (mdy !== null) {
		const month = monthNumber(mdy[1] ?? '');
		return month === undefined ? undefined : iso(Number(mdy[3]), month, Number(mdy[2]));
	}
	return undefined;
}
