import { describe, expect, it } from 'vitest';
import { EditorState, Text, type TransactionSpec } from '@codemirror/state';
import {
	allowMarkerRemoval,
	markerWidgetRanges,
	protectedBlocks,
	protectedDecorations,
	removalOf,
	type RemovalRequest
} from '../../../src/lib/editor/protected-blocks.ts';

const DOC = `# Skill
- rule
<!-- SLOW_UPDATE_START -->
Check units.
<!-- SLOW_UPDATE_END -->
<!-- APPENDIX_START -->
## Execution Notes Appendix
<!-- APPENDIX_END -->
`;

function spans(doc: string) {
	const out: { from: number; to: number; widget: boolean }[] = [];
	protectedDecorations(Text.of(doc.split('\n'))).between(0, doc.length, (from, to, deco) => {
		out.push({ from, to, widget: deco.spec.widget !== undefined });
	});
	return out;
}

describe('protected-block decorations', () => {
	it('put one labelled widget over each exact marker, in document order', () => {
		const ranges = markerWidgetRanges(DOC);
		expect(ranges.map((r) => DOC.slice(r.from, r.to))).toEqual([
			'<!-- SLOW_UPDATE_START -->',
			'<!-- SLOW_UPDATE_END -->',
			'<!-- APPENDIX_START -->',
			'<!-- APPENDIX_END -->'
		]);
		expect(ranges[0]?.label).toBe(
			'Slow update — written by the loop at epoch ends; proposed edits cannot touch it'
		);
		expect(ranges[1]?.label).toBe('End of slow update');
		const widgets = spans(DOC).filter((s) => s.widget);
		expect(widgets.map(({ from, to }) => ({ from, to }))).toEqual(
			ranges.map(({ from, to }) => ({ from, to }))
		);
	});

	it('tint every line of a closed block, markers included, and no other line', () => {
		const lineStarts = spans(DOC)
			.filter((s) => !s.widget)
			.map((s) => s.from);
		const lines = DOC.split('\n');
		const startOf = (n: number) => lines.slice(0, n).join('\n').length + (n === 0 ? 0 : 1);
		expect(lineStarts).toEqual([2, 3, 4, 5, 6, 7].map(startOf));
	});

	it('mark a stray marker but tint nothing for it', () => {
		const doc = 'a\n<!-- SLOW_UPDATE_END -->\nb';
		expect(spans(doc)).toEqual([{ from: 2, to: 26, widget: true }]);
	});

	it('has no decorations without markers (a lookalike is plain text)', () => {
		expect(spans('# Skill\n<!-- SLOW_UPDATE -->\n')).toEqual([]);
	});
});

describe('deleting markers', () => {
	const doc = Text.of(DOC.split('\n'));
	const start = DOC.indexOf('<!-- SLOW');
	const endTo = DOC.indexOf('<!-- SLOW_UPDATE_END -->') + '<!-- SLOW_UPDATE_END -->'.length;

	it('tells a whole-block delete from a broken marker, and ignores edits inside the block', () => {
		const state = EditorState.create({ doc: DOC });
		const whole = state.changes({ from: start, to: endTo });
		expect(removalOf(doc, whole)).toMatchObject({ wholeBlocks: ['slow'] });
		expect(removalOf(doc, whole).hits).toHaveLength(2);
		const one = state.changes({ from: start + 3, to: start + 4 });
		expect(removalOf(doc, one)).toMatchObject({ wholeBlocks: [] });
		expect(removalOf(doc, one).hits).toHaveLength(1);
		const inside = DOC.indexOf('Check');
		expect(removalOf(doc, state.changes({ from: inside, to: inside + 5 })).hits).toEqual([]);
		// Typing right before or after a marker leaves it whole.
		expect(removalOf(doc, state.changes({ from: start, insert: 'x' })).hits).toEqual([]);
	});

	function withGuard(spec: TransactionSpec) {
		const asked: RemovalRequest[] = [];
		const state = EditorState.create({
			doc: DOC,
			extensions: protectedBlocks((r) => asked.push(r))
		});
		const next = state.update(spec).state;
		return { changed: next.doc.toString() !== DOC, asked };
	}

	it('holds back a person deleting a marker and asks', async () => {
		const { changed, asked } = withGuard({
			changes: { from: start, to: endTo },
			userEvent: 'delete.backward'
		});
		expect(changed).toBe(false);
		await Promise.resolve();
		expect(asked).toHaveLength(1);
		expect(asked[0]?.confirmLabel).toBe('Delete block');
	});

	it('lets typing inside the block, undo and outside replacements through', async () => {
		const inside = DOC.indexOf('Check');
		expect(
			withGuard({ changes: { from: inside, insert: 'Do ' }, userEvent: 'input.type' }).changed
		).toBe(true);
		expect(withGuard({ changes: { from: start, to: endTo }, userEvent: 'undo' }).changed).toBe(
			true
		);
		const replaced = withGuard({
			changes: { from: 0, to: DOC.length, insert: '# New' },
			userEvent: 'input.replace',
			annotations: allowMarkerRemoval.of(true)
		});
		expect(replaced.changed).toBe(true);
		await Promise.resolve();
		expect(replaced.asked).toEqual([]);
	});
});
