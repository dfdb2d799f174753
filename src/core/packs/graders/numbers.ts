/**
 * Reads numbers the way people and small models write them: `1,234`, `$5`, `€5`, `-3`, `0.5`,
 * `3/4`, `12%`. One tokenizer serves the numeric grader, json_fields numbers given as strings and
 * the gold answers themselves, so the gold and the output are always read alike.
 */

/** One number found in a text. */
export interface FoundNumber {
	value: number;
	/** The text it was read from, as written (for explanations). */
	text: string;
	index: number;
}

export interface NumberOptions {
	/** Read `12%` as 0.12 instead of 12. */
	percentAsFraction?: boolean;
}

// A number token. Thousands groups need exactly three digits, so `1,2,3` is three numbers.
// A fraction's denominator must not run on into another `/` (so `08/03/2025` is not a fraction),
// and a token never starts inside a word, another number or after a `/`.
const NUMBER =
	/(?<![\p{L}\p{N}/])(-)?([$€£¥])?(-)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\/(\d+)(?![\d/]))?(\s?%)?/gu;

/** Replaces the characters that look like digits or minus signs with ASCII ones. */
export function asciiDigits(text: string): string {
	return text.normalize('NFKC').replace(/[\u2212\u2012\u2013\uFE63\uFF0D]/gu, '-');
}

/** Every number in `text`, in order. */
export function findNumbers(text: string, options: NumberOptions = {}): FoundNumber[] {
	const found: FoundNumber[] = [];
	const source = asciiDigits(text);
	for (const match of source.matchAll(NUMBER)) {
		const [whole, minusBefore, , minusAfter, digits = '', denominator, percent] = match;
		let value = Number(digits.replace(/,/gu, ''));
		if (denominator !== undefined) {
			// Only a whole numerator makes a fraction; `1.5/2` is left as 1.5 then 2.
			if (digits.includes('.') || digits.includes(',')) continue;
			const below = Number(denominator);
			if (below === 0) continue;
			value /= below;
		}
		if (minusBefore !== undefined || minusAfter !== undefined) value = -value;
		if (percent !== undefined && options.percentAsFraction === true) value /= 100;
		if (Number.isFinite(value)) found.push({ value, text: whole.trim(), index: match.index });
	}
	return found;
}

/** The last number in `text`, if any. */
export function lastNumber(text: string, options: NumberOptions = {}): FoundNumber | undefined {
	return findNumbers(text, options).at(-1);
}

/**
 * `text` read as a single number (a gold answer, a JSON string field): the only number in it, once
 * surrounding markdown, quotes and a trailing full stop are ignored. `undefined` otherwise.
 */
export function parseNumber(text: string, options: NumberOptions = {}): number | undefined {
	const stripped = asciiDigits(text)
		.trim()
		.replace(/^[*_`"'\s]+|[*_`"'\s.]+$/gu, '');
	const numbers = findNumbers(stripped, options);
	const only = numbers[0];
	if (numbers.length !== 1 || only === undefined) return undefined;
	// Nothing but the number itself (and currency/percent, which the token includes).
	const rest = stripped.slice(0, only.index) + stripped.slice(only.index + only.text.length);
	return rest.trim() === '' ? only.value : undefined;
}

/** A short display form: integers as written, other values to 12 significant digits. */
export function formatNumber(value: number): string {
	if (Number.isInteger(value)) return String(value);
	return String(Number(value.toPrecision(12)));
}

/** Whether `actual` is within tolerance of `expected`: the larger of absTol, relTol·|expected|. */
export function withinTolerance(actual: number, expected: number, absTol = 0, relTol = 0): boolean {
	// Exact by default, up to floating-point noise (0.1 + 0.2 against 0.3).
	const tolerance = Math.max(
		absTol,
		relTol * Math.abs(expected),
		1e-9 * Math.max(1, Math.abs(expected))
	);
	return Math.abs(actual - expected) <= tolerance;
}
