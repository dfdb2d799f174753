/**
 * The router check: every query routed by the executor from names and descriptions only, the
 * confusion matrix of gold against chosen routes, and the skills whose body helps but whose
 * description does not get them chosen ("description and body disagree").
 */
import type { ChatEngine, SignalLike } from '../ports.ts';
import { readRoute, routeRequest, uniqueNames } from './prompt.ts';
import {
	INVALID_ROUTE,
	NO_ROUTE,
	type ConfusionMatrix,
	type RouteOutcome,
	type RouteQuery,
	type RouterEntry,
	type RouterSettings
} from './types.ts';

const MAX_REPLY_CHARS = 400;

export interface RouteProgress {
	done: number;
	total: number;
}

export interface RouteRunOptions {
	signal?: SignalLike;
	onProgress?: (progress: RouteProgress) => void;
}

/** Calls per query: repeats only make sense when sampling can differ. */
export function callsPerQuery(settings: RouterSettings): number {
	return settings.temperature === 0 ? 1 : Math.max(1, Math.floor(settings.repeats));
}

/** Route each query (once, or once per repeat) and read the answers. */
export async function routeQueries(
	engine: ChatEngine,
	entries: readonly RouterEntry[],
	queries: readonly RouteQuery[],
	settings: RouterSettings,
	options: RouteRunOptions = {}
): Promise<RouteOutcome[]> {
	const named = uniqueNames(entries);
	const repeats = callsPerQuery(settings);
	const total = queries.length * repeats;
	const outcomes: RouteOutcome[] = [];
	for (const query of queries) {
		for (let k = 0; k < repeats; k++) {
			options.signal?.throwIfAborted();
			const seed = settings.seed + k;
			const request = routeRequest(named, query, settings, seed, engine.supportsJsonSchema);
			const result = await engine.generate(request, options.signal);
			options.signal?.throwIfAborted();
			const chosen =
				result.finishReason === 'error' ? INVALID_ROUTE : readRoute(result.text, named);
			outcomes.push({
				queryId: query.id,
				gold: query.gold,
				chosen,
				seed,
				text: result.text.slice(0, MAX_REPLY_CHARS)
			});
			options.onProgress?.({ done: outcomes.length, total });
		}
	}
	return outcomes;
}

/** Share of outcomes that chose their gold route (0 for none). */
export function routeAccuracy(outcomes: readonly RouteOutcome[]): number {
	if (outcomes.length === 0) return 0;
	return outcomes.filter((o) => o.chosen === o.gold).length / outcomes.length;
}

/** Gold × chosen counts; rows are the skills then "none", columns add "invalid". */
export function confusionMatrix(
	entries: readonly RouterEntry[],
	outcomes: readonly RouteOutcome[]
): ConfusionMatrix {
	const rows = [...entries.map((e) => e.skillId), NO_ROUTE];
	const columns = [...rows, INVALID_ROUTE];
	const counts = rows.map(() => columns.map(() => 0));
	for (const o of outcomes) {
		const r = rows.indexOf(o.gold);
		const c = columns.indexOf(o.chosen);
		const row = counts[r];
		if (row !== undefined && c >= 0) row[c] = (row[c] ?? 0) + 1;
	}
	return { rows, columns, counts };
}

export interface SkillRouting {
	skillId: string;
	/** Queries whose gold route is this skill. */
	queries: number;
	/** Of those, how many chose it. */
	chosen: number;
	/** Queries that chose it but belong elsewhere. */
	falseTriggers: number;
	/** chosen / queries; null without queries. */
	recall: number | null;
}

export function skillRouting(
	entries: readonly RouterEntry[],
	outcomes: readonly RouteOutcome[]
): SkillRouting[] {
	return entries.map((e) => {
		const own = outcomes.filter((o) => o.gold === e.skillId);
		const chosen = own.filter((o) => o.chosen === e.skillId).length;
		return {
			skillId: e.skillId,
			queries: own.length,
			chosen,
			falseTriggers: outcomes.filter((o) => o.chosen === e.skillId && o.gold !== e.skillId).length,
			recall: own.length === 0 ? null : chosen / own.length
		};
	});
}

/** Below this share of its own queries, a skill counts as not chosen by its description. */
export const DISAGREE_RECALL = 0.5;

export interface Disagreement {
	skillId: string;
	recall: number;
	/** The body's effect size (skill minus no skill, in points of hard score). */
	effect: number;
}

/**
 * Skills whose body helps their pack (a positive effect size) but whose description is chosen for
 * fewer than half of their pack's queries. Skills with no measured effect are never flagged.
 */
export function disagreements(
	routing: readonly SkillRouting[],
	effects: ReadonlyMap<string, number>
): Disagreement[] {
	const flagged: Disagreement[] = [];
	for (const r of routing) {
		const effect = effects.get(r.skillId);
		if (effect === undefined || effect <= 0 || r.recall === null) continue;
		if (r.recall < DISAGREE_RECALL) flagged.push({ skillId: r.skillId, recall: r.recall, effect });
	}
	return flagged;
}

export interface RouterCheckResult {
	entries: RouterEntry[];
	settings: RouterSettings;
	outcomes: RouteOutcome[];
	matrix: ConfusionMatrix;
	accuracy: number;
	routing: SkillRouting[];
}

/** The whole check: route, then summarise. */
export async function runRouterCheck(
	engine: ChatEngine,
	entries: readonly RouterEntry[],
	queries: readonly RouteQuery[],
	settings: RouterSettings,
	options: RouteRunOptions = {}
): Promise<RouterCheckResult> {
	const outcomes = await routeQueries(engine, entries, queries, settings, options);
	return {
		entries: [...entries],
		settings: { ...settings, repeats: callsPerQuery(settings) },
		outcomes,
		matrix: confusionMatrix(entries, outcomes),
		accuracy: routeAccuracy(outcomes),
		routing: skillRouting(entries, outcomes)
	};
}
