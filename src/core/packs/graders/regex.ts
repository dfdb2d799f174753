/**
 * The `regex` grader: a pattern tested against the whole output (promptfoo's `contains`,
 * `regex` and `starts-with`, OpenAI evals' Match and Includes map onto it). hard = soft = match.
 * The pattern is compiled once, when the grader is created, so a bad pattern fails the import.
 */

import type { GraderSpec } from '../types.ts';
import { GraderError } from './errors.ts';
import { result, show } from './text.ts';
import type { GradeFn } from './types.ts';
import { errorMessage } from '../../errors.ts';

type RegexSpec = Extract<GraderSpec, { type: 'regex' }>;

/** Compiles the pattern, or throws GraderError naming the pattern and the reason. */
export function compileRegex(pattern: unknown, flags: unknown): RegExp {
	if (typeof pattern !== 'string') throw new GraderError('regex grader: pattern must be a string');
	if (flags !== undefined && typeof flags !== 'string') {
		throw new GraderError('regex grader: flags must be a string');
	}
	// `g` and `y` make test() stateful (lastIndex), which would make grading order-dependent.
	const safeFlags = (flags ?? '').replace(/[gy]/gu, '');
	try {
		return new RegExp(pattern, safeFlags);
	} catch (error) {
		const reason = errorMessage(error);
		throw new GraderError(`regex /${pattern}/${flags ?? ''} does not compile: ${reason}`);
	}
}

/** Builds the regex grader; throws GraderError when the pattern or flags are invalid. */
export function buildRegex(spec: RegexSpec): GradeFn {
	const regex = compileRegex(spec.pattern, spec.flags);
	const shown = `/${show(regex.source, 60)}/${regex.flags}`;
	return (output) =>
		regex.test(output) ? result(1, 1, `matches ${shown}`) : result(0, 0, `no match for ${shown}`);
}
