import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import {
	assignSplits,
	DuplicateItemIdError,
	proportionalSizes,
	SplitSizeError
} from '../../../src/core/packs/splits.ts';
import type { PackItem } from '../../../src/core/packs/types.ts';

const hasher = createSha256Hasher(webcrypto.subtle);
const items = (ids: readonly string[]): PackItem[] => ids.map((id) => ({ id, input: id }));
const ids = (list: PackItem[]): string[] => list.map((item) => item.id);

describe('assignSplits', () => {
	it('cuts train, val and test by the configured sizes', async () => {
		const all = items(Array.from({ length: 20 }, (_, i) => `q${i}`));
		const { splits, unused } = await assignSplits(
			all,
			{ sizes: { train: 5, val: 10, test: 3 } },
			'pack',
			hasher
		);
		expect([splits.train.length, splits.val.length, splits.test.length]).toEqual([5, 10, 3]);
		expect(unused).toBe(2);
	});

	it('orders items by sha256 of salt and id, so the input order does not matter', async () => {
		const all = items(['a', 'b', 'c', 'd', 'e', 'f']);
		const rule = { sizes: { train: 2, val: 2, test: 2 } };
		const forward = await assignSplits(all, rule, 'p', hasher);
		const backward = await assignSplits([...all].reverse(), rule, 'p', hasher);
		expect(backward.splits).toEqual(forward.splits);
		const keyed = await Promise.all(
			['a', 'b', 'c', 'd', 'e', 'f'].map(async (id) => ({
				id,
				key: await hasher.sha256Hex(`p:${id}`)
			}))
		);
		const order = keyed.sort((x, y) => (x.key < y.key ? -1 : 1)).map((k) => k.id);
		expect([
			...ids(forward.splits.train),
			...ids(forward.splits.val),
			...ids(forward.splits.test)
		]).toEqual(order);
	});

	it('uses the pack id as the salt unless the rule names one', async () => {
		const all = items(Array.from({ length: 30 }, (_, i) => `x${i}`));
		const sizes = { train: 10, val: 10, test: 10 };
		const byPack = await assignSplits(all, { sizes }, 'alpha', hasher);
		const bySalt = await assignSplits(all, { sizes, salt: 'alpha' }, 'other', hasher);
		const otherSalt = await assignSplits(all, { sizes, salt: 'beta' }, 'alpha', hasher);
		expect(bySalt.splits).toEqual(byPack.splits);
		expect(ids(otherSalt.splits.val)).not.toEqual(ids(byPack.splits.val));
	});

	it('keeps explicit splits and counts them towards the sizes', async () => {
		const all: PackItem[] = [
			...items(Array.from({ length: 10 }, (_, i) => `free${i}`)),
			{ id: 'fixed-test', input: 't', split: 'test' },
			{ id: 'fixed-train', input: 't', split: 'train' }
		];
		const { splits } = await assignSplits(
			all,
			{ sizes: { train: 3, val: 4, test: 2 } },
			'p',
			hasher
		);
		expect(ids(splits.test)).toContain('fixed-test');
		expect(ids(splits.train)).toContain('fixed-train');
		expect([splits.train.length, splits.val.length, splits.test.length]).toEqual([3, 4, 2]);
	});

	it('throws a SplitSizeError naming the shortfall when the sizes ask for too many items', async () => {
		const attempt = assignSplits(
			items(['a', 'b', 'c']),
			{ sizes: { train: 2, val: 2, test: 0 } },
			'p',
			hasher
		);
		await expect(attempt).rejects.toThrow(SplitSizeError);
		await expect(attempt).rejects.toThrow(/need 4 items .* only 3/u);
	});

	it('refuses duplicate ids, which hashing cannot keep apart', async () => {
		await expect(
			assignSplits(items(['a', 'a']), { sizes: { train: 1, val: 1, test: 0 } }, 'p', hasher)
		).rejects.toThrow(DuplicateItemIdError);
	});

	it('is deterministic and disjoint for any set of ids', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 40 }),
				fc.nat(15),
				fc.nat(15),
				fc.string(),
				async (list, train, val, salt) => {
					const all = items(list);
					const test = Math.max(0, list.length - train - val);
					if (train + val > list.length) return;
					const rule = { salt, sizes: { train, val, test } };
					const a = await assignSplits(all, rule, 'p', hasher);
					const b = await assignSplits([...all].reverse(), rule, 'p', hasher);
					expect(b.splits).toEqual(a.splits);
					const placed = [...a.splits.train, ...a.splits.val, ...a.splits.test].map((i) => i.id);
					expect(new Set(placed).size).toBe(placed.length);
					expect(placed.length).toBe(list.length);
				}
			),
			{ numRuns: 60 }
		);
	});
});

describe('proportionalSizes', () => {
	it('keeps val between 10 and 40 and never asks for more than there is', () => {
		expect(proportionalSizes(1000)).toEqual({ train: 60, val: 40, test: 200 });
		expect(proportionalSizes(50)).toEqual({ train: 17, val: 15, test: 18 });
		expect(proportionalSizes(6)).toEqual({ train: 0, val: 6, test: 0 });
		for (const n of [0, 1, 11, 37, 99, 500]) {
			const s = proportionalSizes(n);
			expect(s.train + s.val + s.test).toBeLessThanOrEqual(n);
		}
	});
});
