/**
 * `npm run bench`: what the exact early-decision gate saves, measured on full 3-epoch runs
 * against the scripted engine (default scenario), several families × seeds.
 *
 * For every candidate the run's gate judged (step candidates, slow updates, the final promotion
 * check), the candidate is also evaluated in shadow on the whole val split by a second scripted
 * engine with the same scenario (the simulation is deterministic, so it gives the same answers);
 * shadow results never touch the run. That gives, on the same run and for the same proposals:
 * - our cost: the val rollouts the run actually spent on candidates (early rejects, cache hits);
 * - a reference-style gate's cost: the whole split for every candidate (and, as a second figure,
 *   the whole split for every candidate whose text it had not scored before — the reference's
 *   own score cache);
 * - whether the verdicts agree: the shadow's full score through `decideGate` must give the
 *   run's action for every candidate.
 * The baseline evaluation of the seed skill and the test split are the same for both and are
 * left out. It prints figures; it is not a test.
 */
import { decideGate, gateScore, splitScore, type ItemResult } from '../src/core/gate/index.ts';
import type { ChatEngine, Hasher } from '../src/core/ports.ts';
import { runOptimization, type LoopEvent, type StepAction } from '../src/core/loop/index.ts';
import { createGrader } from '../src/core/packs/graders/index.ts';
import { renderMessages } from '../src/core/packs/render.ts';
import type { TaskPack } from '../src/core/packs/types.ts';
import { familyPack, nodeHasher, scriptedChatEngine, systemClock } from './node-ports.ts';

const FAMILIES = [
	'coin-flip',
	'last-letters',
	'object-counting',
	'boolean-expressions',
	'word-sorting',
	'date-arithmetic'
];
const SEEDS = [1, 2, 3];
const SCENARIO = 'default';

interface Candidate {
	kind: string;
	step: number;
	text: string;
	hash: string;
	current: number;
	best: number;
	action?: StepAction;
	status?: string;
	rollouts?: number;
	evaluated?: number;
}

async function shadowScore(
	engine: ChatEngine,
	pack: TaskPack,
	skill: string
): Promise<ItemResult[]> {
	const grader = createGrader(pack.grader);
	const out: ItemResult[] = [];
	for (const item of pack.splits.val) {
		const result = await engine.generate({
			messages: renderMessages(pack, item, skill),
			temperature: 0,
			seed: 0,
			maxTokens: pack.generation.maxTokens,
			stop: [...pack.generation.stop],
			hints: {
				role: 'executor',
				packId: pack.id,
				itemId: item.id,
				...(item.input === undefined ? {} : { input: item.input }),
				gold: item.answer,
				features: item.meta?.features ?? {},
				skill
			}
		});
		const grade = await grader.grade(result.text, item);
		out.push({ id: item.id, hard: grade.hard, soft: grade.soft });
	}
	return out;
}

interface RunFigures {
	family: string;
	seed: number;
	candidates: number;
	accepted: number;
	ours: number;
	oursAccepted: number;
	oursRejected: number;
	reference: number;
	referenceCached: number;
	identical: number;
	mismatches: string[];
	valBest: number;
	valSeed: number;
}

