/**
 * The `json_fields` grader for text-to-JSON extraction: each named field of the output object is
 * compared with the gold object by its declared type, and the object's shape is checked.
 *
 * Settled semantics:
 * - `string`: trimmed, case-sensitive. `number`: a JSON number within absTol. `date`: an ISO
 *   `YYYY-MM-DD` string (the gold may be in any format dates.ts reads). `noun`: case- and
 *   plural-insensitive. `list`: an array compared as a set of trimmed, case-insensitive strings.
 *   A gold `null` (or a gold without the field) wants an explicit `null`.
 * - `strictTypes` (default true): when false, numbers may be numeric strings (`"$99.60"`), dates
 *   any format dates.ts reads, lists comma-separated strings, strings plain numbers.
 * - `requireBare` (default false): bare means the output is nothing but the object after
 *   trimming; a fenced block or an object inside prose fails the shape. When false, the object
 *   may be fenced or embedded, but there must be only one.
 * - `noExtraKeys` (default false): keys beyond `fields` fail the shape.
 * hard = every field right and the shape ok; soft = fraction of fields right, shape ignored.
 */

import type { GraderSpec, JsonFieldType, JsonValue } from '../types.ts';
import { isIsoDate, parseDate } from './dates.ts';
import { GraderError } from './errors.ts';
import { findJsonObject, type JsonObject } from './json-find.ts';
import { nounsEqual } from './nouns.ts';
import { formatNumber, parseNumber, withinTolerance } from './numbers.ts';
import { checkTolerance } from './numeric.ts';
import { show, result } from './text.ts';
import type { GradeFn } from './types.ts';

type JsonFieldsSpec = Extract<GraderSpec, { type: 'json_fields' }>;

const FIELD_TYPES: readonly JsonFieldType[] = ['string', 'number', 'date', 'noun', 'list'];

interface FieldRules {
	strict: boolean;
	absTol: number;
}

/** Builds the json_fields grader; throws GraderError for unknown field types or tolerances. */
export function buildJsonFields(spec: JsonFieldsSpec): GradeFn {
	const fields = checkFields(spec.fields);
	checkTolerance('json_fields', 'absTol', spec.absTol);
	const rules: FieldRules = { strict: spec.strictTypes ?? true, absTol: spec.absTol ?? 0 };

	return (output, item) => {
		const gold = item.answer;
		if (typeof gold !== 'object' || gold === null || Array.isArray(gold)) {
			return result(0, 0, 'item has no gold JSON object');
		}
		const found = findJsonObject(output);
		if (found === undefined) return result(0, 0, 'no JSON object in the output');

		const shape: string[] = [];
		if (spec.requireBare === true && found.how !== 'bare') {
			shape.push(`JSON is ${found.how === 'fenced' ? 'fenced' : 'inside prose'}, not bare`);
		}
		if (found.count > 1) shape.push(`${found.count} JSON objects, graded the last`);
		if (spec.noExtraKeys === true) {
			const extra = Object.keys(found.object).filter((key) => !Object.hasOwn(spec.fields, key));
			if (extra.length > 0)
				shape.push(`extra key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`);
		}

		const problems: string[] = [];
		for (const [name, type] of fields) {
			const problem = checkField(name, type, gold[name], found.object, rules);
			if (problem !== undefined) problems.push(problem);
		}
		const right = fields.length - problems.length;
		const soft = fields.length === 0 ? Number(shape.length === 0) : right / fields.length;
		const hard = problems.length === 0 && shape.length === 0;
		if (hard) return result(1, 1, `all ${fields.length} fields right (${found.how} JSON)`);
		const summary =
			problems.length === 0
				? `all ${fields.length} fields right`
				: `${right}/${fields.length} fields right`;
		return result(0, soft, [...problems, ...shape, summary].join('; '));
	};
}

function checkFields(fields: unknown): Array<[string, JsonFieldType]> {
	if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
		throw new GraderError('json_fields grader: fields must be an object of name → type');
	}
	const entries = Object.entries(fields as Record<string, unknown>);
	if (entries.length === 0) throw new GraderError('json_fields grader: fields is empty');
	return entries.map(([name, type]) => {
		const known = FIELD_TYPES.find((t) => t === type);
		if (known === undefined) {
			throw new GraderError(
				`json_fields grader: field ${name} has unknown type ${JSON.stringify(type)} (use ${FIELD_TYPES.join(', ')})`
			);
		}
		return [name, known];
	});
}

