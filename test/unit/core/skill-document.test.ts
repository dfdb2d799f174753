import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import {
	APPENDIX_END,
	APPENDIX_START,
	SLOW_UPDATE_END,
	SLOW_UPDATE_START,
	approxSkillTokens,
	containsMarker,
	countSkillTokens,
	findRegions,
	lineAt,
	lineSpan,
	lineView,
	outline,
	overlapsProtected,
	setSlowBlock,
	shortHash,
	skillHash,
	slowBlockContent,
	splitLines,
	stripMarkers
} from '../../../src/core/skill/index.ts';
import { approxTokenCount } from '../../../src/core/text-stats.ts';
import { MalformedSkillError } from '../../../src/core/errors.ts';

const SLOW = `${SLOW_UPDATE_START}\nKeep answers short.\n${SLOW_UPDATE_END}`;

describe('markers', () => {
	it('keeps the reference implementation marker strings', () => {
		expect(SLOW_UPDATE_START).toBe('<!-- SLOW_UPDATE_START -->');
		expect(SLOW_UPDATE_END).toBe('<!-- SLOW_UPDATE_END -->');
		expect(APPENDIX_START).toBe('<!-- APPENDIX_START -->');
		expect(APPENDIX_END).toBe('<!-- APPENDIX_END -->');
	});

	it('recognises marker-like text in any case and spacing', () => {
		expect(containsMarker('x <!--slow_update_end--> y')).toBe(true);
		expect(containsMarker('APPENDIX_START')).toBe(true);
		expect(containsMarker('slow update at the end')).toBe(false);
		expect(stripMarkers(`a ${SLOW_UPDATE_END} b <!--appendix_start-->`)).toBe('a  b ');
	});
});

describe('findRegions', () => {
	it('finds a well-formed slow region and appendix with their content spans', () => {
		const doc = `# S\n${SLOW}\n${APPENDIX_START}\n- note\n${APPENDIX_END}\n`;
		const scan = findRegions(doc);
		expect(scan.problems).toEqual([]);
		expect(scan.regions.map((r) => r.kind)).toEqual(['slow', 'appendix']);
		const slow = scan.regions[0];
		expect(slow && doc.slice(slow.from, slow.to)).toBe(SLOW);
		expect(slow && doc.slice(slow.contentFrom, slow.contentTo)).toBe('\nKeep answers short.\n');
		expect(scan.protectedSpans).toHaveLength(2);
	});

	it('reports an unpaired start and protects everything after it', () => {
		const doc = `# S\nbody\n${SLOW_UPDATE_START}\nrest`;
		const scan = findRegions(doc);
		expect(scan.problems.map((p) => [p.code, p.line])).toEqual([['unpaired_start', 3]]);
		expect(scan.protectedSpans).toEqual([{ from: doc.indexOf('<!--'), to: doc.length }]);
	});

	it('reports an unpaired end and protects the stray marker itself', () => {
		const doc = `body\n${SLOW_UPDATE_END}\nmore`;
		const scan = findRegions(doc);
		expect(scan.problems[0]?.code).toBe('unpaired_end');
		expect(scan.regions).toEqual([]);
		expect(scan.protectedSpans).toEqual([{ from: 5, to: 5 + SLOW_UPDATE_END.length }]);
	});

	it('reports nested markers and keeps them inside the outer region', () => {
		const doc = `${SLOW_UPDATE_START}\n${APPENDIX_START}\nx\n${SLOW_UPDATE_END}\n${APPENDIX_END}`;
		const scan = findRegions(doc);
		expect(scan.problems.map((p) => p.code)).toEqual(['nested', 'unpaired_end']);
		expect(scan.regions[0]?.kind).toBe('slow');
		expect(scan.problems[0]?.message).toContain('APPENDIX_START inside the SLOW_UPDATE_START');
	});

	it('reports a second region of the same kind as a duplicate', () => {
		const scan = findRegions(`${SLOW}\n${SLOW}`);
		expect(scan.problems.map((p) => p.code)).toEqual(['duplicate']);
		expect(scan.regions).toHaveLength(2);
	});

	it('treats an insertion point as protected only strictly inside a span', () => {
		const spans = [{ from: 10, to: 20 }];
		expect(overlapsProtected(spans, 10, 10)).toBe(false);
		expect(overlapsProtected(spans, 20, 20)).toBe(false);
		expect(overlapsProtected(spans, 11, 11)).toBe(true);
		expect(overlapsProtected(spans, 5, 11)).toBe(true);
		expect(overlapsProtected(spans, 20, 25)).toBe(false);
	});
});

