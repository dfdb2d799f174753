// The router check and description training against the simulated router: vague descriptions go
// unchosen, the confusion matrix counts every query once, and training raises held-out routing
// accuracy while rejecting ties and leaving everything but the description alone.
import { describe, expect, it } from 'vitest';
import { nodeHasher, scriptedChatEngine } from '../../../../scripts/node-ports.ts';
import { buildFamilyPack } from '../../../../src/core/packs/build.ts';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import {
	buildRouteQueries,
	confusionMatrix,
	disagreements,
	INVALID_ROUTE,
	NO_ROUTE,
	readRoute,
	routeAccuracy,
	runRouterCheck,
	skillRouting,
	splitRouteQueries,
	trainDescription,
	uniqueNames,
	routeSources,
	packFamily,
	DEFAULT_ROUTER_SETTINGS,
	type RouterEntry
} from '../../../../src/core/router/index.ts';

const sizes = { train: 12, val: 12, test: 12 };

async function familyPack(id: string) {
	const family = findFamily(id);
	if (family === undefined) throw new Error(`no ${id} family`);
	return buildFamilyPack(family, { seed: 3, sizes }, nodeHasher());
}

async function library(coinDescription: string) {
	const coin = await familyPack('coin-flip');
	const dates = await familyPack('date-arithmetic');
	const sorting = await familyPack('word-sorting');
	const entries: RouterEntry[] = [
		{ skillId: 's-coin', name: 'coin-tracker', description: coinDescription, packId: coin.id },
		{
			skillId: 's-dates',
			name: 'date-helper',
			description: 'Solves calendar questions: dates, weekdays, days before or after a day.',
			packId: dates.id
		}
	];
	const items = (p: typeof coin) => [...p.splits.train, ...p.splits.val, ...p.splits.test];
	const queries = buildRouteQueries(
		[
			{ packId: coin.id, items: items(coin), skillId: 's-coin' },
			{ packId: dates.id, items: items(dates), skillId: 's-dates' },
			{ packId: sorting.id, items: items(sorting), skillId: null }
		],
		20,
		7
	);
	return { entries, queries };
}

describe('reading a route', () => {
	const entries = uniqueNames([
		{ skillId: 'a', name: 'Coin', description: '', packId: null },
		{ skillId: 'b', name: 'coin', description: '', packId: null }
	]);
	it('names duplicates apart and matches case-insensitively', () => {
		expect(entries.map((e) => e.name)).toEqual(['Coin', 'coin (2)']);
		expect(readRoute('{"skill": "COIN"}', entries)).toBe('a');
		expect(readRoute('{"skill": "coin (2)"}', entries)).toBe('b');
		expect(readRoute('none', entries)).toBe(NO_ROUTE);
		expect(readRoute('"Coin".', entries)).toBe('a');
	});
	it('calls anything else invalid', () => {
		expect(readRoute('{"skill": "dice"}', entries)).toBe(INVALID_ROUTE);
		expect(readRoute('{"choice": "Coin"}', entries)).toBe(INVALID_ROUTE);
		expect(readRoute('I would pick the coin one', entries)).toBe(INVALID_ROUTE);
	});
});

