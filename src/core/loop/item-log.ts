/**
 * The run's item log read back: the executor results a caller stored from each snapshot's
 * `newItems`, checked and gathered into the `knownItems` a resumed run starts from.
 *
 * The log is the reason pruning the snapshot's cache costs nothing: every result is stored once,
 * next to the records it came with, so the snapshot can stay the same size however long the run
 * is and a resumed run still never pays twice for an answer it has. A stored batch that fails the
 * check is skipped, never trusted: its items are simply paid for again (with the same result,
 * since executor calls are greedy with fixed seeds).
 */
import * as v from 'valibot';
import { itemRun, record } from './snapshot-schema.ts';
import type { ItemRun } from './state.ts';

const batch = record(itemRun);

/**
 * The results of stored item-log batches, later batches winning (they never disagree).
 *
 * @param batches each one snapshot's `newItems`, as stored (anything: it is checked here)
 * @example knownItemsFrom(steps.map((row) => row.rollouts))
 */
export function knownItemsFrom(batches: readonly unknown[]): Record<string, ItemRun> {
	const out: Record<string, ItemRun> = {};
	for (const value of batches) {
		if (value === undefined || value === null) continue;
		const checked = v.safeParse(batch, value);
		if (!checked.success) continue;
		for (const [key, run] of Object.entries(checked.output)) {
			// A key names the skill and the item; one that does not is not ours.
			if (key.indexOf('|') > 0 && key.endsWith(`|${run.id}`)) out[key] = run;
		}
	}
	return out;
}
