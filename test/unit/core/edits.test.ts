import { describe, expect, it } from 'vitest';
import {
	ChangeTracker,
	applyChanges,
	applyEdits,
	findAnchor,
	validateChanges
} from '../../../src/core/edits/index.ts';
import type { ProposedEdit } from '../../../src/core/optimiser-io.ts';
import { SLOW_UPDATE_END, SLOW_UPDATE_START } from '../../../src/core/skill/index.ts';

const SLOW = `${SLOW_UPDATE_START}\nKeep answers short.\n${SLOW_UPDATE_END}`;
const DOC = `# Skill\n\n## Steps\n- Count the flips.\n- Add them up.\n\n${SLOW}\n`;

function statuses(doc: string, edits: ProposedEdit[]): string[] {
	return applyEdits(doc, edits).reports.map((r) => r.status);
}

describe('findAnchor', () => {
	it('prefers an exact match, then one ignoring case and spacing', () => {
		expect(findAnchor('- Count flips\n- Sum', 'Count flips')).toEqual({
			kind: 'unique',
			from: 2,
			to: 13,
			by: 'exact'
		});
		expect(findAnchor('- Count  flips\n- Sum', ' count\nFLIPS ')).toEqual({
			kind: 'unique',
			from: 2,
			to: 14,
			by: 'normalised'
		});
	});

	it('refuses to pick between two matches', () => {
		expect(findAnchor('a rule\nA  RULE', 'a rule').kind).toBe('unique');
		expect(findAnchor('a rule\na rule', 'a rule')).toEqual({
			kind: 'ambiguous',
			count: 2,
			by: 'exact'
		});
		expect(findAnchor('a rule\nA  RULE', 'A rule')).toMatchObject({
			kind: 'ambiguous',
			by: 'normalised'
		});
		expect(findAnchor('abc', 'zzz')).toEqual({ kind: 'none' });
		expect(findAnchor('abc', '   ')).toEqual({ kind: 'none' });
	});
});

describe('applyEdits: ops', () => {
	it('appends before the first protected region, blank-line separated', () => {
		const { text, reports } = applyEdits(DOC, [{ op: 'append', content: '  - Check units.  ' }]);
		expect(text).toBe(
			`# Skill\n\n## Steps\n- Count the flips.\n- Add them up.\n\n- Check units.\n\n${SLOW}\n`
		);
		expect(reports[0]).toMatchObject({
			status: 'applied',
			reason: 'appended before the protected region'
		});
	});

	it('appends at the end of a document without regions, ending it with a line break', () => {
		expect(applyEdits('# Skill\n\n\n', [{ op: 'append', content: 'Be brief.' }]).text).toBe(
			'# Skill\n\nBe brief.\n'
		);
		expect(applyEdits('', [{ op: 'append', content: 'Be brief.' }]).text).toBe('Be brief.\n');
	});

	it('inserts on a new line after the line where the anchor ends', () => {
		const { text, reports } = applyEdits(DOC, [
			{ op: 'insert_after', target: 'Count the', content: '- Ignore distractors.' }
		]);
		expect(text).toContain('- Count the flips.\n- Ignore distractors.\n- Add them up.');
		expect(reports[0]).toMatchObject({ status: 'applied', matchedBy: 'exact' });
	});

	it('falls back to append when the insert_after anchor is missing or not found, and says so', () => {
		const missing = applyEdits(DOC, [{ op: 'insert_after', content: 'X rule.' }]);
		expect(missing.reports[0]?.status).toBe('applied_fallback');
		expect(missing.reports[0]?.reason).toBe(
			'no anchor given; appended before the protected region'
		);
		const notFound = applyEdits(DOC, [{ op: 'insert_after', target: 'Nope', content: 'X rule.' }]);
		expect(notFound.reports[0]?.status).toBe('applied_fallback');
		expect(notFound.text).toContain('- Add them up.\n\nX rule.\n\n<!-- SLOW');
	});

	it('replaces and deletes the unique match, removing a whole deleted line', () => {
		const r = applyEdits(DOC, [
			{ op: 'replace', target: 'add THEM up.', content: 'Sum them.' },
			{ op: 'delete', target: '- Count the flips.' }
		]);
		expect(r.text).toBe(`# Skill\n\n## Steps\n- Sum them.\n\n${SLOW}\n`);
		expect(r.reports.map((x) => [x.status, x.matchedBy])).toEqual([
			['applied', 'normalised'],
			['applied', 'exact']
		]);
		expect(r.applied).toBe(2);
	});

	it('deletes part of a line without touching the rest of it', () => {
		expect(applyEdits('- Count the flips now.', [{ op: 'delete', target: ' now' }]).text).toBe(
			'- Count the flips.'
		);
	});
});

