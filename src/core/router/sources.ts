/**
 * Where routing queries come from in a library: each skill's pack (its items route to that skill)
 * and built-in families no skill covers (their items should route to no skill). Pure: packs are
 * built with the core's generators and the hasher port.
 */
import { buildFamilyPack } from '../packs/build.ts';
import { BUILT_IN_FAMILIES, findFamily } from '../packs/families/index.ts';
import type { PackItem, TaskPack } from '../packs/types.ts';
import type { Hasher } from '../ports.ts';
import type { RoutePackSource } from './queries.ts';

/** A library skill as far as query sources care. */
export interface SkillWithPack {
	skillId: string;
	pack: TaskPack | null;
}

/** The family a pack's items come from (built-in packs are named after their family). */
export function packFamily(pack: TaskPack): string | null {
	if (findFamily(pack.id) !== undefined) return pack.id;
	const first = [...pack.splits.train, ...pack.splits.val, ...pack.splits.test][0];
	const prefix = first?.id.split('#')[0];
	return prefix !== undefined && findFamily(prefix) !== undefined ? prefix : null;
}

function allItems(pack: TaskPack): PackItem[] {
	return [...pack.splits.train, ...pack.splits.val, ...pack.splits.test];
}

/**
 * The packs queries come from: each skill's pack (a pack shared by two skills routes to the
 * first), then `otherPacks` built-in families no skill covers, whose gold route is "none".
 */
export async function routeSources(
	skills: readonly SkillWithPack[],
	otherPacks: number,
	perPack: number,
	hasher: Hasher
): Promise<RoutePackSource[]> {
	const sources: RoutePackSource[] = [];
	const covered = new Set<string>();
	for (const skill of skills) {
		if (skill.pack === null || sources.some((s) => s.packId === skill.pack?.id)) continue;
		sources.push({ packId: skill.pack.id, items: allItems(skill.pack), skillId: skill.skillId });
		const family = packFamily(skill.pack);
		if (family !== null) covered.add(family);
	}
	for (const family of BUILT_IN_FAMILIES.filter((f) => !covered.has(f.id)).slice(0, otherPacks)) {
		const pack = await buildFamilyPack(
			family,
			{ seed: 1, sizes: { train: perPack, val: 1, test: 1 } },
			hasher
		);
		sources.push({ packId: pack.id, items: allItems(pack), skillId: null });
	}
	return sources;
}
