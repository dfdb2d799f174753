/**
 * The router's prompt and how its answer is read. The router sees each skill's name and
 * description and nothing of its body — the same view an agent harness gives its router.
 */
import type { GenerateRequest } from '../ports.ts';
import type { JsonValue } from '../packs/types.ts';
import { extractJson } from '../optimiser/json-extract.ts';
import {
	INVALID_ROUTE,
	NO_ROUTE,
	type RouteChoice,
	type RouterEntry,
	type RouteQuery
} from './types.ts';

/** Harnesses cap descriptions (Agent Skills: 1,024 characters); the router sees no more. */
export const MAX_DESCRIPTION_CHARS = 1024;

const ROUTER_INSTRUCTIONS = [
	'You decide which skill, if any, an agent should load to answer a request.',
	'You see only each skill’s name and description.',
	'Answer with JSON only: {"skill": "<name>"} using one of the names below, or {"skill": "none"} when no skill fits.'
].join(' ');

/** Entry names made unique (a second "coin" becomes "coin (2)"), in entry order. */
export function uniqueNames(entries: readonly RouterEntry[]): RouterEntry[] {
	const seen = new Map<string, number>();
	return entries.map((entry) => {
		const base = entry.name.trim() === '' ? 'unnamed skill' : entry.name.trim();
		const key = base.toLowerCase();
		const count = (seen.get(key) ?? 0) + 1;
		seen.set(key, count);
		return { ...entry, name: count === 1 ? base : `${base} (${count})` };
	});
}

function skillList(entries: readonly RouterEntry[]): string {
	return entries
		.map(
			(e) =>
				`- ${e.name}: ${e.description.slice(0, MAX_DESCRIPTION_CHARS).trim() || '(no description)'}`
		)
		.join('\n');
}

/** The answer's JSON schema, for engines with constrained decoding. */
export function routeSchema(entries: readonly RouterEntry[]): JsonValue {
	return {
		type: 'object',
		properties: { skill: { type: 'string', enum: [...entries.map((e) => e.name), NO_ROUTE] } },
		required: ['skill'],
		additionalProperties: false
	};
}

/** The whole request for one query; the hints let the simulation decide without the wording. */
export function routeRequest(
	entries: readonly RouterEntry[],
	query: RouteQuery,
	settings: { temperature: number; maxTokens: number },
	seed: number,
	supportsJsonSchema: boolean
): GenerateRequest {
	return {
		messages: [
			{ role: 'system', content: `${ROUTER_INSTRUCTIONS}\n\nSkills:\n${skillList(entries)}` },
			{ role: 'user', content: query.input }
		],
		temperature: settings.temperature,
		seed,
		maxTokens: settings.maxTokens,
		...(supportsJsonSchema ? { jsonSchema: routeSchema(entries) } : {}),
		hints: {
			role: 'router',
			packId: query.packId,
			itemId: query.itemId,
			features: query.features,
			skills: entries.map((e) => ({
				name: e.name,
				description: e.description.slice(0, MAX_DESCRIPTION_CHARS)
			}))
		}
	};
}

/**
 * The skill id the answer names, `NO_ROUTE`, or `INVALID_ROUTE`. Names match case-insensitively
 * after trimming; a bare name without JSON is accepted, since small models often drop the braces.
 */
export function readRoute(text: string, entries: readonly RouterEntry[]): RouteChoice {
	const byName = new Map(entries.map((e) => [e.name.trim().toLowerCase(), e.skillId]));
	const match = (name: string): RouteChoice | undefined => {
		const key = name.replace(/^[\s"'`]+|[\s"'`.]+$/gu, '').toLowerCase();
		if (key === NO_ROUTE) return NO_ROUTE;
		return byName.get(key);
	};
	const parsed = extractJson(text);
	if (parsed.ok) {
		const value = parsed.value;
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			const skill: unknown = (value as Record<string, unknown>)['skill'];
			if (typeof skill === 'string') return match(skill) ?? INVALID_ROUTE;
		}
		return INVALID_ROUTE;
	}
	return match(text) ?? INVALID_ROUTE;
}
