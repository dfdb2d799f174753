/**
 * OpenAI evals `samples.jsonl`: `{"input": [chat messages] | text, "ideal": text | [texts]}`.
 * The grader mirrors the eval class the samples were written for (the user picks it, since the
 * class lives in the eval's YAML, not in the samples):
 * - Match: the output starts with an ideal → a per-item `regex ^\s*(?:ideal|…)`;
 * - Includes: the output contains an ideal → a per-item `regex (?:ideal|…)`;
 * - FuzzyMatch: normalised comparison → `exact` (case- and space-insensitive) on the Answer line;
 * - JsonMatch: the ideal is JSON → `json_fields` with the fields of the ideal object.
 */
import type { PackIssue } from '../format.ts';
import { isRecord } from '../format.ts';
import type { ChatMessage, GraderSpec, JsonFieldType, JsonValue, PackItem } from '../types.ts';
import type { Adapted } from './common.ts';
import { contractFor, escapeRegExp, INPUT_TEMPLATE, problem } from './common.ts';

export type EvalClass = 'Match' | 'Includes' | 'FuzzyMatch' | 'JsonMatch';
export const EVAL_CLASSES: readonly EvalClass[] = ['Match', 'Includes', 'FuzzyMatch', 'JsonMatch'];

/** Whether rows look like evals samples: an `input` (chat array or text) and an `ideal`. */
export function looksLikeEvalSamples(rows: readonly unknown[]): boolean {
	return (
		rows.length > 0 &&
		rows.every(
			(r) =>
				isRecord(r) && 'ideal' in r && (Array.isArray(r['input']) || typeof r['input'] === 'string')
		)
	);
}

/** A regex grader that never matches: the pack default when every item carries its own. */
const NEVER: GraderSpec = { type: 'regex', pattern: '(?!)', flags: '' };

export function adaptEvalSamples(
	rows: readonly unknown[],
	evalClass: EvalClass = 'Match'
): Adapted {
	const items: PackItem[] = [];
	const errors: PackIssue[] = [];
	const warnings: PackIssue[] = [];
	let packFields: Record<string, JsonFieldType> | undefined;
	for (const [i, row] of rows.entries()) {
		const where = `sample ${i + 1}`;
		if (!isRecord(row)) {
			errors.push(problem('bad-row', `${where}: is not an object`));
			continue;
		}
		const item: PackItem = { id: `sample-${i + 1}` };
		const input = row['input'];
		if (typeof input === 'string') item.input = input;
		else {
			const messages = readChat(input);
			if (typeof messages === 'string') {
				errors.push(problem('bad-messages', `${where}: ${messages}`, `[${i}].input`));
				continue;
			}
			item.messages = messages;
		}
		const ideal = row['ideal'];
		const ideals =
			typeof ideal === 'string'
				? [ideal]
				: Array.isArray(ideal) && ideal.every((x) => typeof x === 'string')
					? (ideal as string[])
					: [];
		if (ideals.length === 0 || ideals.every((x) => x.trim() === '')) {
			errors.push(
				problem('missing-answer', `${where}: ideal must be text or a list of texts`, `[${i}].ideal`)
			);
			continue;
		}
		item.answer = ideals.length === 1 ? (ideals[0] as string) : ideals;
		if (evalClass === 'Match' || evalClass === 'Includes') {
			const alternatives = ideals.map(escapeRegExp).join('|');
			item.grader = {
				type: 'regex',
				pattern: evalClass === 'Match' ? `^\\s*(?:${alternatives})` : `(?:${alternatives})`,
				flags: ''
			};
		} else if (evalClass === 'JsonMatch') {
			const parsed = parseJsonIdeal(ideals[0] as string);
			if (parsed === undefined) {
				errors.push(
					problem('bad-answer', `${where}: ideal is not a JSON object (JsonMatch)`, `[${i}].ideal`)
				);
				continue;
			}
			item.answer = parsed.value;
			packFields ??= parsed.fields;
			if (JSON.stringify(parsed.fields) !== JSON.stringify(packFields))
				item.grader = { type: 'json_fields', fields: parsed.fields };
		}
		items.push(item);
	}
	let grader: GraderSpec;
	if (evalClass === 'FuzzyMatch') {
		grader = { type: 'exact', caseInsensitive: true, collapseSpace: true };
		warnings.push(
			problem(
				'approximate-grader',
				'FuzzyMatch becomes a case- and space-insensitive exact match on the Answer line; ' +
					"evals' containment in either direction is only credited in the soft score"
			)
		);
	} else if (evalClass === 'JsonMatch')
		grader = { type: 'json_fields', fields: packFields ?? { value: 'string' } };
	else grader = NEVER;
	return {
		items,
		grader,
		prompt: { template: INPUT_TEMPLATE, contract: contractFor(grader) },
		errors,
		warnings,
		title: 'OpenAI evals samples'
	};
}

function readChat(value: unknown): ChatMessage[] | string {
	if (!Array.isArray(value) || value.length === 0)
		return 'input must be text or a non-empty chat array';
	const out: ChatMessage[] = [];
	for (const [j, m] of value.entries()) {
		if (!isRecord(m) || typeof m['content'] !== 'string')
			return `input[${j}] must be {role, content} with text content`;
		const role = m['role'];
		if (role !== 'system' && role !== 'user' && role !== 'assistant')
			return `input[${j}].role ${JSON.stringify(role)} is not system, user or assistant`;
		out.push({ role, content: m['content'] });
	}
	if (!out.some((m) => m.role === 'user')) return 'input has no user message';
	return out;
}

function parseJsonIdeal(
	text: string
): { value: JsonValue; fields: Record<string, JsonFieldType> } | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isRecord(value) || Object.keys(value).length === 0) return undefined;
	const fields: Record<string, JsonFieldType> = {};
	for (const [key, v] of Object.entries(value)) {
		fields[key] =
			typeof v === 'number'
				? 'number'
				: Array.isArray(v)
					? 'list'
					: typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(v)
						? 'date'
						: 'string';
	}
	return { value: value as JsonValue, fields };
}