describe('applyEdits: line addresses', () => {
	it('addresses lines as numbered in the line view of the input', () => {
		const r = applyEdits(DOC, [
			{ op: 'replace', line: 4, content: '- Count every flip.' },
			{ op: 'insert_after', line: 3, content: '- Read the question.' },
			{ op: 'delete', line: 5 }
		]);
		expect(r.text).toBe(
			`# Skill\n\n## Steps\n- Read the question.\n- Count every flip.\n\n${SLOW}\n`
		);
		expect(r.reports.every((x) => x.matchedBy === 'line')).toBe(true);
	});

	it('follows a line through earlier edits and refuses a line an earlier edit changed', () => {
		const r = applyEdits(DOC, [
			{ op: 'insert_after', line: 1, content: 'Intro.' },
			{ op: 'replace', line: 5, content: '- Total them.' },
			{ op: 'replace', line: 5, content: '- Again.' }
		]);
		expect(r.text).toContain('- Count the flips.\n- Total them.');
		expect(r.reports.map((x) => x.status)).toEqual(['applied', 'applied', 'unmatched']);
		expect(r.reports[2]?.reason).toBe('line 5 was changed by an earlier edit');
	});

	it('deletes an empty line with its line break', () => {
		expect(applyEdits('a\n\nb', [{ op: 'delete', line: 2 }]).text).toBe('a\nb');
	});

	it('reports lines that do not exist instead of guessing', () => {
		expect(statuses(DOC, [{ op: 'replace', line: 0, content: 'x' }])).toEqual([
			'line_out_of_range'
		]);
		expect(statuses(DOC, [{ op: 'replace', line: 99, content: 'x' }])).toEqual([
			'line_out_of_range'
		]);
		expect(statuses(DOC, [{ op: 'delete', line: 2.5 }])).toEqual(['line_out_of_range']);
		const bad = applyEdits(DOC, [{ op: 'delete', line: '3' as unknown as number }]);
		expect(bad.reports[0]?.reason).toBe('line must be a whole number (got "3")');
		expect(bad.text).toBe(DOC);
	});
});

