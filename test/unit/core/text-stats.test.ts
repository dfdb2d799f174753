import { describe, expect, it } from 'vitest';
import { approxTokenCount, textStats } from '../../../src/core/index.ts';

describe('textStats', () => {
	it('counts an empty document as one line with no words or tokens', () => {
		expect(textStats('')).toEqual({ characters: 0, words: 0, lines: 1, approxTokens: 0 });
	});

	it('counts characters as code points, not UTF-16 units', () => {
		expect(textStats('😀é').characters).toBe(2);
	});

	it('counts words and lines', () => {
		const stats = textStats('# Skill\n\nCount the flips.\n');
		expect(stats.words).toBe(5);
		expect(stats.lines).toBe(4);
	});
});

describe('approxTokenCount', () => {
	it('splits long words, digit runs and punctuation like a BPE tokenizer would', () => {
		expect(approxTokenCount('Answer: 42')).toBe(4);
		expect(approxTokenCount('internationalisation')).toBe(5);
		expect(approxTokenCount('1234567')).toBe(3);
		expect(approxTokenCount('a, b.')).toBe(4);
	});

	it('charges one token per run of newlines', () => {
		expect(approxTokenCount('a\n\n\nb')).toBe(3);
	});

	it('grows when text is added and never goes below one token per word', () => {
		const base = 'Only flips toggle the coin.';
		expect(approxTokenCount(`${base} Even count means heads.`)).toBeGreaterThan(
			approxTokenCount(base)
		);
		const prose = 'the quick brown fox jumps over the lazy dog '.repeat(20);
		expect(approxTokenCount(prose)).toBeGreaterThanOrEqual(textStats(prose).words);
	});

	it('stays conservative on English prose (at least chars / 4.5)', () => {
		const prose =
			'Read the question carefully. Track each person who flips the coin, ignore the ones who do not, and count the flips before answering.';
		expect(approxTokenCount(prose)).toBeGreaterThanOrEqual(Math.ceil(prose.length / 4.5));
	});
});
