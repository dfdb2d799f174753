import { describe, expect, it } from 'vitest';
import { IMPORTED_TASK, TaskPackState } from '../../../src/lib/state/task-pack.svelte.ts';
import { importData } from '../../../src/core/packs/adapters/index.ts';
import { createSha256Hasher } from '../../../src/core/hash.ts';

const hasher = createSha256Hasher(crypto.subtle);

async function imported(n: number) {
	const rows = Array.from({ length: n }, (_, i) => ({ question: `${i} + 2?`, answer: i + 2 }));
	const result = await importData(rows, { fileName: 'sums.csv' }, hasher);
	if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
	return result.draft;
}

const lengths = (state: TaskPackState) => {
	const splits = state.pack?.splits;
	return [splits?.train.length, splits?.val.length, splits?.test.length];
};

describe('TaskPackState', () => {
	it('settles once the pack being generated is in place and announced', async () => {
		const state = new TaskPackState();
		const announced: string[] = [];
		state.onChange((pack) => announced.push(pack.id));
		// Started, not awaited: as when a family is chosen and a skill created straight after.
		void state.useFamily('coin-flip');
		void state.useFamily('date-arithmetic');
		await state.settled();
		expect(state.pack?.id).toBe('date-arithmetic');
		expect(announced.at(-1)).toBe('date-arithmetic');
	});

	it('re-splits an imported pack when split sizes change, keeping it the task', async () => {
		const state = new TaskPackState();
		const draft = await imported(30);
		state.useImported(draft.pack, 'sums.csv', false, draft.items);
		expect(state.selection.familyId).toBe(IMPORTED_TASK);
		expect(state.importedTitle).toBe('sums');
		state.selection.sizes = { train: 14, val: 12, test: 4 };
		await state.applySelection();
		expect(lengths(state)).toEqual([14, 12, 4]);
		expect(state.origin?.kind).toBe('imported');
		// Too many is refused with the reason and changes nothing.
		state.selection.sizes = { train: 14, val: 12, test: 40 };
		await state.applySelection();
		expect(state.error).toMatch(/there are only 30/);
		expect(lengths(state)).toEqual([14, 12, 4]);
	});

	it('goes back to the imported pack from a built-in family, as it was', async () => {
		const state = new TaskPackState();
		const draft = await imported(30);
		state.useImported(draft.pack, 'sums.csv', false, draft.items);
		state.deleteItem('test', 0);
		await state.useFamily('coin-flip');
		expect(state.origin?.kind).toBe('built-in');
		state.selection = {
			...state.selection,
			familyId: IMPORTED_TASK,
			sizes: { train: 10, val: 10, test: 9 }
		};
		await state.applySelection();
		expect(state.origin?.kind).toBe('imported');
		expect(lengths(state)).toEqual([10, 10, 9]);
		expect(state.edited).toBe(true);
	});

	it('keeps an edited built-in pack and brings it back with its edits', async () => {
		const state = new TaskPackState();
		await state.useFamily('coin-flip', 1);
		const removed = state.pack?.splits.train[0]?.id;
		state.deleteItem('train', 0);
		await state.useFamily('coin-flip', 2);
		expect(state.edited).toBe(false);
		expect(state.notice).toBeNull();
		await state.useFamily('coin-flip', 1);
		expect(state.edited).toBe(true);
		expect(state.notice).toMatch(/edited items/);
		expect(state.pack?.splits.train.some((item) => item.id === removed)).toBe(false);
		await state.discardEdits();
		expect(state.edited).toBe(false);
		expect(state.pack?.splits.train.some((item) => item.id === removed)).toBe(true);
	});
});