describe('applyEdits: refusals', () => {
	it('reports unmatched and ambiguous anchors without changing the document', () => {
		const doc = '- a rule\n- a rule\n- other';
		const r = applyEdits(doc, [
			{ op: 'replace', target: 'missing', content: 'x' },
			{ op: 'delete', target: 'a rule' },
			{ op: 'insert_after', target: '- a rule', content: 'x' }
		]);
		expect(r.reports.map((x) => x.status)).toEqual(['unmatched', 'ambiguous', 'ambiguous']);
		expect(r.reports[1]?.reason).toBe(
			'target "a rule" occurs 2+ times; quote more of it or use a line number'
		);
		expect(r.text).toBe(doc);
		expect(r.changes).toEqual([]);
	});

	it('rejects edits that reach into or carry a protected region', () => {
		const r = applyEdits(DOC, [
			{ op: 'replace', target: 'Keep answers short.', content: 'Hacked.' },
			{ op: 'delete', target: `up.\n\n${SLOW_UPDATE_START}` },
			{ op: 'replace', line: 8, content: 'x' },
			{ op: 'delete', line: 7 },
			{ op: 'append', content: `x ${SLOW_UPDATE_END}` },
			{ op: 'replace', target: 'Add them', content: 'ok <!--slow_update_start-->' },
			{ op: 'insert_after', target: 'short.', content: 'more' },
			{ op: 'insert_after', target: 'SLOW_UPDATE_END', content: 'more' }
		]);
		expect(r.reports.map((x) => x.status)).toEqual(Array(8).fill('protected'));
		expect(r.text).toBe(DOC);
	});

	it('refuses an insertion point inside a region that starts mid-line', () => {
		const doc = `intro ${SLOW_UPDATE_START}\nx\n${SLOW_UPDATE_END}`;
		expect(statuses(doc, [{ op: 'insert_after', target: 'intro', content: 'y' }])).toEqual([
			'protected'
		]);
	});

	it('gives invalid edits specific statuses', () => {
		const edits = [
			{ op: 'rewrite', content: 'x' },
			{ op: 'replace', target: 'Count', content: '   ' },
			{ op: 'insert_after', target: 'Count' },
			{ op: 'replace', content: 'x' },
			{ op: 'delete', target: '  ' },
			{ op: 'replace', target: 'Add them up.', content: 'Add them up.' },
			{ op: 'append', content: '- count  THE flips.' },
			null
		] as unknown as ProposedEdit[];
		const r = applyEdits(DOC, edits);
		expect(r.reports.map((x) => x.status)).toEqual([
			'invalid_op',
			'missing_content',
			'missing_content',
			'missing_target',
			'missing_target',
			'unchanged',
			'duplicate',
			'invalid_op'
		]);
		expect(r.text).toBe(DOC);
		for (const report of r.reports) expect(report.reason).toMatch(/^[^\n]+$/);
	});
});

describe('changes', () => {
	it('describes the applied edits as one transaction in the original coordinates', () => {
		const r = applyEdits(DOC, [
			{ op: 'append', content: 'Tail rule.' },
			{ op: 'replace', line: 1, content: '# Coin skill' },
			{ op: 'delete', line: 4 }
		]);
		expect(applyChanges(DOC, r.changes)).toBe(r.text);
		expect(r.changes[0]).toEqual({ from: 0, to: 7, insert: '# Coin skill' });
		expect(r.changes.length).toBe(3);
	});

	it('throws RangeError on out-of-bounds, unsorted or overlapping changes', () => {
		expect(() => applyChanges('abc', [{ from: 2, to: 4, insert: '' }])).toThrow(RangeError);
		expect(() => applyChanges('abc', [{ from: -1, to: 0, insert: '' }])).toThrow(RangeError);
		expect(() => applyChanges('abc', [{ from: 2, to: 1, insert: '' }])).toThrow(RangeError);
		expect(() => applyChanges('abc', [{ from: 0.5, to: 1, insert: '' }])).toThrow(RangeError);
		expect(() =>
			validateChanges(
				[
					{ from: 1, to: 2, insert: '' },
					{ from: 0, to: 1, insert: '' }
				],
				3
			)
		).toThrow(/before the previous change ended/);
		expect(() => new ChangeTracker('ab').apply({ from: 0, to: 3, insert: '' })).toThrow(RangeError);
	});

	it('maps untouched original spans and forgets touched ones', () => {
		const t = new ChangeTracker('hello world');
		t.apply({ from: 0, to: 0, insert: '>> ' });
		expect(t.mapSpan(6, 11)).toEqual({ from: 9, to: 14 });
		t.apply({ from: 9, to: 10, insert: 'W' });
		expect(t.mapSpan(6, 11)).toBeUndefined();
		expect(t.mapSpan(0, 5)).toEqual({ from: 3, to: 8 });
		expect(t.text).toBe('>> hello World');
	});
});
