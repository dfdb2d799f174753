/**
 * The `js` grader: a user-written predicate `(output, item) => boolean | number | {hard, soft}`.
 * The core never evaluates code itself; a PredicateRunner (a sandboxed worker in the browser)
 * does, with a per-item timeout. Whatever the runner does, grading answers with a score and a
 * one-line reason instead of throwing: a broken predicate should cost that item, not the run.
 */

import type { GraderSpec, PredicateRunner } from '../types.ts';
import { GraderError } from './errors.ts';
import { clamp01, formatScore, result, show } from './text.ts';
import type { GradeFn } from './types.ts';
import { errorMessage } from '../../errors.ts';

type JsSpec = Extract<GraderSpec, { type: 'js' }>;

export const DEFAULT_TIMEOUT_MS = 50;

/** Builds the js grader; throws GraderError for empty code or a bad timeout. */
export function buildJs(spec: JsSpec, runner: PredicateRunner | undefined): GradeFn {
	if (typeof spec.code !== 'string' || spec.code.trim() === '') {
		throw new GraderError('js grader: code must be a non-empty function body');
	}
	const timeout = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
		throw new GraderError('js grader: timeoutMs must be a positive number');
	}

	return async (output, item) => {
		if (runner === undefined) {
			return result(0, 0, 'code graders need the JavaScript sandbox, which is not available here');
		}
		let value: unknown;
		try {
			value = await runner.run(spec.code, output, item, timeout);
		} catch (error) {
			return result(0, 0, `predicate failed: ${describeError(error, timeout)}`);
		}
		return interpret(value);
	};
}

function describeError(error: unknown, timeout: number): string {
	const name = error instanceof Error ? error.name : '';
	const message = errorMessage(error);
	if (name === 'TimeoutError' || /time(?:d)? ?out/iu.test(message)) {
		return `timed out after ${timeout} ms`;
	}
	return show(name !== '' && name !== 'Error' ? `${name}: ${message}` : message, 120);
}

/** Turns whatever the predicate returned into a result, refusing malformed values. */
function interpret(value: unknown): ReturnType<typeof result> {
	if (typeof value === 'boolean') {
		return result(value, value, value ? 'predicate returned true' : 'predicate returned false');
	}
	if (typeof value === 'number') {
		if (Number.isNaN(value)) return result(0, 0, 'predicate returned NaN');
		const score = clamp01(value);
		return result(score === 1, score, `predicate returned ${formatScore(value)}`);
	}
	if (typeof value === 'object' && value !== null && 'hard' in value && 'soft' in value) {
		const { hard, soft } = value;
		if (isUnit(hard) && isUnit(soft)) {
			return result(
				hard,
				soft,
				`predicate returned hard ${formatScore(hard)}, soft ${formatScore(soft)}`
			);
		}
	}
	return result(
		0,
		0,
		`predicate returned ${show(safeString(value), 60)}, expected a boolean, a number or {hard, soft} in [0, 1]`
	);
}

function isUnit(value: unknown): value is number {
	return typeof value === 'number' && value >= 0 && value <= 1;
}

function safeString(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}
