/**
 * The item log: the snapshot's cache is pruned to stay the same size, yet no executor result is
 * ever paid for twice — within a run (the in-memory archive) and across a resume (the stored log
 * handed back as `knownItems`). A bare v2 snapshot without the log still resumes.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
	knownItemsFrom,
	runOptimization,
	type LoopEvent,
	type RunSnapshot
} from '../../../../src/core/loop/index.ts';
import { itemKey } from '../../../../src/core/loop/state.ts';
import { validateSnapshot } from '../../../../src/core/loop/trainer.ts';
import { hasher, pack, scripted, scriptedRun } from './helpers.ts';

/** What the recorder stores by a snapshot: `newItems` of each snapshot that handed out records. */
function storedLog(snapshots: readonly RunSnapshot[], upTo: number): unknown[] {
	return snapshots
		.slice(0, upTo + 1)
		.filter((s) => s.newRecords.length > 0)
		.map((s) => s.newItems);
}

/** Executor calls for results the run had already computed. */
function rePaid(events: readonly LoopEvent[], known: Set<string> = new Set()): number {
	let count = 0;
	for (const e of events) {
		if (e.type !== 'rollout:done') continue;
		const key = itemKey(e.skillHash, e.itemId);
		if (!e.cached && known.has(key)) count++;
		known.add(key);
	}
	return count;
}

const FAMILY = 'last-letters';
const CONFIG = { seed: 2, epochs: 4 } as const;

describe('the item log', () => {
	it('a pruned result is served again without an executor call', async () => {
		const p = await pack(FAMILY, 2);
		const events: LoopEvent[] = [];
		const snapshots: RunSnapshot[] = [];
		// Results the snapshot before the running stage held, and those computed since.
		let held = new Set<string>();
		const computed = new Set<string>();
		let fromArchive = 0;
		const engine = scripted('default');
		await runOptimization(
			{ pack: p, ...CONFIG },
			{ executor: engine, optimiser: engine, hasher },
			{
				onSnapshot: (s) => {
					snapshots.push(s);
					held = new Set(Object.keys(s.items));
				},
				onEvent: (e) => {
					events.push(e);
					if (e.type !== 'rollout:done') return;
					const key = itemKey(e.skillHash, e.itemId);
					if (e.cached && !held.has(key) && computed.has(key)) fromArchive++;
					computed.add(key);
				}
			}
		);
		expect(rePaid(events)).toBe(0);
		// The cache was pruned, and results dropped from it were needed again: the log paid off.
		expect(fromArchive).toBeGreaterThan(0);
		// Every computed result is in the log exactly once (the last snapshot holds the rest).
		const logged = snapshots.filter((s) => s.newRecords.length > 0).map((s) => s.newItems ?? {});
		const keys = [...logged, snapshots.at(-1)?.newItems ?? {}].flatMap((b) => Object.keys(b));
		const paid = events.filter((e) => e.type === 'rollout:done' && !e.cached).length;
		expect(keys).toHaveLength(paid);
		expect(new Set(keys).size).toBe(paid);
	}, 60_000);

	it('a run resumed with its stored log pays for nothing twice and ends as the uninterrupted one', async () => {
		const p = await pack(FAMILY, 2);
		const before: LoopEvent[] = [];
		const { result, snapshots } = await scriptedRun({ pack: p, ...CONFIG }, 'default', {
			onEvent: (e) => void before.push(e)
		});
		const stages = snapshots.length;
		for (const at of [Math.floor(stages / 3), Math.floor((2 * stages) / 3), stages - 3]) {
			const snapshot = snapshots[at];
			if (snapshot === undefined) throw new Error(`no snapshot ${at}`);
			// The events up to this snapshot: those of its stages (each stage ends in one snapshot).
			let seenStages = 0;
			const upTo = before.filter((e) => {
				if (e.type === 'stage:finished') seenStages++;
				return seenStages <= at && e.type !== 'stage:finished';
			});
			const engine = scripted('default');
			const after: LoopEvent[] = [];
			const resumed = await runOptimization(
				{ pack: p },
				{ executor: engine, optimiser: engine, hasher },
				{
					resumeFrom: snapshot,
					knownItems: knownItemsFrom(storedLog(snapshots, at)),
					onEvent: (e) => void after.push(e)
				}
			);
			expect(rePaid([...upTo, ...after]), `resumed after stage ${at}`).toBe(0);
			expect(resumed.snapshot).toEqual(result.snapshot);
		}
	}, 120_000);

	it('gathers stored batches and skips what is not an item result', () => {
		const good = { output: 'x', explanation: 'ok', hard: 1, soft: 1 };
		const known = knownItemsFrom([
			undefined,
			{ 'h1|a': { id: 'a', ...good } },
			'not a batch',
			{ 'h1|b': { id: 'b', hard: 'one' } },
			{ 'h2|c': { id: 'other', ...good }, nokey: { id: 'nokey', ...good } },
			{ 'h1|a': { id: 'a', ...good, soft: 1 }, 'h3|d': { id: 'd', ...good } }
		]);
		expect(Object.keys(known).sort()).toEqual(['h1|a', 'h3|d']);
		expect(Object.getPrototypeOf(known)).toBe(Object.prototype);
	});
});

describe('run snapshot v2 without the item log (frozen fixture)', () => {
	it('validates and resumes to the verdicts of the uninterrupted run', async () => {
		const url = new URL('../../../fixtures/runs/snapshot-v2.json', import.meta.url);
		const stored: unknown = JSON.parse(await readFile(url, 'utf8'));
		expect(stored).not.toHaveProperty('newItems');
		validateSnapshot(stored);
		const engine = scripted('default');
		const resumed = await runOptimization(
			{ pack: stored.config.pack },
			{ executor: engine, optimiser: engine, hasher },
			{ resumeFrom: stored }
		);
		const { result } = await scriptedRun({
			pack: stored.config.pack,
			seed: 1,
			epochs: 2,
			batchSize: 4
		});
		expect(resumed.summary.val).toEqual(result.summary.val);
		expect(resumed.bestSkill).toBe(result.bestSkill);
		expect(resumed.steps.map((s) => s.action)).toEqual(
			result.steps.slice(-resumed.steps.length).map((s) => s.action)
		);
	});
});