describe('the router check', () => {
	it('routes a specific description and flags a vague one whose body helps', async () => {
		const engine = scriptedChatEngine('default');
		const good = await library(
			'Tracks a coin through flips: heads or tails after people flip a coin.'
		);
		const goodCheck = await runRouterCheck(
			engine,
			good.entries,
			good.queries,
			DEFAULT_ROUTER_SETTINGS
		);
		const vague = await library('Helps with reasoning.');
		const vagueCheck = await runRouterCheck(
			engine,
			vague.entries,
			vague.queries,
			DEFAULT_ROUTER_SETTINGS
		);

		expect(goodCheck.outcomes).toHaveLength(60);
		const coinRouting = (r: typeof goodCheck) => r.routing.find((x) => x.skillId === 's-coin');
		expect(coinRouting(goodCheck)?.recall).toBe(1);
		expect(coinRouting(vagueCheck)?.recall).toBe(0);
		// Should-not-trigger queries (word sorting) route to none with both libraries.
		const sortingNone = vagueCheck.outcomes.filter((o) => o.gold === NO_ROUTE);
		expect(sortingNone.every((o) => o.chosen === NO_ROUTE)).toBe(true);

		const effects = new Map([
			['s-coin', 25],
			['s-dates', 10]
		]);
		expect(disagreements(vagueCheck.routing, effects).map((d) => d.skillId)).toEqual(['s-coin']);
		expect(disagreements(goodCheck.routing, effects)).toEqual([]);
		// A skill whose body does not help is not a disagreement, whatever its description.
		expect(disagreements(vagueCheck.routing, new Map([['s-coin', 0]]))).toEqual([]);
		expect(goodCheck.accuracy).toBeGreaterThan(vagueCheck.accuracy);
	});

	it('counts every outcome once in the confusion matrix', async () => {
		const { entries, queries } = await library('Helps with coins.');
		const result = await runRouterCheck(scriptedChatEngine('default'), entries, queries, {
			...DEFAULT_ROUTER_SETTINGS,
			temperature: 0.7,
			repeats: 2
		});
		expect(result.outcomes).toHaveLength(queries.length * 2);
		const m = result.matrix;
		expect(m.rows).toEqual(['s-coin', 's-dates', NO_ROUTE]);
		expect(m.columns).toEqual(['s-coin', 's-dates', NO_ROUTE, INVALID_ROUTE]);
		expect(m.counts.flat().reduce((a, b) => a + b, 0)).toBe(result.outcomes.length);
		const diagonal = m.rows.reduce((n, _r, i) => n + (m.counts[i]?.[i] ?? 0), 0);
		expect(diagonal / result.outcomes.length).toBeCloseTo(result.accuracy, 10);
		expect(confusionMatrix(entries, [])).toEqual({
			...m,
			counts: m.counts.map((r) => r.map(() => 0))
		});
		expect(skillRouting(entries, []).every((r) => r.recall === null)).toBe(true);
	});

	it('temperature 0 makes one call per query whatever the repeats', async () => {
		const { entries, queries } = await library('coin');
		const result = await runRouterCheck(scriptedChatEngine('default'), entries, queries, {
			...DEFAULT_ROUTER_SETTINGS,
			repeats: 5
		});
		expect(result.outcomes).toHaveLength(queries.length);
		expect(result.settings.repeats).toBe(1);
	});
});

describe('splitting routing queries', () => {
	it('puts 60% of each route in train and keeps every route in val', async () => {
		const { queries } = await library('x');
		const split = splitRouteQueries(queries, 1);
		expect(split.train.length + split.val.length).toBe(queries.length);
		for (const gold of ['s-coin', 's-dates', NO_ROUTE]) {
			expect(split.train.filter((q) => q.gold === gold)).toHaveLength(12);
			expect(split.val.filter((q) => q.gold === gold)).toHaveLength(8);
		}
		expect(splitRouteQueries(queries, 1)).toEqual(split);
		// Skill ids are random per browser: other ids for the same skills split the same way.
		const renamed = queries.map((q) => ({
			...q,
			gold: q.gold === NO_ROUTE ? q.gold : `other-${q.gold.split('').reverse().join('')}`
		}));
		const again = splitRouteQueries(renamed, 1);
		expect(again.val.map((q) => q.id)).toEqual(split.val.map((q) => q.id));
		const ids = new Set(split.train.map((q) => q.id));
		expect(split.val.some((q) => ids.has(q.id))).toBe(false);
	});
});

