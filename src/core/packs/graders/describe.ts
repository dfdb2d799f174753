/**
 * One-line, human summaries of grader specs for the UI ("number on the 'Answer:' line, ±0.01").
 * Pure description: it never validates, so it works on a spec the user is still editing.
 */

import type { GraderSpec } from '../types.ts';
import { DEFAULT_MARKER } from './extract.ts';
import { show } from './text.ts';

function where(marker: string | undefined, tag?: string): string {
	return tag !== undefined ? `in <${tag}>` : `on the '${(marker ?? DEFAULT_MARKER).trim()}' line`;
}

/** A short human summary of a grader spec, e.g. "number on the 'Answer:' line (±0.01)". */
export function describeGrader(spec: GraderSpec): string {
	switch (spec.type) {
		case 'exact': {
			const notes = [
				spec.caseInsensitive === false ? 'case-sensitive' : 'any case',
				spec.aliases !== undefined && spec.aliases.length > 0
					? `${spec.aliases.length} extra alias${spec.aliases.length > 1 ? 'es' : ''}`
					: ''
			].filter((n) => n !== '');
			return `exact answer ${where(spec.marker, spec.tag)} (${notes.join(', ')})`;
		}
		case 'numeric': {
			const tolerance = [
				spec.absTol !== undefined && spec.absTol > 0 ? `±${spec.absTol}` : '',
				spec.relTol !== undefined && spec.relTol > 0 ? `±${spec.relTol * 100}%` : '',
				spec.percentAsFraction === true ? '12% reads 0.12' : ''
			].filter((n) => n !== '');
			const notes = tolerance.length > 0 ? tolerance.join(', ') : 'exact';
			return `number ${where(spec.marker)} (${notes})`;
		}
		case 'choice': {
			const letters = (spec.letters ?? 'ABCDEFGHIJKLMNOPQR').toUpperCase();
			const range = letters.length > 1 ? `${letters[0]}–${letters.at(-1)}` : letters;
			return `option letter (${range}) ${where(spec.marker)}`;
		}
		case 'word_list':
			return `exact word sequence ${where(spec.marker)} (soft: LCS ratio)`;
		case 'regex':
			return `output matches /${show(spec.pattern, 40)}/${spec.flags ?? ''}`;
		case 'json_fields': {
			const fields = Object.entries(spec.fields ?? {}).map(([name, type]) => `${name} (${type})`);
			const notes = [
				spec.requireBare === true ? 'bare JSON only' : '',
				spec.noExtraKeys === true ? 'no extra keys' : '',
				spec.strictTypes === false ? 'loose types' : ''
			].filter((n) => n !== '');
			return show(
				`JSON fields ${fields.join(', ')}${notes.length > 0 ? `; ${notes.join(', ')}` : ''}`,
				160
			);
		}
		case 'constraints':
			return "each item's constraint checks (soft: fraction passed)";
		case 'js':
			return `JavaScript predicate in the sandbox (${spec.timeoutMs ?? 50} ms per item)`;
		case 'all':
		case 'any': {
			const parts = (spec.of ?? []).map((part) => describeGrader(part));
			return show(`${spec.type} of: ${parts.join('; ')}`, 200);
		}
		default:
			// A spec being edited in the UI may name no known type yet.
			return `unknown grader type ${JSON.stringify((spec as { type?: unknown }).type) ?? ''}`;
	}
}
