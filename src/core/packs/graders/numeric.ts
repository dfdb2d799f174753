/**
 * The `numeric` grader: the number on the contract line against the gold, within tolerance.
 * Soft credit for the last number anywhere in the output, the usual lenient reading of
 * chain-of-thought answers. Gold and output go through the same number reader (numbers.ts).
 */

import type { GraderSpec } from '../types.ts';
import { GraderError } from './errors.ts';
import { contractFinder, contractProblem } from './extract.ts';
import { goldAliases } from './gold.ts';
import {
	findNumbers,
	formatNumber,
	lastNumber,
	parseNumber,
	withinTolerance,
	type FoundNumber,
	type NumberOptions
} from './numbers.ts';
import { quote, result } from './text.ts';
import type { GradeFn } from './types.ts';

type NumericSpec = Extract<GraderSpec, { type: 'numeric' }>;

/** Checks an optional tolerance from a spec: a finite, non-negative number. */
export function checkTolerance(grader: string, name: string, value: unknown): void {
	if (value === undefined) return;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new GraderError(`${grader} grader: ${name} must be a non-negative number`);
	}
}

/** Builds the numeric grader; throws GraderError for a bad marker or tolerance. */
export function buildNumeric(spec: NumericSpec): GradeFn {
	const problem = contractProblem(spec);
	if (problem !== undefined) throw new GraderError(`numeric grader: ${problem}`);
	checkTolerance('numeric', 'absTol', spec.absTol);
	checkTolerance('numeric', 'relTol', spec.relTol);
	const finder = contractFinder(spec);
	const numberOptions: NumberOptions = { percentAsFraction: spec.percentAsFraction ?? false };
	const close = (a: number, b: number): boolean => withinTolerance(a, b, spec.absTol, spec.relTol);

	return (output, item) => {
		const aliases = goldAliases(item.answer) ?? [];
		const golds = aliases.map((g) => parseNumber(g, numberOptions)).filter((g) => g !== undefined);
		const gold = golds[0];
		if (gold === undefined) {
			const shown = aliases[0] === undefined ? 'missing' : quote(aliases[0]);
			return result(0, 0, `gold answer is not a number (${shown})`);
		}
		const matches = (n: number): boolean => golds.some((g) => close(n, g));
		const expected = formatNumber(gold);
		const last = lastNumber(output, numberOptions);
		const soft = last !== undefined && matches(last.value);

		const line = finder.find(output);
		if (line === undefined) {
			if (last === undefined) return result(0, 0, `no ${finder.label} and no number in the output`);
			return soft
				? result(0, 1, `no ${finder.label}; ${last.text} found elsewhere (soft)`)
				: result(0, 0, `no ${finder.label}; last number ${last.text}, expected ${expected}`);
		}
		const onLine = lineNumber(line, numberOptions);
		if (onLine === undefined) {
			return result(
				0,
				soft,
				`expected ${expected}, the ${finder.label} has no number (${quote(line)})`
			);
		}
		if (matches(onLine.value)) return result(1, 1, `${onLine.text} on the ${finder.label}`);
		return result(0, soft, `expected ${expected}, found ${onLine.text} on the ${finder.label}`);
	};
}

/**
 * The number an answer line gives. With a worked equation (`3 + 4 = 7`) it is the first number
 * after the last `=`; otherwise the first number, since what follows is usually a unit or an
 * aside (`10 (50 minutes at $12/hour)`).
 */
function lineNumber(line: string, options: NumberOptions): FoundNumber | undefined {
	const equals = line.lastIndexOf('=');
	if (equals >= 0) {
		const after = findNumbers(line.slice(equals + 1), options)[0];
		if (after !== undefined) return after;
	}
	return findNumbers(line, options)[0];
}
