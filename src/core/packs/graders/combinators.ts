/**
 * The `all` and `any` combinators: several graders on the same output (promptfoo's several
 * asserts, `contains-all`, `contains-any`). hard is the AND (`all`) or OR (`any`) of the parts'
 * hard scores; soft is the mean of their soft scores, weighted for `all` when weights are given.
 */

import type { GradeResult, GraderSpec } from '../types.ts';
import { GraderError } from './errors.ts';
import { result } from './text.ts';
import type { GradeFn } from './types.ts';

type AllSpec = Extract<GraderSpec, { type: 'all' }>;
type AnySpec = Extract<GraderSpec, { type: 'any' }>;

/** Builds one part; passed in by the factory so this module does not import it back. */
export type BuildPart = (spec: GraderSpec) => GradeFn;

function buildParts(kind: string, of: unknown, build: BuildPart): GradeFn[] {
	if (!Array.isArray(of) || of.length === 0) {
		throw new GraderError(`${kind} grader: "of" must list at least one grader`);
	}
	return of.map((part: GraderSpec, i) => {
		try {
			return build(part);
		} catch (error) {
			if (error instanceof GraderError) {
				throw new GraderError(`${kind} grader, part ${i + 1}: ${error.message}`);
			}
			throw error;
		}
	});
}

function checkWeights(weights: unknown, count: number): number[] {
	if (weights === undefined) return new Array<number>(count).fill(1);
	if (
		!Array.isArray(weights) ||
		weights.length !== count ||
		weights.some((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0)
	) {
		throw new GraderError(`all grader: weights must be ${count} non-negative numbers`);
	}
	const list = weights as number[];
	if (list.reduce((a, b) => a + b, 0) <= 0) {
		throw new GraderError('all grader: weights must not all be zero');
	}
	return list;
}

function weightedMean(values: number[], weights: number[]): number {
	let total = 0;
	let sum = 0;
	values.forEach((value, i) => {
		const weight = weights[i] ?? 0;
		total += weight;
		sum += weight * value;
	});
	return total > 0 ? sum / total : 0;
}

function failing(results: GradeResult[]): string {
	return results
		.map((r, i) => (r.hard < 1 ? `#${i + 1} ${r.explanation}` : ''))
		.filter((text) => text !== '')
		.join('; ');
}

/** Builds `all`; throws GraderError for an empty list, bad weights or an invalid part. */
export function buildAll(spec: AllSpec, build: BuildPart): GradeFn {
	const parts = buildParts('all', spec.of, build);
	const weights = checkWeights(spec.weights, parts.length);
	return async (output, item) => {
		const results = await Promise.all(parts.map((grade) => grade(output, item)));
		const hard = Math.min(...results.map((r) => r.hard));
		const soft = weightedMean(
			results.map((r) => r.soft),
			weights
		);
		if (hard >= 1) return result(1, soft, `all ${parts.length} checks pass`);
		const passed = results.filter((r) => r.hard >= 1).length;
		return result(hard, soft, `${passed}/${parts.length} pass; failed ${failing(results)}`);
	};
}

/** Builds `any`; throws GraderError for an empty list or an invalid part. */
export function buildAny(spec: AnySpec, build: BuildPart): GradeFn {
	const parts = buildParts('any', spec.of, build);
	const weights = new Array<number>(parts.length).fill(1);
	return async (output, item) => {
		const results = await Promise.all(parts.map((grade) => grade(output, item)));
		const hard = Math.max(...results.map((r) => r.hard));
		const soft = weightedMean(
			results.map((r) => r.soft),
			weights
		);
		const winner = results.findIndex((r) => r.hard >= 1);
		const passing = results[winner];
		if (passing !== undefined) {
			return result(hard, soft, `#${winner + 1} of ${parts.length} passes: ${passing.explanation}`);
		}
		return result(hard, soft, `none of ${parts.length} pass: ${failing(results)}`);
	};
}
