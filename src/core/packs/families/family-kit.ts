/**
 * Small helpers every built-in generator needs: a per-item seeded stream, draws from word lists,
 * and the error a solver throws when an input is not in its family's shape.
 *
 * Each item gets its own stream keyed by (family, seed, index, difficulty), so generating item 7
 * never depends on having generated items 0..6 first, and items can be produced in any order.
 */
import { createRandom } from '../../random.ts';
import type { Random } from '../../ports.ts';

/** Thrown by a family's `solve` when the input text does not parse as an item of that family. */
export class UnsolvableInputError extends Error {
	constructor(familyId: string, reason: string) {
		super(`${familyId}: cannot solve this input: ${reason}`);
		this.name = 'UnsolvableInputError';
	}
}

/** Thrown by a generator asked for a difficulty it does not offer. */
export class UnknownDifficultyError extends RangeError {
	constructor(familyId: string, difficulty: number, offered: readonly number[]) {
		super(`${familyId}: difficulty ${difficulty} is not one of ${offered.join(', ')}`);
		this.name = 'UnknownDifficultyError';
	}
}

/** The seeded stream for one generated item. */
export function itemRandom(
	familyId: string,
	seed: number,
	index: number,
	difficulty: number
): Random {
	return createRandom(`${familyId}|${seed}|${index}|${difficulty}`);
}

/** The id every generated item gets. */
export function itemId(familyId: string, seed: number, index: number): string {
	return `${familyId}#${seed}-${index}`;
}

/** Checks a requested difficulty against the levels a family offers. */
export function checkDifficulty(
	familyId: string,
	difficulty: number,
	offered: readonly number[]
): void {
	if (!offered.includes(difficulty))
		throw new UnknownDifficultyError(familyId, difficulty, offered);
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
	const item = items[random.int(items.length)];
	if (item === undefined) throw new RangeError('pick needs a non-empty list');
	return item;
}

/** `count` distinct elements of a list, in random order. */
export function pickDistinct<T>(random: Random, items: readonly T[], count: number): T[] {
	if (count > items.length) throw new RangeError(`cannot pick ${count} of ${items.length}`);
	const pool = [...items];
	const out: T[] = [];
	for (let i = 0; i < count; i++) {
		const [item] = pool.splice(random.int(pool.length), 1);
		if (item !== undefined) out.push(item);
	}
	return out;
}

/** An integer in [low, high], both ends included. */
export function intBetween(random: Random, low: number, high: number): number {
	return low + random.int(high - low + 1);
}

/** True with probability `p`. */
export function chance(random: Random, p: number): boolean {
	return random.next() < p;
}
