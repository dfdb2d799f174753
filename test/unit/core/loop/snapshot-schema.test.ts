// The run snapshot schema: every snapshot a real run writes passes; a damaged one is refused on
// resume with messages that name the path.
import { describe, expect, it } from 'vitest';
import { checkSnapshot } from '../../../../src/core/loop/snapshot-schema.ts';
import { validateSnapshot } from '../../../../src/core/loop/trainer.ts';
import type { RunSnapshot } from '../../../../src/core/loop/index.ts';
import { pack, scriptedRun } from './helpers.ts';

async function snapshots(): Promise<RunSnapshot[]> {
	const { snapshots: all, result } = await scriptedRun({
		pack: await pack('coin-flip', 1),
		seed: 1
	});
	return [...all, result.snapshot];
}

function errors(value: unknown): string[] {
	const checked = checkSnapshot(value);
	expect(checked.ok).toBe(false);
	return checked.ok ? [] : checked.errors;
}

describe('run snapshot schema', () => {
	it('accepts every snapshot of a run, stored as JSON and back', async () => {
		const all = await snapshots();
		expect(all.length).toBeGreaterThan(20);
		for (const snapshot of all) {
			const checked = checkSnapshot(JSON.parse(JSON.stringify(snapshot)));
			expect(checked.ok ? [] : checked.errors).toEqual([]);
		}
	}, 30_000);

	it('names the path of what is wrong, at every level', async () => {
		const [, , third] = await snapshots();
		const copy = (): Record<string, unknown> =>
			JSON.parse(JSON.stringify(third)) as Record<string, unknown>;
		expect(errors({ format: 'something-else' })).toEqual([
			'unknown format "something-else" (this version resumes skillopt-playground.run.v2)'
		]);
		expect(errors(null)).toEqual(['a snapshot is an object, this is null']);
		const noCursor = copy();
		delete noCursor['cursor'];
		expect(errors(noCursor)).toEqual(["has no 'cursor'"]);
		const badCursor = { ...copy(), cursor: { at: 'step', epoch: 1, step: 1, stage: 'dance' } };
		expect(errors(badCursor)).toEqual([
			'cursor.stage must be one of rollout, reflect, merge, select, propose, validate, got "dance"'
		]);
		expect(errors({ ...copy(), cursor: { at: { toString: 1 } } })[0]).toMatch(
			/^cursor\.at must be a cursor/u
		);
		const step = copy();
		(step['counters'] as Record<string, unknown>)['valSaved'] = -1;
		expect(errors(step)).toEqual(['counters.valSaved must be a whole number ≥ 0, got -1']);
		const held = JSON.parse(
			JSON.stringify(third).replace('"origin":"seed"', '"origin":7')
		) as unknown;
		expect(errors(held)[0]).toBe('seed.origin must be a string, got a number');
	});

	it('reports built-in-named keys and keeps item ids named like them as data', async () => {
		const [, , third] = await snapshots();
		const text = JSON.stringify(third);
		const hostile = JSON.parse(
			text.replace('"current":{', '"current":{"__proto__":{"polluted":1},')
		) as unknown;
		expect(errors(hostile)).toEqual([
			"current: the field name '__proto__' is not allowed (it is reserved by JavaScript)"
		]);
		const asData = JSON.parse(text) as RunSnapshot;
		Object.defineProperty(asData.history, '__proto__', {
			value: { compared: 1, flips: 0 },
			enumerable: true
		});
		const checked = checkSnapshot(asData);
		expect(checked.ok && Object.hasOwn(checked.snapshot.history, '__proto__')).toBe(true);
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});

	it('refuses deep nesting and throws SnapshotError on resume with the first problems', async () => {
		const [, , third] = await snapshots();
		let deep: unknown = 1;
		for (let i = 0; i < 10_000; i++) deep = [deep];
		expect(errors({ ...third, work: deep })[0]).toMatch(/nested more than 128 levels deep$/u);
		expect(() => validateSnapshot({ ...third, newRecords: 'x', buffer: 1 })).toThrow(
			'cannot resume from this snapshot: buffer must be an array, got a number; newRecords must be an array, got a string'
		);
	});
});
