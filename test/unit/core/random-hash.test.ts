import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRandom, hash32, shuffled, unitHash } from '../../../src/core/random.ts';
import { createSha256Hasher, utf8 } from '../../../src/core/hash.ts';

describe('createRandom', () => {
	it('gives the same stream for the same seed and different ones otherwise', () => {
		const a = createRandom(7);
		const b = createRandom(7);
		const c = createRandom(8);
		const sa = Array.from({ length: 5 }, () => a.next());
		expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
		expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
	});

	it('forks independent, reproducible streams', () => {
		const x = createRandom(1).fork('shuffle').next();
		expect(createRandom(1).fork('shuffle').next()).toBe(x);
		expect(createRandom(1).fork('knobs').next()).not.toBe(x);
	});

	it('draws integers in range, roughly uniformly', () => {
		const r = createRandom('u');
		const counts = [0, 0, 0, 0];
		for (let i = 0; i < 4000; i++) {
			const k = r.int(4);
			counts[k] = (counts[k] ?? 0) + 1;
		}
		for (const n of counts) expect(n).toBeGreaterThan(850);
		expect(() => r.int(0)).toThrow(RangeError);
	});

	it('shuffles into a permutation without touching the input', () => {
		const input = [1, 2, 3, 4, 5, 6];
		const out = shuffled(input, createRandom(3));
		expect([...out].sort()).toEqual(input);
		expect(input).toEqual([1, 2, 3, 4, 5, 6]);
		expect(hash32('abc')).toBe(hash32('abc'));
		expect(unitHash('k')).toBe(unitHash('k'));
	});
});

describe('createSha256Hasher', () => {
	it('matches known SHA-256 digests, including non-ASCII text', async () => {
		const hasher = createSha256Hasher(webcrypto.subtle);
		expect(await hasher.sha256Hex('')).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
		);
		expect(await hasher.sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(utf8('é😀')).toEqual(new Uint8Array(Buffer.from('é😀', 'utf8')));
	});
});
