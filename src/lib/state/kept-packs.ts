/**
 * Packs the task state keeps aside so that no change of task loses work: the imported pack (so
 * the Task menu can go back to it after trying a built-in family) and built-in packs whose items
 * the user edited (so changing difficulty and back brings the edits back instead of a freshly
 * generated pack). Kept in memory for the session; the current pack is also stored on disk.
 */
import { assignSplits } from '../../core/packs/splits.ts';
import type { PackItem, SplitName, TaskPack } from '../../core/packs/types.ts';
import { SPLIT_NAMES } from '../../core/packs/types.ts';
import { browserHasher } from '../platform.ts';

/** The Task menu's value for "the imported pack" (no built-in family has this id). */
export const IMPORTED_TASK = 'imported:';

/** An imported pack with every item it came with, including any the split sizes left out. */
export interface KeptImport {
	pack: TaskPack;
	/** Items beyond the split sizes, so larger sizes can use them later. */
	unused: PackItem[];
	fileName: string;
	containsCode: boolean;
	edited: boolean;
}

export function splitSizesOf(pack: TaskPack): Record<SplitName, number> {
	return {
		train: pack.splits.train.length,
		val: pack.splits.val.length,
		test: pack.splits.test.length
	};
}

/** The items of a pack's splits, in split order. */
export function packItems(pack: TaskPack): PackItem[] {
	return SPLIT_NAMES.flatMap((name) => pack.splits[name]);
}

/**
 * The imported pack split again with new sizes, by the same hashed order as the import (items
 * keep any split their source gave them). Throws SplitSizeError when there are too few items.
 */
export async function resplitImport(
	kept: KeptImport,
	sizes: Record<SplitName, number>
): Promise<KeptImport> {
	const items = [...packItems(kept.pack), ...kept.unused];
	const assigned = await assignSplits(items, { sizes }, kept.pack.id, browserHasher);
	const used = new Set(SPLIT_NAMES.flatMap((name) => assigned.splits[name].map((i) => i.id)));
	return {
		...kept,
		pack: { ...kept.pack, splits: assigned.splits },
		unused: items.filter((item) => !used.has(item.id))
	};
}

/** Which generated pack a built-in selection makes: edits are kept under this key. */
export function builtInKey(
	familyId: string,
	difficulty: number,
	seed: number,
	sizes: Partial<Record<SplitName, number>> | undefined
): string {
	return JSON.stringify([familyId, difficulty, seed, sizes ?? {}]);
}
