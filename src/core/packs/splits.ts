/**
 * Train / val / test assignment by hashing item ids, so a pack splits the same way on every
 * machine and every import, and an item can never sit in two splits.
 *
 * Items are ordered by `sha256(salt + ':' + id)` (the salt defaults to the pack id) and cut into
 * train, val and test in that order. Items that carry an explicit `split` keep it and count
 * towards that split's size. The sizes are exact: when the items without a split cannot fill
 * what the sizes ask for, `assignSplits` throws a `SplitSizeError` saying how many are missing,
 * rather than silently giving a smaller val split than the user asked for. Items beyond the sizes
 * are left out (a 7,000-item file with sizes 40/30/100 uses 170 items), and `SplitAssignment`
 * says how many.
 */
import type { Hasher } from '../ports.ts';
import type { PackItem, SplitName, SplitRule } from './types.ts';
import { SPLIT_NAMES } from './types.ts';

/** The sizes ask for more items than there are to split. */
export class SplitSizeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SplitSizeError';
	}
}

/** Two items share an id, so hashing cannot place them apart. */
export class DuplicateItemIdError extends Error {
	readonly itemId: string;

	constructor(itemId: string) {
		super(`two items share the id '${itemId}': item ids must be unique within a pack`);
		this.name = 'DuplicateItemIdError';
		this.itemId = itemId;
	}
}

/** The splits, plus how many items the sizes left out. */
export interface SplitAssignment {
	splits: Record<SplitName, PackItem[]>;
	/** Items without an explicit split that fell beyond the configured sizes. */
	unused: number;
}

/**
 * Assigns items to splits deterministically (see the module comment). The result does not depend
 * on the order of `items`; items keep their fields unchanged (an explicit `split` stays on them).
 */
export async function assignSplits(
	items: readonly PackItem[],
	rule: SplitRule,
	packId: string,
	hasher: Hasher
): Promise<SplitAssignment> {
	for (const name of SPLIT_NAMES) {
		const size = rule.sizes[name];
		if (!Number.isInteger(size) || size < 0)
			throw new SplitSizeError(`split size for ${name} must be a whole number ≥ 0, got ${size}`);
	}
	const seen = new Set<string>();
	for (const item of items) {
		if (seen.has(item.id)) throw new DuplicateItemIdError(item.id);
		seen.add(item.id);
	}

	const splits: Record<SplitName, PackItem[]> = { train: [], val: [], test: [] };
	const free: PackItem[] = [];
	for (const item of items) {
		if (item.split === undefined) free.push(item);
		else splits[item.split].push(item);
	}

	const salt = rule.salt ?? packId;
	const keyed = await Promise.all(
		free.map(async (item) => ({ item, key: await hasher.sha256Hex(`${salt}:${item.id}`) }))
	);
	keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

	const wanted = SPLIT_NAMES.map((name) => Math.max(0, rule.sizes[name] - splits[name].length));
	const needed = wanted.reduce((sum, n) => sum + n, 0);
	if (needed > keyed.length) {
		const asked = SPLIT_NAMES.map((name) => `${name} ${rule.sizes[name]}`).join(', ');
		throw new SplitSizeError(
			`the split sizes (${asked}) need ${needed} items without an explicit split, ` +
				`but there are only ${keyed.length}`
		);
	}

	let next = 0;
	SPLIT_NAMES.forEach((name, i) => {
		const count = wanted[i] ?? 0;
		for (const { item } of keyed.slice(next, next + count)) splits[name].push(item);
		next += count;
	});
	return { splits, unused: keyed.length - next };
}

/**
 * Split sizes for a dataset of `count` items when the user has not chosen any: val gets about a
 * third (10 to 40 items, the range where a val pass stays short), train up to 60, test up to 200.
 * Below 10 items val takes them all, and validation then reports that val is too small.
 */
export function proportionalSizes(count: number): Record<SplitName, number> {
	const n = Math.max(0, Math.floor(count));
	const val = Math.min(n, Math.min(40, Math.max(10, Math.floor(n * 0.3))));
	const train = Math.min(60, Math.floor((n - val) / 2));
	const test = Math.min(200, n - val - train);
	return { train, val, test };
}
