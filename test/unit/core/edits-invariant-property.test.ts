/**
 * The protected-region invariant over sequences of edit batches: whatever the optimiser proposes,
 * step after step, the markers (count, kinds, order) and the protected bytes stay those of the
 * starting document. The generators reach the ways around a per-edit marker check: markers split
 * by filler (`<!-- SLOW_UPDQQATE_START -->`) in the document or in appended content, halves
 * joined by a later delete or replace, and CRLF documents.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../src/core/edits/index.ts';
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
const FILLERS = ['QQ', 'z', ' ', '\r\n', '\n-'];

interface Split {
	/** The marker with `filler` inserted at one position. */
	text: string;
	filler: string;
	/** A few characters around the filler, and the same without it: a joining replace. */
	around: string;
	joined: string;
}

/** Every marker split at every position by every filler. */
const SPLITS: Split[] = MARKERS.flatMap((marker) =>
	Array.from({ length: marker.length - 1 }, (_, i) => i + 1).flatMap((k) =>
		FILLERS.map((filler) => {
			const left = marker.slice(Math.max(0, k - 3), k);
			const right = marker.slice(k, k + 3);
			return {
				text: marker.slice(0, k) + filler + marker.slice(k),
				filler,
				around: left + filler + right,
				joined: left + right
			};
		})
	)
);

const WORDS = ['- Count', 'the flips', 'rule', '## Steps', 'answer', 'x', '.', '<!--', '-->'];

interface Sequence {
	doc: string;
	batches: ProposedEdit[][];
}

const sequence: fc.Arbitrary<Sequence> = fc
	.record({
		splits: fc.array(fc.constantFrom(...SPLITS), { minLength: 1, maxLength: 3 }),
		wellFormed: fc.boolean(),
		crlf: fc.boolean(),
		parts: fc.array(fc.nat(), { maxLength: 12 })
	})
	.chain(({ splits, wellFormed, crlf, parts }) => {
		// Body text with split markers (and, in malformed documents, stray whole markers).
		const body = parts
			.map((n) =>
				n % 5 === 0
					? (splits[n % splits.length]?.text ?? '')
					: !wellFormed && n % 7 === 1
						? (MARKERS[n % MARKERS.length] ?? '')
						: (WORDS[n % WORDS.length] ?? '')
			)
			.join(n2sep(parts.length));
		let doc = wellFormed
			? `${body}\n${SLOW_UPDATE_START}\nKeep answers short.\n${SLOW_UPDATE_END}\n`
			: body;
		if (crlf) doc = doc.replace(/\r?\n/g, '\r\n');
		const lines = splitLines(doc).length;
		const split = fc.constantFrom(...splits);
		const edit: fc.Arbitrary<ProposedEdit> = fc.oneof(
			// Joins: delete the filler, or replace the characters around it without it.
			split.map((s) => ({ op: 'delete' as const, target: s.filler })),
			split.map((s) => ({ op: 'replace' as const, target: s.around, content: s.joined })),
			// Half markers arriving as content, to be joined by a later edit.
			split.map((s) => ({ op: 'append' as const, content: s.text })),
			fc
				.tuple(split, fc.integer({ min: 1, max: lines }))
				.map(([s, line]) => ({ op: 'insert_after' as const, line, content: s.text })),
			fc
				.tuple(split, fc.integer({ min: 1, max: lines }))
				.map(([s, line]) => ({ op: 'replace' as const, line, content: s.text })),
			// Ordinary noise: deletes and replaces of slices, at lines or by text.
			fc
				.tuple(fc.nat(doc.length), fc.integer({ min: 1, max: 12 }))
				.map(([at, len]) => ({ op: 'delete' as const, target: doc.slice(at, at + len) })),
			fc.integer({ min: 1, max: lines }).map((line) => ({ op: 'delete' as const, line })),
			fc
				.tuple(fc.nat(doc.length), fc.integer({ min: 1, max: 8 }), fc.constantFrom(...WORDS))
				.map(([at, len, content]) => ({
					op: 'replace' as const,
					target: doc.slice(at, at + len),
					content
				}))
		);
		return fc.record({
			doc: fc.constant(doc),
			batches: fc.array(fc.array(edit, { minLength: 1, maxLength: 6 }), {
				minLength: 1,
				maxLength: 3
			})
		});
	});

function n2sep(n: number): string {
	return n % 2 === 0 ? '\n' : ' ';
}

/** What no step edit may change. */
function invariant(text: string): { markers: string[]; bytes: string[] } {
	const scan = findRegions(text);
	return {
		markers: scan.markers.map((m) => `${m.kind}:${m.side}`),
		bytes: scan.protectedSpans.map((s) => text.slice(s.from, s.to))
	};
}

describe('protected-region invariant over edit sequences', () => {
	it(
		'keeps markers and protected bytes after every batch of 10,000 generated sequences',
		{ timeout: 120_000 },
		() => {
			let forged = 0;
			let applied = 0;
			let crlf = 0;
			fc.assert(
				fc.property(sequence, ({ doc, batches }) => {
					const before = invariant(doc);
					if (doc.includes('\r\n')) crlf++;
					let text = doc;
					for (const batch of batches) {
						const result = applyEdits(text, batch);
						expect(result.reports).toHaveLength(batch.length);
						expect(invariant(result.text)).toEqual(before);
						forged += result.reports.filter((r) =>
							r.reason.includes('make or break a protected-region marker')
						).length;
						applied += result.applied;
						text = result.text;
					}
				}),
				{ numRuns: 10_000 }
			);
			// The generators must reach the cases that matter: forging attempts, real edits, CRLF.
			expect(forged).toBeGreaterThan(500);
			expect(applied).toBeGreaterThan(5_000);
			expect(crlf).toBeGreaterThan(2_000);
		}
	);
});
