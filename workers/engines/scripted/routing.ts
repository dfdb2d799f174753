/**
 * The simulated router and describer (the router check and description training).
 *
 * Each task family has a few route terms — words a request of that family uses ("coin", "flips",
 * …). Every item leans on one of them (a hash of its id picks which), and the router chooses a
 * skill whose description names that term. A description that names none of its pack's terms is
 * never chosen for its pack: the vague description the router check is meant to catch. Broad
 * phrases ("any task") catch everything nothing more specific caught, so an over-broad
 * description wrongly triggers on requests that should get no skill. Like the executor, the
 * simulation reads only the hints, never the prompt wording, and is deterministic.
 *
 * The describer adds a sentence naming the terms of the requests the description missed; some of
 * its proposals only reword (a tie at the gate) or turn over-broad (worse at the gate), drawn from
 * a hash of the call, so the gate has real decisions to make. Its first proposal for a description
 * that names nothing of its task only polishes the wording: always a tie.
 */
import type { GenerateHints, RouteQueryHint } from '../../../src/core/ports.ts';
import { hash32, unitHash } from '../../../src/core/random.ts';
import { normalise } from './skill-text.ts';

export type RouterHints = Extract<GenerateHints, { role: 'router' }>;
export type DescriberHints = Extract<GenerateHints, { role: 'describer' }>;

/** Words a request of each family uses; a description must name one to be chosen for it. */
export const ROUTE_TERMS: Readonly<Record<string, readonly string[]>> = {
	'coin-flip': ['coin', 'flips', 'heads or tails'],
	'last-letters': ['last letters', 'final letter', 'end of each word'],
	'object-counting': ['counting objects', 'how many', 'count items'],
	'boolean-expressions': ['boolean', 'true or false', 'logical expression'],
	'word-sorting': ['sort words', 'alphabetical', 'sorted list'],
	'date-arithmetic': ['dates', 'calendar', 'days before or after'],
	'word-problems': ['word problems', 'arithmetic', 'math question'],
	'order-to-json': ['json', 'orders', 'extract fields'],
	'shuffled-objects': ['swaps', 'trades', 'who holds what']
};

/** Phrases that make a description claim every request (and so trigger where it should not). */
export const BROAD_PHRASES: readonly string[] = ['any task', 'any question', 'every request'];

/** The family of a query: the item id's prefix before '#', else the pack id. */
export function routeFamily(packId: string | null, itemId: string): string | null {
	const hash = itemId.indexOf('#');
	if (hash > 0 && ROUTE_TERMS[itemId.slice(0, hash)] !== undefined) return itemId.slice(0, hash);
	return packId !== null && ROUTE_TERMS[packId] !== undefined ? packId : null;
}

/** The route term an item leans on, or null for a task the simulation does not know. */
export function routeTerm(query: RouteQueryHint): string | null {
	const family = routeFamily(query.packId, query.itemId);
	if (family === null) return null;
	const terms = ROUTE_TERMS[family] ?? [];
	return terms[hash32(`term|${query.itemId}`) % terms.length] ?? null;
}

function names(description: string, phrase: string): boolean {
	return normalise(description).includes(normalise(phrase));
}

/** The skill name the simulated router answers with, or "none". */
export function simulateRoute(hints: RouterHints): string {
	const term = routeTerm(hints);
	const specific = term === null ? [] : hints.skills.filter((s) => names(s.description, term));
	if (specific.length === 1) return specific[0]?.name ?? 'none';
	if (specific.length > 1) {
		// Two descriptions claim the term: the router's pick is arbitrary but repeatable.
		return specific[hash32(`tie|${hints.itemId}`) % specific.length]?.name ?? 'none';
	}
	const broad = hints.skills.find((s) => BROAD_PHRASES.some((p) => names(s.description, p)));
	return broad?.name ?? 'none';
}

/** The router's reply text. */
export function routeReply(hints: RouterHints): string {
	return JSON.stringify({ skill: simulateRoute(hints) });
}

const REWORDINGS = [
	' It gives step-by-step guidance.',
	' Follow it closely.',
	' It keeps answers short and checked.'
];

/** A proposed description: names missed terms, or (seeded) only rewords or turns over-broad. */
export function simulateDescription(hints: DescriberHints, seed: string): string {
	const key = `${seed}|describe|${hash32(JSON.stringify(hints))}`;
	const draw = unitHash(key);
	const base = hints.description.trim();
	const missing = [
		...new Set(
			hints.missed.map(routeTerm).filter((t): t is string => t !== null && !names(base, t))
		)
	].sort();
	// A description that names nothing of its task is first only polished, never yet rejected:
	// the tie the gate must refuse, before the describer turns to the requests it missed.
	const family = hints.packId === null ? null : routeFamily(hints.packId, '');
	const vague = family !== null && !(ROUTE_TERMS[family] ?? []).some((term) => names(base, term));
	let proposal: string;
	if ((vague && hints.rejected.length === 0) || draw < 0.25 || missing.length === 0) {
		const rewording = REWORDINGS[hash32(key) % REWORDINGS.length] ?? '';
		proposal = names(base, rewording) ? `${base} Use it as written.` : `${base}${rewording}`;
	} else if (draw < 0.35) {
		proposal = `${base} Use it for any task.`;
	} else {
		// One or two terms per proposal: training climbs in steps the gate can see.
		const picked = missing.slice(0, 1 + (hash32(key) % 2));
		proposal = `${base} Use it for questions about ${picked.join(' and ')}.`;
	}
	if (hints.rejected.includes(proposal)) proposal = `${proposal} (revised)`;
	return JSON.stringify({ description: proposal.slice(0, hints.maxChars) });
}