describe('description training', () => {
	it('raises held-out routing accuracy, rejects ties, and returns only a description', async () => {
		const { entries, queries } = await library('Helps with reasoning.');
		const split = splitRouteQueries(queries, 1);
		const engine = scriptedChatEngine('default');
		const frozen = structuredClone(entries);
		const result = await trainDescription(
			{ executor: engine, optimiser: engine },
			entries,
			's-coin',
			split,
			{
				...DEFAULT_ROUTER_SETTINGS,
				steps: 8,
				describerTemperature: 0,
				describerMaxTokens: 400
			}
		);
		expect(entries).toEqual(frozen);
		expect(result.valFinal).toBeGreaterThan(result.valInitial);
		expect(result.final).not.toBe(result.initial);
		expect(result.final.length).toBeLessThanOrEqual(1024);
		const verdicts = result.steps.map((s) => s.verdict);
		expect(verdicts).toContain('accepted');
		// A vague description is first only reworded: a tie, rejected.
		expect(verdicts[0]).toBe('tie');
		for (const s of result.steps) {
			if (s.verdict === 'accepted') expect(s.valCandidate ?? 0).toBeGreaterThan(s.valBefore);
			if (s.verdict === 'tie') expect(s.valCandidate).toBe(s.valBefore);
		}
		// The final accuracy is what a fresh check with the final description measures.
		const recheck = await runRouterCheck(
			engine,
			entries.map((e) => (e.skillId === 's-coin' ? { ...e, description: result.final } : e)),
			split.val,
			DEFAULT_ROUTER_SETTINGS
		);
		expect(recheck.accuracy).toBeCloseTo(result.valFinal, 10);
		expect(routeAccuracy([])).toBe(0);
	});
});

describe('query sources', () => {
	it('draws should-not-trigger packs from families no skill covers, and routes a shared pack once', async () => {
		const coin = await familyPack('coin-flip');
		const sources = await routeSources(
			[
				{ skillId: 'a', pack: coin },
				{ skillId: 'b', pack: coin },
				{ skillId: 'c', pack: null }
			],
			2,
			5,
			nodeHasher()
		);
		expect(sources.map((s) => [s.packId, s.skillId])).toEqual([
			['coin-flip', 'a'],
			['last-letters', null],
			['object-counting', null]
		]);
		expect(packFamily(coin)).toBe('coin-flip');
		expect(sources[1]?.items.length).toBeGreaterThanOrEqual(5);
	});
});

describe('the description gate', () => {
	it('rejects an over-broad proposal that routes should-not-trigger queries to the skill', async () => {
		const { entries, queries } = await library('Tracks a coin.');
		const split = splitRouteQueries(queries, 1);
		const executor = scriptedChatEngine('default');
		const broad = 'Tracks a coin. Use it for any task.';
		const optimiser = {
			...executor,
			supportsJsonSchema: false,
			generate: async () => ({
				text: JSON.stringify({ description: broad }),
				finishReason: 'stop' as const,
				usage: { promptTokens: 0, completionTokens: 0 }
			})
		};
		const withDates = entries.map((e) =>
			e.skillId === 's-dates' ? { ...e, description: 'Helps with reasoning.' } : e
		);
		const result = await trainDescription({ executor, optimiser }, withDates, 's-coin', split, {
			...DEFAULT_ROUTER_SETTINGS,
			steps: 1,
			describerTemperature: 0,
			describerMaxTokens: 400
		});
		expect(result.steps[0]?.verdict).toBe('worse');
		expect(result.final).toBe(result.initial);
		expect(result.valFinal).toBe(result.valInitial);
	});

	it('refuses a proposal over 1,024 characters without judging it', async () => {
		const { entries, queries } = await library('Helps with reasoning.');
		const executor = scriptedChatEngine('default');
		const optimiser = {
			...executor,
			generate: async () => ({
				text: JSON.stringify({ description: 'coin '.repeat(300) }),
				finishReason: 'stop' as const,
				usage: { promptTokens: 0, completionTokens: 0 }
			})
		};
		const result = await trainDescription(
			{ executor, optimiser },
			entries,
			's-coin',
			splitRouteQueries(queries, 1),
			{ ...DEFAULT_ROUTER_SETTINGS, steps: 1, describerTemperature: 0, describerMaxTokens: 400 }
		);
		expect(result.steps[0]?.verdict).toBe('invalid');
		expect(result.steps[0]?.reason).toContain('at most 1024 are allowed');
		expect(result.final).toBe('Helps with reasoning.');
	});
});
