import { describe, expect, it } from 'vitest';
import { createGrader, GraderError } from '../../../../src/core/packs/graders/index.ts';
import type { PackItem, PredicateRunner } from '../../../../src/core/packs/types.ts';
import { grade, item } from './helpers.ts';

/** A fake sandbox: "evaluates" by calling the function registered under the code string. */
function fakeRunner(
	behaviours: Record<string, (output: string, item: PackItem) => unknown>
): PredicateRunner & { calls: Array<{ code: string; timeoutMs: number }> } {
	const calls: Array<{ code: string; timeoutMs: number }> = [];
	return {
		calls,
		async run(code, output, target, timeoutMs) {
			calls.push({ code, timeoutMs });
			const behaviour = behaviours[code];
			if (behaviour === undefined) throw new ReferenceError(`no behaviour for ${code}`);
			return behaviour(output, target) as boolean;
		}
	};
}

const runner = fakeRunner({
	bool: (output) => output.includes('ok'),
	number: (output) => output.length / 10,
	pair: () => ({ hard: 0, soft: 0.4 }),
	outOfRange: () => ({ hard: 2, soft: 0.5 }),
	nan: () => Number.NaN,
	text: () => 'yes',
	throws: () => {
		throw new TypeError('x is undefined');
	},
	timeout: () => {
		const error = new Error('predicate exceeded 50 ms');
		error.name = 'TimeoutError';
		throw error;
	},
	usesItem: (output, target) => output === target.answer
});

describe('js grader', () => {
	it('passes the code, output, item and default 50 ms timeout to the runner', async () => {
		const r = await grade({ type: 'js', code: 'usesItem' }, 'gold', item('gold'), runner);
		expect(r).toEqual({ hard: 1, soft: 1, explanation: 'predicate returned true' });
		expect(runner.calls.at(-1)).toEqual({ code: 'usesItem', timeoutMs: 50 });
		await grade({ type: 'js', code: 'bool', timeoutMs: 200 }, 'ok', item(undefined), runner);
		expect(runner.calls.at(-1)?.timeoutMs).toBe(200);
	});

	it('maps a boolean to hard = soft', async () => {
		expect(await grade({ type: 'js', code: 'bool' }, 'nope', item(undefined), runner)).toEqual({
			hard: 0,
			soft: 0,
			explanation: 'predicate returned false'
		});
	});

	it('clamps a number to [0, 1] and gives hard credit only for exactly 1', async () => {
		const partial = await grade({ type: 'js', code: 'number' }, 'abcde', item(undefined), runner);
		expect(partial).toEqual({ hard: 0, soft: 0.5, explanation: 'predicate returned 0.5' });
		const over = await grade(
			{ type: 'js', code: 'number' },
			'x'.repeat(30),
			item(undefined),
			runner
		);
		expect(over).toMatchObject({ hard: 1, soft: 1 });
		expect(
			(await grade({ type: 'js', code: 'nan' }, '', item(undefined), runner)).explanation
		).toBe('predicate returned NaN');
	});

	it('takes {hard, soft} as given and refuses values outside [0, 1] or of other types', async () => {
		expect(await grade({ type: 'js', code: 'pair' }, '', item(undefined), runner)).toEqual({
			hard: 0,
			soft: 0.4,
			explanation: 'predicate returned hard 0, soft 0.4'
		});
		const bad = await grade({ type: 'js', code: 'outOfRange' }, '', item(undefined), runner);
		expect(bad).toMatchObject({ hard: 0, soft: 0 });
		expect(bad.explanation).toMatch(/expected a boolean, a number or \{hard, soft\}/);
		expect(
			(await grade({ type: 'js', code: 'text' }, '', item(undefined), runner)).explanation
		).toMatch(/^predicate returned "yes", expected/);
	});

	it('scores a throwing predicate 0 with its error, without throwing', async () => {
		expect(await grade({ type: 'js', code: 'throws' }, '', item(undefined), runner)).toEqual({
			hard: 0,
			soft: 0,
			explanation: 'predicate failed: TypeError: x is undefined'
		});
	});

	it('scores a timed-out predicate 0 and says it timed out', async () => {
		expect(await grade({ type: 'js', code: 'timeout' }, '', item(undefined), runner)).toEqual({
			hard: 0,
			soft: 0,
			explanation: 'predicate failed: timed out after 50 ms'
		});
	});

	it('scores 0 with a reason when no sandbox was provided', async () => {
		const r = await grade({ type: 'js', code: 'bool' }, 'ok', item(undefined));
		expect(r).toMatchObject({ hard: 0, soft: 0 });
		expect(r.explanation).toMatch(/need the JavaScript sandbox/);
	});

	it('rejects empty code and bad timeouts when created', () => {
		expect(() => createGrader({ type: 'js', code: '  ' })).toThrow(GraderError);
		expect(() => createGrader({ type: 'js', code: 'x', timeoutMs: 0 })).toThrow(/timeoutMs/);
	});
});
