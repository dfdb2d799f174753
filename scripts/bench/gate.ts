/**
 * The gate half of `npm run bench`: what our early-deciding gate spends on val, against the exact
 * minimum for the same verdicts and against gates that score the whole split.
 *
 * Full runs against the scripted engine, per scenario × family × seed. Every candidate the run's
 * gate judged is also scored in shadow on the whole val split by a second scripted engine with the
 * same scenario (the simulation is deterministic; shadow results never touch the run), which
 * records its result on every item. From those recorded results and the items the run already
 * held for the candidate's exact text when it was judged (its per-item cache: every result in
 * the stage snapshots' `items` and item log `newItems` so far, read through `onSnapshot`), the oracle (`oracle.ts`) gives the fewest rollouts that
 * could prove the verdict. Also per candidate:
 * - ours: the val rollouts the run actually spent (early rejects, per-item and score-cache hits);
 * - whole split: N per candidate, and N per candidate text not scored before (a score cache);
 * - whether the verdicts agree: the shadow's full score through `decideGate` must give the run's
 *   action; and whether the run's own per-item results agree with the shadow's;
 * - re-paid rollouts: items the run had already scored for that text (seen in its `rollout:done`
 *   events) and paid for again (0 since the item log keeps every result past pruning).
 * The baseline evaluation of the seed skill and the test split cost the same for every gate and
 * are left out.
 */
import { decideGate, gateScore, splitScore, type ItemResult } from '../../src/core/gate/index.ts';
import { runOptimization, type StepAction } from '../../src/core/loop/index.ts';
import { executorRequest } from '../../src/core/loop/rollout.ts';
import { itemKey } from '../../src/core/loop/state.ts';
import { createGrader } from '../../src/core/packs/graders/index.ts';
import type { TaskPack } from '../../src/core/packs/types.ts';
import type { ChatEngine, Hasher } from '../../src/core/ports.ts';
import type { ScenarioInput } from '../../workers/engines/scripted/scenarios.ts';
import { familyPack, scriptedChatEngine } from '../node-ports.ts';
import { oracleRollouts } from './oracle.ts';

export const FAMILIES = [
	'coin-flip',
	'last-letters',
	'object-counting',
	'boolean-expressions',
	'word-sorting',
	'date-arithmetic'
] as const;
export const SEEDS = [1, 2, 3] as const;
export const GATE_SCENARIOS = ['default', 'harmful-heavy', 'noisy-optimiser', 'reject-heavy'];

/** One judged candidate, as recorded from the run's events and the shadow evaluation. */
interface Judged {
	kind: string;
	step: number;
	text: string;
	hash: string;
	current: number;
	best: number;
	/** Val items the run's cache held for this exact text when it was judged. */
	known: Set<string>;
	/** Val items the run had produced for this text at some point before (cached or not now). */
	everSeen: Set<string>;
	/** Items rolled out (not cache hits) while judging it. */
	paid: Set<string>;
	/** Val results the run produced while judging it (rollouts and cache hits). */
	seen: Map<string, ItemResult>;
	action?: StepAction;
	status?: string;
	rollouts?: number;
}

/** Figures of one run (or a sum of runs). */
export interface GateFigures {
	runs: number;
	candidates: number;
	accepted: number;
	ours: number;
	oursRejected: number;
	oracle: number;
	oracleRejected: number;
	wholeSplit: number;
	wholeSplitCached: number;
	identical: number;
	/** Items where the run's result differs from the shadow's (should be 0: same simulation). */
	itemDisagreements: number;
	/** Rollouts of ours for results the run had produced before for that text (a pruned cache). */
	repaid: number;
	/** Items counted as known (free) that the run paid for anyway: should be 0, else the read of
	 * its cache is stale and the oracle flattered. */
	knownButPaid: number;
	mismatches: string[];
}

export interface GateRun extends GateFigures {
	scenario: string;
	family: string;
	seed: number;
	valSeed: number;
	valBest: number;
}

async function shadowScore(engine: ChatEngine, pack: TaskPack, skill: string) {
	const grader = createGrader(pack.grader);
	const out: ItemResult[] = [];
	for (const item of pack.splits.val) {
		const settings = { temperature: 0, seed: 0, maxTokens: pack.generation.maxTokens };
		const result = await engine.generate(executorRequest(pack, item, skill, settings));
		const grade = await grader.grade(result.text, item);
		out.push({ id: item.id, hard: grade.hard, soft: grade.soft });
	}
	return out;
}

export function emptyFigures(): GateFigures {
	return {
		runs: 0,
		candidates: 0,
		accepted: 0,
		ours: 0,
		oursRejected: 0,
		oracle: 0,
		oracleRejected: 0,
		wholeSplit: 0,
		wholeSplitCached: 0,
		identical: 0,
		itemDisagreements: 0,
		repaid: 0,
		knownButPaid: 0,
		mismatches: []
	};
}