function display(value: JsonValue | undefined): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'number') return formatNumber(value);
	return show(JSON.stringify(value), 30);
}

/** One field against its gold; `undefined` when right, else a short reason. */
function checkField(
	name: string,
	type: JsonFieldType,
	gold: JsonValue | undefined,
	object: JsonObject,
	rules: FieldRules
): string | undefined {
	if (!Object.hasOwn(object, name)) return `missing field ${name}`;
	const value = object[name];
	if (gold === undefined || gold === null) {
		return value === null ? undefined : `${name} should be null, found ${display(value)}`;
	}
	if (value === null || value === undefined) return `${name} is null, expected ${display(gold)}`;
	const mismatch = `${name} ${display(value)} ≠ ${display(gold)}`;
	switch (type) {
		case 'string': {
			const text = asText(value, rules.strict);
			if (text === undefined) return `${name} is not a string (${display(value)})`;
			return text.trim() === String(gold).trim() ? undefined : mismatch;
		}
		case 'number': {
			const expected = typeof gold === 'number' ? gold : parseNumber(String(gold));
			if (expected === undefined) return `gold ${name} is not a number`;
			if (typeof value === 'string' && rules.strict) {
				return `${name} is a string (${display(value)}), expected the number ${formatNumber(expected)}`;
			}
			const actual =
				typeof value === 'number'
					? value
					: typeof value === 'string'
						? parseNumber(value)
						: undefined;
			if (actual === undefined) return `${name} is not a number (${display(value)})`;
			return withinTolerance(actual, expected, rules.absTol) ? undefined : mismatch;
		}
		case 'date': {
			const expected = typeof gold === 'string' ? parseDate(gold) : undefined;
			if (expected === undefined) return `gold ${name} is not a date`;
			if (typeof value !== 'string') return `${name} is not a date string (${display(value)})`;
			const actual = parseDate(value);
			if (actual !== expected) return mismatch;
			if (rules.strict && !isIsoDate(value.trim())) {
				return `${name} ${display(value)} is not ISO YYYY-MM-DD`;
			}
			return undefined;
		}
		case 'noun': {
			const text = asText(value, rules.strict);
			if (text === undefined) return `${name} is not a string (${display(value)})`;
			return nounsEqual(text, String(gold)) ? undefined : mismatch;
		}
		case 'list':
			return compareLists(name, value, gold, rules.strict);
	}
}

function asText(value: JsonValue, strict: boolean): string | undefined {
	if (typeof value === 'string') return value;
	if (!strict && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
	return undefined;
}

function listItems(value: JsonValue, allowString: boolean): string[] | undefined {
	const key = (text: string): string =>
		text.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
	if (Array.isArray(value)) {
		if (value.some((v) => typeof v === 'object' && v !== null)) return undefined;
		return value.map((v) => key(String(v))).filter((v) => v !== '');
	}
	if (allowString && typeof value === 'string') {
		return value
			.split(',')
			.map(key)
			.filter((v) => v !== '');
	}
	return undefined;
}

function compareLists(
	name: string,
	value: JsonValue,
	gold: JsonValue,
	strict: boolean
): string | undefined {
	const expected = listItems(gold, true);
	if (expected === undefined) return `gold ${name} is not a list`;
	const actual = listItems(value, !strict);
	if (actual === undefined) return `${name} is not a list (${display(value)})`;
	const want = new Set(expected);
	const have = new Set(actual);
	const missing = [...want].filter((v) => !have.has(v));
	const extra = [...have].filter((v) => !want.has(v));
	if (missing.length === 0 && extra.length === 0) return undefined;
	const parts = [
		missing.length > 0 ? `missing ${missing.map((v) => show(v, 20)).join(', ')}` : '',
		extra.length > 0 ? `extra ${extra.map((v) => show(v, 20)).join(', ')}` : ''
	].filter((p) => p !== '');
	return `${name} list ${parts.join(', ')}`;
}
