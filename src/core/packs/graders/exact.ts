/**
 * The `exact` grader: normalised string equality with the gold (or any alias) on the contract
 * line. Soft credit when the output merely ends with the gold, or its final line equals it, so a
 * model that knows the answer but ignores the contract shows up in the diagnostics.
 */

import type { GraderSpec } from '../types.ts';
import { GraderError } from './errors.ts';
import { contractFinder, contractProblem } from './extract.ts';
import { goldAliases } from './gold.ts';
import {
	boundaryBefore,
	lastNonEmptyLine,
	normaliseAnswer,
	quote,
	result,
	type NormaliseOptions
} from './text.ts';
import type { GradeFn } from './types.ts';

type ExactSpec = Extract<GraderSpec, { type: 'exact' }>;

/** Builds the exact grader; throws GraderError for an unusable marker, tag or alias list. */
export function buildExact(spec: ExactSpec): GradeFn {
	const problem = contractProblem(spec);
	if (problem !== undefined) throw new GraderError(`exact grader: ${problem}`);
	if (spec.aliases !== undefined) {
		if (!Array.isArray(spec.aliases) || spec.aliases.some((a) => typeof a !== 'string')) {
			throw new GraderError('exact grader: aliases must be an array of strings');
		}
	}
	const finder = contractFinder(spec);
	const options: NormaliseOptions = {
		caseInsensitive: spec.caseInsensitive ?? true,
		collapseSpace: spec.collapseSpace ?? true
	};
	const norm = (text: string): string => normaliseAnswer(text, options);

	return (output, item) => {
		const aliases = [...(goldAliases(item.answer) ?? []), ...(spec.aliases ?? [])];
		const gold = aliases.map(norm).filter((g) => g !== '');
		const first = aliases[0];
		if (gold.length === 0 || first === undefined) {
			return result(0, 0, 'item has no gold answer to compare with');
		}
		const expected = quote(first);
		const found = finder.find(output);
		if (found !== undefined && gold.includes(norm(found))) {
			return result(1, 1, `${quote(found)} on the ${finder.label}`);
		}
		const softHit = lenientMatch(output, gold, norm);
		if (found === undefined) {
			return softHit
				? result(0, 1, `no ${finder.label}; ${expected} found at the end (soft)`)
				: result(0, 0, `no ${finder.label}; expected ${expected}`);
		}
		const shown = found === '' ? 'nothing' : quote(found);
		return result(
			0,
			softHit,
			`expected ${expected}, found ${shown} on the ${finder.label}${softHit ? ' (soft: at the end)' : ''}`
		);
	};
}

/** The output ends with a gold (at a word boundary), or its final line is a gold. */
function lenientMatch(output: string, gold: string[], norm: (text: string) => string): boolean {
	const whole = norm(output);
	const finalLine = norm(lastNonEmptyLine(output) ?? '');
	return gold.some(
		(g) => finalLine === g || (whole.endsWith(g) && boundaryBefore(whole, whole.length - g.length))
	);
}
