/**
 * The shapes of a router check: which skills a router sees (names and descriptions only), the
 * queries it is asked to route, and what it chose. A router decides from the description alone,
 * so a skill whose body helps can still go unused when its description does not name its task.
 */
import type { FeatureValue } from '../packs/types.ts';

/** The route that means "no skill fits". Skill ids never take this value. */
export const NO_ROUTE = 'none';

/** What the router is shown of one skill. */
export interface RouterEntry {
	skillId: string;
	/** Unique among the entries; the router answers with it. */
	name: string;
	description: string;
	/** The pack whose items should route here, when the skill has one. */
	packId: string | null;
}

/** One request to route; `gold` is a skill id or `NO_ROUTE`. */
export interface RouteQuery {
	id: string;
	packId: string;
	itemId: string;
	input: string;
	features: Record<string, FeatureValue>;
	gold: string;
}

/** `invalid` when the answer named no listed skill and not "none". */
export type RouteChoice = string;
export const INVALID_ROUTE = 'invalid';

export interface RouteOutcome {
	queryId: string;
	gold: string;
	chosen: RouteChoice;
	/** The seed of the call (one per repeat). */
	seed: number;
	/** The model's reply, clipped, for the detail view. */
	text: string;
}

export interface RouterSettings {
	temperature: number;
	/** The first call's seed; repeat k uses seed + k. */
	seed: number;
	/** Calls per query; forced to 1 at temperature 0, where repeats would only repeat. */
	repeats: number;
	maxTokens: number;
}

export const DEFAULT_ROUTER_SETTINGS: RouterSettings = {
	temperature: 0,
	seed: 1,
	repeats: 1,
	maxTokens: 48
};

/** Gold route × chosen route counts. Rows: skills then none; columns add invalid. */
export interface ConfusionMatrix {
	rows: string[];
	columns: string[];
	counts: number[][];
}
