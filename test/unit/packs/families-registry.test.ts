import { describe, expect, it } from 'vitest';
import { BUILT_IN_FAMILIES, findFamily } from '../../../src/core/packs/families/index.ts';

describe('built-in family registry', () => {
	it('lists exactly the nine required ids, each once', () => {
		expect(BUILT_IN_FAMILIES.map((f) => f.id).sort()).toEqual(
			[
				'boolean-expressions',
				'coin-flip',
				'date-arithmetic',
				'last-letters',
				'object-counting',
				'order-to-json',
				'shuffled-objects',
				'word-problems',
				'word-sorting'
			].sort()
		);
	});

	it('gives every family a val split of 24 to 40 items and its default difficulty', () => {
		for (const family of BUILT_IN_FAMILIES) {
			expect(family.defaultSizes.val, family.id).toBeGreaterThanOrEqual(24);
			expect(family.defaultSizes.val, family.id).toBeLessThanOrEqual(40);
			expect(family.difficulties, family.id).toContain(family.defaultDifficulty);
			expect(family.prompt.contract.length, family.id).toBeGreaterThan(0);
		}
		expect(findFamily('coin-flip')?.id).toBe('coin-flip');
		expect(findFamily('nope')).toBeUndefined();
	});
});
