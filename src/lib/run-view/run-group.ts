/**
 * A run and its reruns with one setting changed ("Compare with the gate off", "Run again
 * with…") as one group: who belongs, what each is called, the scores each ended with, and the
 * sentence that says what the gate did, citing a step the gated run rejected and the ungated
 * run accepted. DOM-free, so the comparison a teacher reads out is tested without a browser.
 */
import type { RunRecord } from '../persistence/records.ts';
import type { StepPoint } from './series.ts';
import { pct } from './verdicts.ts';
import { changeLabel, variantOf, type RunVariant } from './variants.ts';

/** Val and test scores of a run's best-on-val skill and of its final skill. */
export interface EndScores {
	best: number;
	final: number;
}

export interface GroupMember {
	id: string;
	/** "original", or the change ("gate off", "edit budget: constant, 1 edit per step"). */
	label: string;
	variant: RunVariant | null;
	status: RunRecord['status'];
	createdAt: number;
	updatedAt: number;
	lastStepIndex: number;
	/** Whether the run's gate was on (null when its settings cannot be read). */
	gateOn: boolean | null;
	val: EndScores | null;
	test: EndScores | null;
}

export interface RunGroup {
	/** The run the others change one setting of; null when it was deleted. */
	root: RunRecord | null;
	/** The root first (when kept), then the reruns, oldest first. */
	members: GroupMember[];
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (typeof v === 'object' && v !== null ? (v as Loose) : {});

function endScores(value: unknown): EndScores | null {
	const s = obj(value);
	const best = s['best'];
	const final = s['final'];
	return typeof best === 'number' && typeof final === 'number' ? { best, final } : null;
}

function member(run: RunRecord, variant: RunVariant | null): GroupMember {
	const settings = obj(obj(run.config)['settings']);
	const gate = settings['gateEnabled'];
	const summary = obj(run.summary);
	return {
		id: run.id,
		label: variant ? changeLabel(variant.change) : 'original',
		variant,
		status: run.status,
		createdAt: run.createdAt,
		updatedAt: run.updatedAt,
		lastStepIndex: run.lastStepIndex,
		gateOn: typeof gate === 'boolean' ? gate : null,
		val: endScores(summary['val']),
		test: endScores(summary['test'])
	};
}

/** The group the run `runId` belongs to (itself alone when nothing reran it). */
export function runGroup(runs: readonly RunRecord[], runId: string): RunGroup {
	const self = runs.find((r) => r.id === runId);
	const rootId = (self ? variantOf(self.config)?.of : undefined) ?? runId;
	const root = runs.find((r) => r.id === rootId) ?? null;
	const reruns = runs
		.map((run) => ({ run, variant: variantOf(run.config) }))
		.filter((r): r is { run: RunRecord; variant: RunVariant } => r.variant?.of === rootId)
		.sort((a, b) => a.run.createdAt - b.run.createdAt)
		.map(({ run, variant }) => member(run, variant));
	return { root, members: [...(root ? [member(root, null)] : []), ...reruns] };
}

/** The gated and the ungated run of a group, when it has both (the first rerun that differs). */
export function gatePair(group: RunGroup): { gated: GroupMember; ungated: GroupMember } | null {
	const root = group.members.find((m) => m.variant === null);
	if (!root || root.gateOn === null) return null;
	const other = group.members.find(
		(m) => m.variant?.change.setting === 'gate' && m.variant.change.enabled !== root.gateOn
	);
	if (!other) return null;
	return root.gateOn ? { gated: root, ungated: other } : { gated: other, ungated: root };
}

export interface GateStory {
	/** The step the runs part at: the gated run rejected, the ungated one accepted. */
	step: { index: number; epoch: number } | null;
	/** One sentence naming what happened at that step. */
	headline: string;
	/** What the two runs' skills scored on test, or null before both have a test score. */
	outcome: string | null;
}

function rejectedWhy(p: StepPoint): string {
	if (p.candidate !== null)
		return `val ${pct(p.candidate)} against the current ${pct(p.current ?? undefined)}`;
	if (p.candidateBound !== null)
		return `stopped early: at most ${pct(p.candidateBound)} reachable against the current ${pct(p.current ?? undefined)}`;
	return 'not above the current skill';
}

/**
 * What the gate did, in words: the first step the gated run rejected and the ungated run
 * accepted, and how each run's skills scored on test.
 */
export function gateStory(
	gated: { points: readonly StepPoint[]; test: EndScores | null },
	ungated: { points: readonly StepPoint[]; test: EndScores | null }
): GateStory {
	const byIndex = new Map(gated.points.map((p) => [p.index, p]));
	let step: GateStory['step'] = null;
	let headline =
		'So far the gated run rejected nothing the ungated run accepted: both took the same steps.';
	for (const u of ungated.points) {
		const g = byIndex.get(u.index);
		if (u.action !== 'force_accept' || g === undefined || g.action !== 'reject') continue;
		const same = g.candidateHash !== null && g.candidateHash === u.candidateHash;
		const worse = u.candidate !== null && u.current !== null && u.candidate <= u.current;
		step = { index: u.index, epoch: u.epoch };
		headline =
			`At step ${u.index} (epoch ${u.epoch}) the gated run rejected its candidate (${rejectedWhy(g)}); ` +
			`the ungated run accepted ${same ? 'the same candidate' : 'its own candidate'}` +
			`${u.candidate === null ? '' : ` at val ${pct(u.candidate)}`}` +
			`${worse ? `, no better than its current ${pct(u.current ?? undefined)}` : ''}, and went on from there.`;
		break;
	}
	const g = gated.test;
	const u = ungated.test;
	let outcome: string | null = null;
	if (g && u) {
		const verdict =
			u.final < u.best
				? 'the ungated run ended below its own best-on-val skill: the decline the gate prevents'
				: u.final < g.final
					? 'the ungated run ended below the gated one'
					: 'here the ungated run did not end worse, so the gate’s work shows in the val curve rather than on test';
		outcome =
			`On test, the gated run’s final skill scores ${pct(g.final)} (best-on-val ${pct(g.best)}); ` +
			`the ungated run’s final skill ${pct(u.final)} (best-on-val ${pct(u.best)}) — ${verdict}.`;
	}
	return { step, headline, outcome };
}