/** One full run of `family` with `seed` in `scenario`, every candidate re-scored in shadow. */
export async function gateRun(
	scenario: string | ScenarioInput,
	family: string,
	seed: number,
	hasher: Hasher
): Promise<GateRun> {
	const pack = await familyPack(family, seed, hasher);
	const engine = scriptedChatEngine(scenario);
	const shadow = scriptedChatEngine(scenario);
	const scenarioName = typeof scenario === 'string' ? scenario : (scenario.name ?? 'custom');
	const valIds = new Set(pack.splits.val.map((item) => item.id));
	// Every val result the run has produced, by skill hash, and what its cache holds now.
	const produced = new Map<string, Map<string, ItemResult>>();
	const cache = new Set<string>();
	const judged: Judged[] = [];
	let pending: Judged | undefined;
	const result = await runOptimization(
		{ pack, seed },
		{ executor: engine, optimiser: engine, hasher, clock: { now: () => Date.now() } },
		{
			onSnapshot(snapshot) {
				for (const key of Object.keys(snapshot.items)) cache.add(key);
				for (const key of Object.keys(snapshot.newItems ?? {})) cache.add(key);
			},
			onEvent(event) {
				if (event.type === 'rollout:done' && valIds.has(event.itemId)) {
					const r = { id: event.itemId, hard: event.hard, soft: event.soft };
					let byItem = produced.get(event.skillHash);
					if (byItem === undefined) produced.set(event.skillHash, (byItem = new Map()));
					byItem.set(event.itemId, r);
					if (pending?.hash === event.skillHash) {
						pending.seen.set(event.itemId, r);
						if (!event.cached) pending.paid.add(event.itemId);
					}
				} else if (event.type === 'proposal') {
					const hash = event.candidateHash;
					pending = {
						kind: event.kind,
						step: event.step,
						text: event.candidate,
						hash,
						current: event.current,
						best: event.best,
						known: new Set([...valIds].filter((id) => cache.has(itemKey(hash, id)))),
						everSeen: new Set(produced.get(hash)?.keys()),
						seen: new Map(),
						paid: new Set()
					};
				} else if (event.type === 'gate') {
					// The final promotion check has no proposal (its baseline differs): not counted.
					if (event.kind !== 'promote' && pending !== undefined) {
						pending.action = event.action;
						pending.status = event.evaluation.status;
						pending.rollouts = event.evaluation.rollouts;
						judged.push(pending);
					}
					pending = undefined;
				}
			}
		}
	);
	const gate = result.snapshot.config.gate;
	const n = pack.splits.val.length;
	const scored = new Set<string>([result.snapshot.seed.hash]);
	const run: GateRun = {
		scenario: scenarioName,
		family,
		seed,
		valSeed: result.summary.val.seed,
		valBest: result.summary.val.best,
		...emptyFigures(),
		runs: 1
	};
	for (const c of judged) {
		const spent = c.rollouts ?? 0;
		const results = await shadowScore(shadow, pack, c.text);
		for (const r of results) {
			const mine = c.seen.get(r.id);
			if (mine !== undefined && (mine.hard !== r.hard || mine.soft !== r.soft)) {
				run.itemDisagreements++;
			}
		}
		run.repaid += [...c.paid].filter((id) => c.everSeen.has(id)).length;
		run.knownButPaid += [...c.paid].filter((id) => c.known.has(id)).length;
		const expected = decideGate(gate, {
			candidate: gateScore(gate, splitScore(results, n)),
			current: c.current,
			best: c.best,
			n
		});
		const accepted = c.action !== 'reject';
		// A score-cache hit knows the whole split for that text.
		const knownIds = c.status === 'cached' ? valIds : c.known;
		run.candidates++;
		run.ours += spent;
		run.wholeSplit += n;
		if (!scored.has(c.hash)) run.wholeSplitCached += n;
		scored.add(c.hash);
		if (accepted) run.accepted++;
		else run.oursRejected += spent;
		if (expected.action === c.action) {
			run.identical++;
			const oracle = oracleRollouts({
				config: gate,
				current: c.current,
				results,
				known: knownIds,
				accepted
			});
			run.oracle += oracle;
			if (!accepted) run.oracleRejected += oracle;
		} else {
			run.mismatches.push(`${c.kind} ${c.step}: run ${c.action}, full split ${expected.action}`);
			// No proof of a wrong verdict exists; count the whole split so the ratio is not flattered.
			run.oracle += n;
			if (!accepted) run.oracleRejected += n;
		}
	}
	return run;
}

/** Sums figures (runs of one scenario, or everything). */
export function addFigures(into: GateFigures, r: GateFigures): GateFigures {
	return {
		runs: into.runs + r.runs,
		candidates: into.candidates + r.candidates,
		accepted: into.accepted + r.accepted,
		ours: into.ours + r.ours,
		oursRejected: into.oursRejected + r.oursRejected,
		oracle: into.oracle + r.oracle,
		oracleRejected: into.oracleRejected + r.oracleRejected,
		wholeSplit: into.wholeSplit + r.wholeSplit,
		wholeSplitCached: into.wholeSplitCached + r.wholeSplitCached,
		identical: into.identical + r.identical,
		itemDisagreements: into.itemDisagreements + r.itemDisagreements,
		repaid: into.repaid + r.repaid,
		knownButPaid: into.knownButPaid + r.knownButPaid,
		mismatches: [...into.mismatches, ...r.mismatches]
	};
}

export interface GateBench {
	scenarios: Record<string, GateFigures>;
	runs: GateRun[];
	wallMs: number;
}

/** Every scenario × family × seed; `onRun` sees each run as it finishes. */
export async function gateBench(
	hasher: Hasher,
	scenarios: readonly (string | ScenarioInput)[] = GATE_SCENARIOS,
	onRun?: (run: GateRun) => void
): Promise<GateBench> {
	const started = Date.now();
	const out: GateBench = { scenarios: {}, runs: [], wallMs: 0 };
	for (const scenario of scenarios) {
		let sum = emptyFigures();
		for (const family of FAMILIES) {
			for (const seed of SEEDS) {
				const run = await gateRun(scenario, family, seed, hasher);
				out.runs.push(run);
				onRun?.(run);
				sum = addFigures(sum, run);
			}
		}
		out.scenarios[typeof scenario === 'string' ? scenario : (scenario.name ?? 'custom')] = sum;
	}
	out.wallMs = Date.now() - started;
	return out;
}
