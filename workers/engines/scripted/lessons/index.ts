/**
 * The registry of what the scripted engine knows about the built-in task families: family id →
 * lessons. A pack whose id (or whose items' id prefix, `coin-flip#…`) is not here is an unknown
 * task to the simulation, which then behaves as a weak model.
 */
import type { FamilyLessons } from '../lesson-types.ts';
import { booleanExpressionsLessons } from './boolean-expressions.ts';
import { coinFlipLessons } from './coin-flip.ts';
import { dateArithmeticLessons } from './date-arithmetic.ts';
import { lastLettersLessons } from './last-letters.ts';
import { objectCountingLessons } from './object-counting.ts';
import { orderToJsonLessons } from './order-to-json.ts';
import { shuffledObjectsLessons } from './shuffled-objects.ts';
import { wordProblemsLessons } from './word-problems.ts';
import { wordSortingLessons } from './word-sorting.ts';

const ALL: readonly FamilyLessons[] = [
	coinFlipLessons,
	lastLettersLessons,
	objectCountingLessons,
	booleanExpressionsLessons,
	wordSortingLessons,
	dateArithmeticLessons,
	wordProblemsLessons,
	orderToJsonLessons,
	shuffledObjectsLessons
];

/** Lessons per family id. */
export const FAMILY_LESSONS: ReadonlyMap<string, FamilyLessons> = new Map(
	ALL.map((family) => [family.familyId, family])
);

/**
 * The lessons for a pack: by pack id, else by the family prefix of an item id
 * (`${familyId}#${seed}-${index}`).
 */
export function lessonsFor(
	registry: ReadonlyMap<string, FamilyLessons>,
	packId: string,
	itemIds: readonly string[] = []
): FamilyLessons | undefined {
	const direct = registry.get(packId);
	if (direct !== undefined) return direct;
	for (const id of itemIds) {
		const hash = id.indexOf('#');
		if (hash <= 0) continue;
		const family = registry.get(id.slice(0, hash));
		if (family !== undefined) return family;
	}
	return undefined;
}