async function benchRun(family: string, seed: number, hasher: Hasher): Promise<RunFigures> {
	const pack = await familyPack(family, seed, hasher);
	const engine = scriptedChatEngine(SCENARIO);
	const shadow = scriptedChatEngine(SCENARIO);
	const candidates: Candidate[] = [];
	let pending: Candidate | undefined;
	const result = await runOptimization(
		{ pack, seed },
		{ executor: engine, optimiser: engine, hasher, clock: systemClock },
		{
			onEvent(event: LoopEvent) {
				if (event.type === 'proposal') {
					pending = {
						kind: event.kind,
						step: event.step,
						text: event.candidate,
						hash: event.candidateHash,
						current: event.current,
						best: event.best
					};
				} else if (event.type === 'gate') {
					const c: Candidate =
						event.kind === 'promote' || pending === undefined
							? {
									kind: event.kind,
									step: event.step,
									text: '',
									hash: event.candidateHash,
									current: 0,
									best: 0
								}
							: pending;
					c.action = event.action;
					c.status = event.evaluation.status;
					c.rollouts = event.evaluation.rollouts;
					c.evaluated = event.evaluation.evaluated;
					candidates.push(c);
					pending = undefined;
				}
			}
		}
	);
	const config = result.snapshot.config;
	const n = pack.splits.val.length;
	const seen = new Set<string>([result.snapshot.seed.hash]);
	const figures: RunFigures = {
		family,
		seed,
		candidates: 0,
		accepted: 0,
		ours: 0,
		oursAccepted: 0,
		oursRejected: 0,
		reference: 0,
		referenceCached: 0,
		identical: 0,
		mismatches: [],
		valBest: result.summary.val.best,
		valSeed: result.summary.val.seed
	};
	for (const c of candidates) {
		if (c.kind === 'promote') continue; // not produced in gated runs; its baseline differs
		figures.candidates++;
		const spent = c.rollouts ?? 0;
		figures.ours += spent;
		figures.reference += n;
		if (!seen.has(c.hash)) figures.referenceCached += n;
		seen.add(c.hash);
		const results = await shadowScore(shadow, pack, c.text);
		const full = gateScore(config.gate, splitScore(results, n));
		const expected = decideGate(config.gate, {
			candidate: full,
			current: c.current,
			best: c.best,
			n
		});
		if (c.action !== 'reject') {
			figures.accepted++;
			figures.oursAccepted += spent;
		} else figures.oursRejected += spent;
		if (expected.action === c.action) figures.identical++;
		else
			figures.mismatches.push(
				`${c.kind} ${c.step}: run ${c.action}, full split ${expected.action}`
			);
	}
	return figures;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const hasher = nodeHasher();
const started = systemClock.now();
const rows: RunFigures[] = [];
console.log(
	'family               seed  candidates  accepted  ours  (acc+rej)   reference  ratio   ref+cache  ratio   verdicts  val seed→best'
);
for (const family of FAMILIES) {
	for (const seed of SEEDS) {
		const r = await benchRun(family, seed, hasher);
		rows.push(r);
		console.log(
			[
				r.family.padEnd(20),
				String(r.seed).padEnd(5),
				String(r.candidates).padEnd(11),
				String(r.accepted).padEnd(9),
				`${r.ours} (${r.oursAccepted}+${r.oursRejected})`.padEnd(15),
				String(r.reference).padEnd(10),
				pct(r.ours / r.reference).padEnd(7),
				String(r.referenceCached).padEnd(10),
				pct(r.ours / r.referenceCached).padEnd(7),
				`${r.identical}/${r.candidates}`.padEnd(9),
				`${pct(r.valSeed)}→${pct(r.valBest)}`
			].join(' ')
		);
		for (const m of r.mismatches) console.log(`  MISMATCH ${m}`);
	}
}
const sum = (f: (r: RunFigures) => number): number => rows.reduce((a, r) => a + f(r), 0);
const ours = sum((r) => r.ours);
const reference = sum((r) => r.reference);
const referenceCached = sum((r) => r.referenceCached);
const candidates = sum((r) => r.candidates);
const identical = sum((r) => r.identical);
console.log('');
console.log(
	`runs: ${rows.length} (${FAMILIES.length} families × ${SEEDS.length} seeds), scenario ${SCENARIO}`
);
console.log(`candidates judged: ${candidates}, accepted ${sum((r) => r.accepted)}`);
console.log(
	`val rollouts on candidates: ours ${ours} (accepted ${sum((r) => r.oursAccepted)}, rejected ${sum((r) => r.oursRejected)})`
);
console.log(
	`reference (whole split per candidate): ${reference} → ratio ${pct(ours / reference)} (target ≤ 40%)`
);
console.log(
	`reference with its score cache:        ${referenceCached} → ratio ${pct(ours / referenceCached)}`
);
const acceptedFull = sum((r) => r.accepted * (r.reference / Math.max(1, r.candidates)));
console.log(
	`floor while accepted candidates are always scored in full: ${pct(acceptedFull / reference)}; ` +
		`rejected candidates cost ${pct(sum((r) => r.oursRejected) / Math.max(1, reference - acceptedFull))} of their full split`
);
console.log(
	`identical verdicts: ${identical}/${candidates} (${pct(identical / Math.max(1, candidates))})`
);
console.log(`wall time: ${((systemClock.now() - started) / 1000).toFixed(1)} s`);