describe('lines', () => {
	it('numbers lines as an editor does, leaving out the empty line after a final break', () => {
		expect(splitLines('a\nb\n').map((l) => l.text)).toEqual(['a', 'b']);
		expect(splitLines('a\n\nb').map((l) => l.text)).toEqual(['a', '', 'b']);
		expect(splitLines('')).toEqual([{ line: 1, from: 0, to: 0, end: 0, text: '' }]);
	});

	it('renders the numbered view shown to the optimiser', () => {
		expect(lineView('# Skill\n- Count flips\n')).toBe('L1: # Skill\nL2: - Count flips');
	});

	it('maps a line number back to its exact span and rejects numbers that do not exist', () => {
		const doc = '# Skill\n- Count flips\n- Sum';
		const span = lineSpan(doc, 2);
		expect(span && doc.slice(span.from, span.to)).toBe('- Count flips');
		expect(span?.end).toBe(doc.indexOf('- Sum'));
		expect(lineSpan(doc, 0)).toBeUndefined();
		expect(lineSpan(doc, 4)).toBeUndefined();
		expect(lineSpan(doc, 1.5)).toBeUndefined();
		expect(lineAt(doc, doc.indexOf('Sum'))).toBe(3);
	});
});

describe('skill document', () => {
	it('hashes the UTF-8 text with full SHA-256 and shortens it only for display', async () => {
		const hasher = createSha256Hasher(webcrypto.subtle);
		const hash = await skillHash('abc', hasher);
		expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(shortHash(hash)).toBe('ba7816bf');
		expect(shortHash(hash, 16)).toHaveLength(16);
		expect(await skillHash('abc ', hasher)).not.toBe(hash);
	});

	it('outlines headings with line numbers, skipping code fences and flagging protected ones', () => {
		const doc = `# Skill\n\n## Steps\n\`\`\`\n# not a heading\n\`\`\`\n### Edge cases ##\n${SLOW_UPDATE_START}\n## Guidance\n${SLOW_UPDATE_END}`;
		expect(outline(doc)).toEqual([
			{ level: 1, title: 'Skill', line: 1, protected: false },
			{ level: 2, title: 'Steps', line: 3, protected: false },
			{ level: 3, title: 'Edge cases', line: 7, protected: false },
			{ level: 2, title: 'Guidance', line: 9, protected: true }
		]);
		expect(outline('#hashtag\n####### seven')).toEqual([]);
	});

	it('counts tokens approximately with text-stats and exactly through a counter', async () => {
		expect(approxSkillTokens('# Skill\nCount the flips.')).toBe(
			approxTokenCount('# Skill\nCount the flips.')
		);
		const counter = { countTokens: (t: string) => Promise.resolve(t.length * 2) };
		expect(await countSkillTokens('abc', counter)).toBe(6);
	});

	it('appends an empty slow block at the end when there is none', () => {
		expect(setSlowBlock('# Skill\n- a\n\n', '')).toBe(
			`# Skill\n- a\n\n${SLOW_UPDATE_START}\n${SLOW_UPDATE_END}\n`
		);
		expect(setSlowBlock('', 'Be brief.')).toBe(
			`${SLOW_UPDATE_START}\nBe brief.\n${SLOW_UPDATE_END}\n`
		);
	});

	it('rewrites only the text between the slow markers', () => {
		const doc = `# Skill\n- a\n\n${SLOW}\n${APPENDIX_START}\nn\n${APPENDIX_END}\n`;
		const out = setSlowBlock(doc, '  Check units first.\n');
		expect(out).toBe(
			`# Skill\n- a\n\n${SLOW_UPDATE_START}\nCheck units first.\n${SLOW_UPDATE_END}\n${APPENDIX_START}\nn\n${APPENDIX_END}\n`
		);
		expect(slowBlockContent(out)).toBe('Check units first.');
		expect(slowBlockContent('# none')).toBeUndefined();
		expect(slowBlockContent(setSlowBlock(out, ''))).toBe('');
	});

	it('refuses guidance with markers and documents with broken slow markers', () => {
		expect(() => setSlowBlock('# S', `x ${SLOW_UPDATE_END}`)).toThrow(RangeError);
		expect(() => setSlowBlock(`# S\n${SLOW_UPDATE_START}\n`, 'x')).toThrow(MalformedSkillError);
		expect(() => setSlowBlock(`# S\n${SLOW}\n${SLOW}`, 'x')).toThrow(/second SLOW_UPDATE_START/);
	});
});
