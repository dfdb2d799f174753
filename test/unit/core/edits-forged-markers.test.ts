/**
 * Edits that hold no marker must not be able to make (or unmake) one between them, and a delete
 * removes exactly what it matched.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/edits/index.ts';
import {
	SLOW_UPDATE_END,
	SLOW_UPDATE_START,
	findRegions,
	setSlowBlock
} from '../../../src/core/skill/index.ts';

const SLOW = `${SLOW_UPDATE_START}\nKeep answers short.\n${SLOW_UPDATE_END}`;
const DOC = `# Skill\n\n## Steps\n- Count the flips.\n- Add them up.\n\n${SLOW}\n`;

describe('forged markers', () => {
	it('refuses the edit that joins two halves into a marker, in the same batch', () => {
		const result = applyEdits(DOC, [
			{ op: 'append', content: '<!-- SLOW_UPDQQATE_START -->' },
			{ op: 'delete', target: 'QQ' },
			{ op: 'append', content: '- Check the units.' }
		]);
		expect(result.reports.map((r) => r.status)).toEqual(['applied', 'protected', 'applied']);
		expect(result.reports[1]?.reason).toBe(
			'the change would make or break a protected-region marker'
		);
		// The later edit applied to the last good text, and the regions are intact.
		expect(result.text).toContain('<!-- SLOW_UPDQQATE_START -->');
		expect(result.text).toContain('- Check the units.');
		expect(findRegions(result.text).problems).toEqual([]);
		// The next slow update still works.
		expect(() => setSlowBlock(result.text, 'Be brief.')).not.toThrow();
	});

	it('refuses it in a later step too, and a replace that joins halves', () => {
		const step1 = applyEdits(DOC, [{ op: 'append', content: '<!-- SLOW_UPDATE_END X-->' }]);
		expect(step1.applied).toBe(0); // a marker-like name in content is refused outright
		const half = applyEdits(DOC, [{ op: 'append', content: '<!-- SLOW_UPD ATE_END -->' }]);
		expect(half.applied).toBe(1);
		const step2 = applyEdits(half.text, [{ op: 'replace', target: 'UPD ATE', content: 'UPDATE' }]);
		expect(step2.reports.map((r) => r.status)).toEqual(['protected']);
		expect(step2.text).toBe(half.text);
		const viaLine = applyEdits(half.text, [
			{ op: 'replace', line: 7, content: '<!-- SLOW_UPD' },
			{ op: 'insert_after', target: '- Add them up.', content: 'x' }
		]);
		expect(findRegions(viaLine.text).markers).toHaveLength(2);
	});

	it('refuses a delete that would fuse text around into a marker (CRLF document)', () => {
		const crlf = `# Skill\r\n- <!-- SLOW_UPDATE_ENDzz -->\r\n\r\n${SLOW.replace(/\n/g, '\r\n')}\r\n`;
		const r = applyEdits(crlf, [{ op: 'delete', target: 'zz' }]);
		expect(r.reports[0]?.status).toBe('protected');
		expect(r.text).toBe(crlf);
	});
});

describe('delete', () => {
	it('deletes exactly a target that ends in a line break, keeping the blank line after it', () => {
		const doc = '# Skill\n- Count the flips.\n\n## Next\n';
		expect(applyEdits(doc, [{ op: 'delete', target: '- Count the flips.\n' }]).text).toBe(
			'# Skill\n\n## Next\n'
		);
		expect(applyEdits(DOC, [{ op: 'delete', target: '- Add them up.\n' }]).text).toBe(
			`# Skill\n\n## Steps\n- Count the flips.\n\n${SLOW}\n`
		);
		const r = applyEdits(doc, [{ op: 'delete', target: '- Count the flips.\n' }]);
		expect(r.changes).toEqual([{ from: 8, to: 27, insert: '' }]);
	});

	it('still removes a whole line with its break when the target is the line without it', () => {
		expect(
			applyEdits('# Skill\n- Count the flips.\n\n## Next\n', [
				{ op: 'delete', target: '- Count the flips.' }
			]).text
		).toBe('# Skill\n\n## Next\n');
	});
});
