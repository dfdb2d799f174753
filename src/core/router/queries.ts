/**
 * Routing queries: a sample of each pack's items, whose gold route is that pack's skill, plus
 * should-not-trigger queries drawn from packs with no skill in the library (gold route "none").
 * Sampling and the 60/40 train/val split are seeded, so a check or a training repeats exactly.
 */
import type { PackItem } from '../packs/types.ts';
import { createRandom, shuffled } from '../random.ts';
import { NO_ROUTE, type RouteQuery } from './types.ts';

/** One pack to draw queries from; `skillId` null makes its items should-not-trigger queries. */
export interface RoutePackSource {
	packId: string;
	items: readonly PackItem[];
	skillId: string | null;
}

function inputText(item: PackItem): string {
	return typeof item.input === 'string' ? item.input : JSON.stringify(item.input);
}

/** Up to `perPack` items of each source, in a seeded order. */
export function buildRouteQueries(
	sources: readonly RoutePackSource[],
	perPack: number,
	seed: number
): RouteQuery[] {
	const queries: RouteQuery[] = [];
	for (const source of sources) {
		const random = createRandom(`${seed}|route-sample|${source.packId}`);
		for (const item of shuffled(source.items, random).slice(0, Math.max(0, perPack))) {
			queries.push({
				id: `${source.packId}|${item.id}`,
				packId: source.packId,
				itemId: item.id,
				input: inputText(item),
				features: item.meta?.features ?? {},
				gold: source.skillId ?? NO_ROUTE
			});
		}
	}
	return queries;
}

export interface RouteSplit {
	train: RouteQuery[];
	val: RouteQuery[];
}

/**
 * A split stratified by gold route, `trainShare` (60%) of each route's queries to train; a route
 * with two or more queries keeps at least one in val, so every route is judged held out.
 */
export function splitRouteQueries(
	queries: readonly RouteQuery[],
	seed: number,
	trainShare = 0.6
): RouteSplit {
	const byGold = new Map<string, RouteQuery[]>();
	for (const q of queries) byGold.set(q.gold, [...(byGold.get(q.gold) ?? []), q]);
	// Each route is named by its pack, not its skill's id: ids are random per browser, and the
	// same library must split the same way everywhere (a skill's queries all come from one pack).
	const named = [...byGold.values()].map((group) => {
		const first = group[0];
		const key = first === undefined || first.gold === NO_ROUTE ? NO_ROUTE : first.packId;
		return { key, group };
	});
	const split: RouteSplit = { train: [], val: [] };
	for (const { key, group } of named.sort((a, b) => a.key.localeCompare(b.key))) {
		// Sorted first: the split must not depend on the order the library lists its skills.
		const sorted = [...group].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
		const order = shuffled(sorted, createRandom(`${seed}|route-split|${key}`));
		let trainCount = Math.round(order.length * trainShare);
		if (order.length >= 2) trainCount = Math.min(trainCount, order.length - 1);
		split.train.push(...order.slice(0, trainCount));
		split.val.push(...order.slice(trainCount));
	}
	return split;
}
