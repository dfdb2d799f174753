/**
 * A seeded implementation of the Random port (sfc32, seeded from a string through a 32-bit hash).
 *
 * Everything random in the core, the generators and the scripted engine goes through this, so the
 * same seed gives the same run in the browser, in Node and after a resume. `fork(label)` derives an
 * independent stream from the seed and a label, so adding a draw in one place does not shift the
 * draws of another (e.g. epoch shuffles vs. the optimiser's knobs).
 */
import type { Random } from './ports.ts';

/** Create a seeded generator. Equal seeds give equal streams. */
export function createRandom(seed: number | string): Random {
	const key = String(seed);
	const h = cyrb128(key);
	let a = h[0];
	let b = h[1];
	let c = h[2];
	let d = h[3];
	const nextU32 = (): number => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};
	// Discard the first outputs: sfc32 mixes poorly for a few rounds after seeding.
	for (let i = 0; i < 12; i++) nextU32();
	const random: Random = {
		next: () => nextU32() / 4294967296,
		int: (n: number) => {
			if (!Number.isInteger(n) || n <= 0)
				throw new RangeError(`int(n) needs a positive integer, got ${n}`);
			return Math.floor((nextU32() / 4294967296) * n);
		},
		fork: (label: string) => createRandom(`${key}/${label}`)
	};
	return random;
}

/** A stable 32-bit hash of a string (FNV-1a), for deterministic "coin flips" keyed by data. */
export function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** A deterministic number in [0, 1) derived from a key: the same key always gives the same value. */
export function unitHash(key: string): number {
	return createRandom(key).next();
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		const tmp = out[i] as T;
		out[i] = out[j] as T;
		out[j] = tmp;
	}
	return out;
}

function cyrb128(str: string): [number, number, number, number] {
	let h1 = 1779033703;
	let h2 = 3144134277;
	let h3 = 1013904242;
	let h4 = 2773480762;
	for (let i = 0; i < str.length; i++) {
		const k = str.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
