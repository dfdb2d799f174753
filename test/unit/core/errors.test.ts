import { describe, expect, it } from 'vitest';
import {
	AbortError,
	ContextOverflowError,
	MalformedSkillError,
	OptimiserOutputError,
	checkAborted,
	isAbortError,
	isContextOverflowError,
	isOptimiserOutputError
} from '../../../src/core/errors.ts';

describe('loop errors', () => {
	it('set their names and carry their details', () => {
		const overflow = new ContextOverflowError(4301, 4096, 'failure-analyst prompt');
		expect(overflow.name).toBe('ContextOverflowError');
		expect(overflow.message).toBe(
			'failure-analyst prompt needs 4301 tokens but the context window holds 4096'
		);
		expect([overflow.tokens, overflow.limit]).toEqual([4301, 4096]);
		const output = new OptimiserOutputError('rank', 'no JSON object found');
		expect([output.name, output.stage, output.message]).toEqual([
			'OptimiserOutputError',
			'rank',
			'rank: no JSON object found'
		]);
		expect(new MalformedSkillError('x').name).toBe('MalformedSkillError');
	});

	it('are recognised by name, also after comlink turned them into plain objects', () => {
		expect(isAbortError(new AbortError())).toBe(true);
		expect(isAbortError({ name: 'AbortError', message: 'x' })).toBe(true);
		expect(isAbortError(new DOMException('stop', 'AbortError'))).toBe(true);
		expect(isAbortError(new Error('AbortError'))).toBe(false);
		expect(isAbortError(null)).toBe(false);
		expect(isContextOverflowError({ name: 'ContextOverflowError' })).toBe(true);
		expect(isOptimiserOutputError(new OptimiserOutputError('merge', 'x'))).toBe(true);
		expect(isOptimiserOutputError(new ContextOverflowError(1, 0))).toBe(false);
	});

	it('checkAborted throws an AbortError only when the signal is aborted, keeping the reason', () => {
		const controller = new AbortController();
		expect(() => checkAborted(controller.signal)).not.toThrow();
		expect(() => checkAborted(undefined)).not.toThrow();
		controller.abort('user pressed stop');
		try {
			checkAborted(controller.signal);
			expect.unreachable();
		} catch (err) {
			expect(isAbortError(err)).toBe(true);
			expect((err as Error).cause).toBe('user pressed stop');
		}
		const plain = new AbortController();
		plain.abort();
		expect(() => checkAborted(plain.signal)).toThrow(
			expect.objectContaining({ name: 'AbortError' })
		);
	});
});
