/**
 * Plain rows — an array of objects from JSONL, CSV (parsed in src/lib) or a JSON array — with a
 * column mapping step: which column is the input, which the gold answer, and a grader guessed
 * from the answers that the user can change before importing.
 */
import { isRecord } from '../format.ts';
import type { GraderSpec, JsonValue, PackItem, SplitName } from '../types.ts';
import { parseGoldNumber, problem } from './common.ts';
import type { PackIssue } from '../format.ts';

/** Which columns feed the item fields. */
export interface ColumnMapping {
	/** The column substituted for `{{input}}`. */
	input: string;
	/** The gold answer column; leave out for graders with no gold (regex, constraints, js). */
	answer?: string;
	/** A column of unique ids; without it ids are `${prefix}-${row number}`. */
	id?: string;
	/** A column naming the split (train / val / validation / dev / test). */
	split?: string;
}

export interface DetectedColumns {
	input?: string;
	answer?: string;
	id?: string;
	split?: string;
	/** Every column seen, in order of first appearance, for the mapping dropdowns. */
	candidates: string[];
}

const INPUT_NAMES = ['input', 'question', 'prompt'];
/** Answer columns by name, most specific first (`expected` and `gold` as in eval sheets). */
const ANSWER_NAMES = [
	'answer',
	'expected',
	'target',
	'ideal',
	'gold',
	'label',
	'solution',
	'ground_truth'
];

/** Finds likely input, answer, id and split columns by name (case-insensitive). */
export function detectColumns(rows: readonly unknown[]): DetectedColumns {
	const candidates: string[] = [];
	for (const row of rows)
		if (isRecord(row))
			for (const key of Object.keys(row)) if (!candidates.includes(key)) candidates.push(key);
	const find = (names: readonly string[]): string | undefined => {
		for (const name of names) {
			const hit = candidates.find((c) => c.trim().toLowerCase() === name);
			if (hit !== undefined) return hit;
		}
		return undefined;
	};
	const found: DetectedColumns = { candidates };
	const input = find(INPUT_NAMES);
	const answer = find(ANSWER_NAMES);
	const id = find(['id', '_id', 'uid', 'qid']);
	const split = find(['split']);
	if (input !== undefined) found.input = input;
	if (answer !== undefined) found.answer = answer;
	if (id !== undefined) found.id = id;
	if (split !== undefined) found.split = split;
	return found;
}

const CHOICE = /^\(?[A-R]\)?$/u;

/**
 * Guesses a grader from the gold answers: all numeric → `numeric`; all option letters such as
 * `B` or `(B)` → `choice`; otherwise `exact`. Arrays count as aliases; empty golds are ignored.
 */
export function guessGrader(answers: readonly unknown[]): GraderSpec {
	const values = answers
		.flatMap((a) => (Array.isArray(a) ? a : [a]))
		.filter((a) => a !== undefined && a !== null && a !== '');
	if (values.length === 0) return { type: 'exact' };
	if (values.every((v) => parseGoldNumber(v) !== undefined)) return { type: 'numeric' };
	if (values.every((v) => typeof v === 'string' && CHOICE.test(v.trim())))
		return { type: 'choice' };
	return { type: 'exact' };
}

const SPLIT_ALIASES: Record<string, SplitName> = {
	train: 'train',
	training: 'train',
	val: 'val',
	valid: 'val',
	validation: 'val',
	dev: 'val',
	test: 'test',
	testing: 'test'
};

function cellText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

/** A gold cell as JSON: text trimmed, lists kept as aliases, empty cells as missing. */
function cellAnswer(value: unknown): JsonValue | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/**
 * Turns rows into items with a mapping. Row numbers in messages count from 1 (the first data
 * row), as a person reading the file counts them.
 */
export function rowsToItems(
	rows: readonly unknown[],
	mapping: ColumnMapping,
	idPrefix = 'row'
): { items: PackItem[]; errors: PackIssue[] } {
	const items: PackItem[] = [];
	const errors: PackIssue[] = [];
	const ids = new Map<string, number>();
	rows.forEach((row, i) => {
		const where = `row ${i + 1}`;
		if (!isRecord(row)) {
			errors.push(problem('bad-row', `${where}: is not an object with columns`));
			return;
		}
		const input = cellText(row[mapping.input]);
		if (input === undefined || input.trim() === '') {
			errors.push(problem('missing-input', `${where}: empty input in column '${mapping.input}'`));
			return;
		}
		let id = `${idPrefix}-${i + 1}`;
		if (mapping.id !== undefined) {
			const own = cellText(row[mapping.id]);
			if (own === undefined || own.trim() === '') {
				errors.push(problem('missing-id', `${where}: empty id in column '${mapping.id}'`));
				return;
			}
			id = own.trim();
		}
		const first = ids.get(id);
		if (first !== undefined) {
			errors.push(problem('duplicate-id', `${where}: duplicate id '${id}' (also row ${first})`));
			return;
		}
		ids.set(id, i + 1);
		const item: PackItem = { id, input };
		if (mapping.answer !== undefined) {
			const answer = cellAnswer(row[mapping.answer]);
			if (answer === undefined) {
				errors.push(
					problem('missing-answer', `${where}: empty answer in column '${mapping.answer}'`)
				);
				return;
			}
			item.answer = answer;
		}
		if (mapping.split !== undefined) {
			const raw = cellText(row[mapping.split])?.trim().toLowerCase() ?? '';
			const split = SPLIT_ALIASES[raw];
			if (split === undefined && raw !== '') {
				errors.push(
					problem(
						'bad-split',
						`${where}: split '${raw}' in column '${mapping.split}' is not train, val or test`
					)
				);
				return;
			}
			if (split !== undefined) item.split = split;
		}
		items.push(item);
	});
	return { items, errors };
}
