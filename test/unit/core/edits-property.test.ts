import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, applyEdits } from '../../../src/core/edits/index.ts';
import type { ProposedEdit } from '../../../src/core/optimiser-io.ts';
import {
	APPENDIX_END,
	APPENDIX_START,
	SLOW_UPDATE_END,
	SLOW_UPDATE_START,
	findRegions,
	splitLines
} from '../../../src/core/skill/index.ts';

const MARKERS = [SLOW_UPDATE_START, SLOW_UPDATE_END, APPENDIX_START, APPENDIX_END];
const WORDS = ['- Count', 'the flips', 'rule', 'Rule', '  ', '\n', '## Steps', 'answer', 'x', '.'];

const fragment = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...WORDS) },
	{ weight: 1, arbitrary: fc.constantFrom(...MARKERS) },
	{ weight: 1, arbitrary: fc.string({ maxLength: 6 }) }
);
const prose = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(' '));
const safeProse = prose.map((t) => t.replace(/(?:SLOW_UPDATE|APPENDIX)_(?:START|END)/gi, ''));

/** Well-formed documents: body, slow region, optional appendix, optional trailing body. */
const wellFormed = fc
	.record({
		body: safeProse,
		slow: safeProse,
		appendix: fc.option(safeProse),
		after: fc.option(safeProse)
	})
	.map(
		({ body, slow, appendix, after }) =>
			`${body}\n${SLOW_UPDATE_START}\n${slow}\n${SLOW_UPDATE_END}\n` +
			(appendix === null ? '' : `${APPENDIX_START}\n${appendix}\n${APPENDIX_END}\n`) +
			(after ?? '')
	);

/** Anything, markers scattered at random (unpaired, nested, duplicated). */
const anyDoc = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('\n'));

function editFor(doc: string): fc.Arbitrary<ProposedEdit> {
	const lines = splitLines(doc).length;
	const slice = fc
		.tuple(fc.nat(doc.length), fc.nat(40))
		.map(([at, len]) => doc.slice(at, at + len));
	const target = fc.option(fc.oneof(slice, prose, fc.constantFrom(...MARKERS)), { nil: undefined });
	const line = fc.option(fc.integer({ min: -1, max: lines + 2 }), { nil: undefined });
	const content = fc.option(fc.oneof(prose, slice), { nil: undefined });
	const op = fc.constantFrom('append', 'insert_after', 'replace', 'delete', 'bogus');
	return fc
		.record({ op, target, line, content })
		.map(
			(e) =>
				Object.fromEntries(
					Object.entries(e).filter(([, v]) => v !== undefined)
				) as unknown as ProposedEdit
		);
}

function protectedBytes(text: string): string[] {
	return findRegions(text).protectedSpans.map((s) => text.slice(s.from, s.to));
}

const withEdits = (docs: fc.Arbitrary<string>) =>
	docs.chain((doc) => fc.tuple(fc.constant(doc), fc.array(editFor(doc), { maxLength: 8 })));

describe('applyEdits properties', () => {
	it('never changes the bytes of protected regions in well-formed documents', () => {
		fc.assert(
			fc.property(withEdits(wellFormed), ([doc, edits]) => {
				const before = findRegions(doc);
				const result = applyEdits(doc, edits);
				const after = findRegions(result.text);
				expect(after.problems).toEqual([]);
				expect(after.regions.map((r) => result.text.slice(r.from, r.to))).toEqual(
					before.regions.map((r) => doc.slice(r.from, r.to))
				);
				expect(result.reports).toHaveLength(edits.length);
			}),
			{ numRuns: 1500 }
		);
	});

	it('never changes protected spans or markers, even in malformed documents', () => {
		fc.assert(
			fc.property(withEdits(anyDoc), ([doc, edits]) => {
				const result = applyEdits(doc, edits);
				expect(protectedBytes(result.text)).toEqual(protectedBytes(doc));
				expect(findRegions(result.text).problems.map((p) => p.code)).toEqual(
					findRegions(doc).problems.map((p) => p.code)
				);
			}),
			{ numRuns: 1500 }
		);
	});

	it('produces a change list that turns the input into the output in one transaction', () => {
		fc.assert(
			fc.property(withEdits(fc.oneof(wellFormed, anyDoc)), ([doc, edits]) => {
				const result = applyEdits(doc, edits);
				expect(applyChanges(doc, result.changes)).toBe(result.text);
				const unchanged = result.reports.every((r) => r.change === undefined);
				expect(result.text === doc || !unchanged).toBe(true);
			}),
			{ numRuns: 1500 }
		);
	});
});
