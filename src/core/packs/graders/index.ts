/**
 * Graders turn a model output into scores: `hard` (0/1, correct and on the contract line, what
 * the loop gates on) and `soft` (partial credit in [0, 1], a diagnostic), each with a one-line
 * explanation a person can read. createGrader validates a spec once (throwing GraderError for a
 * bad one, so import fails loudly) and returns a Grader whose grade() never throws.
 *
 * One small module per grader type; shared reading of answer lines, numbers, dates and nouns
 * lives in extract.ts, numbers.ts, dates.ts and nouns.ts.
 */

import type { GradeResult, Grader, GraderSpec, PackItem } from '../types.ts';
import { buildChoice } from './choice.ts';
import { buildAll, buildAny } from './combinators.ts';
import { buildConstraints } from './constraints.ts';
import { GraderError } from './errors.ts';
import { buildExact } from './exact.ts';
import { buildJs } from './js.ts';
import { buildJsonFields } from './json-fields.ts';
import { buildNumeric } from './numeric.ts';
import { buildRegex } from './regex.ts';
import { result, show } from './text.ts';
import type { GradeFn, GraderOptions } from './types.ts';
import { buildWordList } from './word-list.ts';
import { errorMessage } from '../../errors.ts';

export { GraderError } from './errors.ts';
export { describeGrader } from './describe.ts';
export { compileChecks, CONSTRAINT_OPS } from './constraints.ts';
export { compileRegex } from './regex.ts';
export { findNumbers, parseNumber } from './numbers.ts';
export { parseDate } from './dates.ts';
export { nounsEqual } from './nouns.ts';
export { contractFinder, DEFAULT_MARKER } from './extract.ts';
export type { GraderOptions } from './types.ts';

const TYPES: ReadonlySet<string> = new Set([
	'exact',
	'numeric',
	'choice',
	'word_list',
	'regex',
	'json_fields',
	'constraints',
	'js',
	'all',
	'any'
]);

function build(spec: GraderSpec, options: GraderOptions): GradeFn {
	if (typeof spec !== 'object' || spec === null || !TYPES.has(String(spec.type))) {
		const type = typeof spec === 'object' && spec !== null ? JSON.stringify(spec.type) : 'missing';
		throw new GraderError(`unknown grader type ${type}`);
	}
	const part = (inner: GraderSpec): GradeFn => build(inner, options);
	switch (spec.type) {
		case 'exact':
			return buildExact(spec);
		case 'numeric':
			return buildNumeric(spec);
		case 'choice':
			return buildChoice(spec);
		case 'word_list':
			return buildWordList(spec);
		case 'regex':
			return buildRegex(spec);
		case 'json_fields':
			return buildJsonFields(spec);
		case 'constraints':
			return buildConstraints(spec);
		case 'js':
			return buildJs(spec, options.predicates);
		case 'all':
			return buildAll(spec, part);
		case 'any':
			return buildAny(spec, part);
	}
}

/**
 * The spec that grades `item`: its `grader` override merged over the pack spec when the types
 * agree or the override names none; an override of another type replaces the pack spec.
 */
export function effectiveSpec(spec: GraderSpec, item: PackItem): GraderSpec {
	const override = item.grader;
	if (override === undefined) return spec;
	if (override.type === undefined || override.type === spec.type) {
		return { ...spec, ...override, type: spec.type } as GraderSpec;
	}
	return override as GraderSpec;
}

async function guarded(grade: GradeFn, output: string, item: PackItem): Promise<GradeResult> {
	try {
		const { hard, soft, explanation } = await grade(typeof output === 'string' ? output : '', item);
		return result(hard, soft, explanation);
	} catch (error) {
		const message = errorMessage(error);
		return result(0, 0, `grader error: ${show(message, 160)}`);
	}
}

/**
 * Creates a grader for `spec`. Throws GraderError when the spec is invalid (unknown type, a regex
 * that does not compile, a negative tolerance, ...). The grader's `grade` never throws: per-item
 * overrides that turn out invalid, or a failing predicate, score 0 with the reason.
 */
export function createGrader(spec: GraderSpec, options: GraderOptions = {}): Grader {
	const base = build(spec, options);
	return {
		spec,
		grade(output, item) {
			if (item.grader === undefined) return guarded(base, output, item);
			let grade: GradeFn;
			try {
				grade = build(effectiveSpec(spec, item), options);
			} catch (error) {
				const message = errorMessage(error);
				return Promise.resolve(result(0, 0, `invalid grader override on item: ${message}`));
			}
			return guarded(grade, output, item);
		}
	};
}
