/**
 * The run view's curves, shaped from the recorded steps: per training step the val score of the
 * current skill (before the decision, as the step rows say it) and of the candidate, the train
 * batch's score, the edits accepted so far and the skill's length in tokens. DOM-free, so the
 * numbers a chart and its table show are tested without a browser.
 *
 * The x value is "train items seen" (the sum of the batches so far), so runs with different
 * batch sizes line up when overlaid. Slow updates are not points: they read no new train items,
 * and the next step's "current" shows what they did.
 */
import type { LogRecord, StepRecord } from '../../core/loop/state.ts';
import { approxTokenCount } from '../../core/text-stats.ts';
import { pct, scoreBefore } from './verdicts.ts';

/** One training step, as every chart and table reads it. */
export interface StepPoint {
	/** The run view's row key of the step (`s` + its index in the records). */
	key: string;
	index: number;
	epoch: number;
	stepInEpoch: number;
	/** Train items seen after this step's batch. */
	x: number;
	/** Val score of the current skill the candidate was judged against. */
	current: number | null;
	/** Val score of the candidate, when known (not for early stops or skipped steps). */
	candidate: number | null;
	/** The best the candidate could still reach when the gate stopped early. */
	candidateBound: number | null;
	accepted: boolean;
	action: StepRecord['action'];
	/** Mean hard score of the step's train batch. */
	train: number | null;
	/** Edits applied by accepted candidates, this step included. */
	editsSoFar: number;
	/** The skill after the decision, in approximate tokens (unknown in run format v1). */
	tokens: number | null;
	/** The candidate's hash (two runs' steps tried the same skill when theirs are equal). */
	candidateHash: string | null;
}

const ACCEPTED = new Set(['accept_new_best', 'accept', 'force_accept']);

export const isAccepted = (action: string): boolean => ACCEPTED.has(action);

// Step records are immutable once recorded: their token counts are computed once.
const tokenCache = new WeakMap<StepRecord, number | null>();

function tokensAfter(step: StepRecord, accepted: boolean): number | null {
	const known = tokenCache.get(step);
	if (known !== undefined) return known;
	const detail = step.detail;
	const text =
		detail === undefined ? undefined : accepted ? detail.candidate?.text : detail.against.text;
	const tokens = text === undefined ? null : approxTokenCount(text);
	tokenCache.set(step, tokens);
	return tokens;
}

/** The training steps of a run's records as chart points, in order. */
export function stepPoints(records: readonly LogRecord[]): StepPoint[] {
	const points: StepPoint[] = [];
	let seen = 0;
	let edits = 0;
	records.forEach((record, i) => {
		if (record.kind !== 'step') return;
		seen += record.batch.length;
		const accepted = isAccepted(record.action);
		if (accepted) edits += record.applied;
		const ev = record.evaluation;
		const before = scoreBefore(record);
		points.push({
			key: `s${i}`,
			index: record.index,
			epoch: record.epoch,
			stepInEpoch: record.stepInEpoch,
			x: seen,
			current: before ?? null,
			candidate: ev?.score ?? null,
			candidateBound: ev !== undefined && ev.score === undefined ? ev.upperBound : null,
			accepted,
			action: record.action,
			train: record.rollout.n > 0 ? record.rollout.hard : null,
			editsSoFar: edits,
			tokens: tokensAfter(record, accepted),
			candidateHash: record.candidateHash ?? null
		});
	});
	return points;
}

/** A run drawn on the charts: the first of a list is the one the view shows (and selects in). */
export interface ChartRun {
	id: string;
	label: string;
	points: StepPoint[];
}

/** One curve of a chart. */
export interface SeriesSpec {
	/** Its name in the legend and the table's column header. */
	label: string;
	value: (p: StepPoint) => number | null;
	/** 'line' joins points; 'points' marks them only (the accepted steps). */
	style: 'line' | 'dashed' | 'points';
	/** A CSS variable of the app's palette. */
	color: string;
}

/** A chart: its curves, the y axis and how a value reads in the table. */
export interface MetricSpec {
	id: string;
	title: string;
	yLabel: string;
	series: SeriesSpec[];
	format: (v: number) => string;
	/** A fixed y range (scores are 0–1), or null to fit the data. */
	range: [number, number] | null;
	/** Whether its table names each step's verdict (the chart marks accepted steps). */
	verdicts: boolean;
	/** A tick label on the y axis (shorter than the table's). */
	tick: (v: number) => string;
	/** Whole numbers only (no 2.5 edits). */
	integer: boolean;
	/**
	 * Each run in a colour and line of its own (a comparison of equals); otherwise the first run
	 * is in the series' colours and the others muted and dotted (an overlay).
	 */
	perRun?: boolean;
}

const percentTick = (v: number): string => `${Math.round(v * 100)}%`;

/** The current skill's val score, and the accepted steps ringed (the val chart, a comparison). */
const VAL_CURRENT: SeriesSpec = {
	label: 'current',
	value: (p) => p.current,
	style: 'line',
	color: '--accent'
};
const VAL_ACCEPTED: SeriesSpec = {
	label: 'accepted',
	value: (p) => (p.accepted ? p.candidate : null),
	style: 'points',
	color: '--ok'
};

/** The y axis and table of a val chart: scores 0–1, steps named by their verdicts. */
const VAL_AXIS = {
	yLabel: 'val score',
	range: [0, 1],
	format: pct,
	tick: percentTick,
	integer: false,
	verdicts: true
} satisfies Partial<MetricSpec>;

/** The charts of the run view, in order. */
export const METRICS: readonly MetricSpec[] = [
	{
		id: 'val',
		title: 'Val score per step',
		...VAL_AXIS,
		series: [
			VAL_CURRENT,
			{ label: 'candidate', value: (p) => p.candidate, style: 'dashed', color: '--warn' },
			VAL_ACCEPTED
		]
	},
	{
		id: 'train',
		title: 'Train batch score',
		yLabel: 'batch score',
		range: [0, 1],
		format: pct,
		tick: percentTick,
		integer: false,
		verdicts: false,
		series: [{ label: 'batch', value: (p) => p.train, style: 'line', color: '--accent' }]
	},
	{
		id: 'edits',
		title: 'Accepted edits so far',
		yLabel: 'edits',
		range: null,
		verdicts: false,
		format: (v) => String(v),
		tick: (v) => String(v),
		integer: true,
		series: [{ label: 'edits', value: (p) => p.editsSoFar, style: 'line', color: '--accent' }]
	},
	{
		id: 'tokens',
		title: 'Skill length',
		yLabel: 'tokens (approx.)',
		range: null,
		verdicts: false,
		format: (v) => `${v} tokens`,
		tick: (v) => String(v),
		integer: true,
		series: [{ label: 'length', value: (p) => p.tokens, style: 'line', color: '--accent' }]
	}
];

/**
 * The val chart of a comparison (a run and its reruns, one setting changed each): the current
 * skill's score per step and the accepted steps, one colour and line per run.
 */
export const COMPARE_VAL: MetricSpec = {
	id: 'compare-val',
	title: 'Val score of each run',
	...VAL_AXIS,
	perRun: true,
	series: [VAL_CURRENT, VAL_ACCEPTED]
};

/** A curve of one run, as drawn. */
export interface DrawnSeries {
	runIndex: number;
	/** Coloured by run, not by series (see `MetricSpec.perRun`). */
	perRun: boolean;
	spec: SeriesSpec;
	/** Its label in the legend: the series, and the run when several are drawn. */
	label: string;
}

/** uPlot's aligned data: the x values of every run, then one y array per drawn series. */
export interface AlignedSeries {
	x: number[];
	ys: (number | null)[][];
	series: DrawnSeries[];
	/** Per x index: the point of the first run there, if it has one (what a click selects). */
	primary: (StepPoint | null)[];
}

/** Every run's curves of `metric` on one shared x axis (train items seen); gaps are null. */
export function alignRuns(runs: readonly ChartRun[], metric: MetricSpec): AlignedSeries {
	const xs = [...new Set(runs.flatMap((r) => r.points.map((p) => p.x)))].sort((a, b) => a - b);
	const at = new Map(xs.map((x, i) => [x, i]));
	const series: DrawnSeries[] = [];
	const ys: (number | null)[][] = [];
	runs.forEach((run, runIndex) => {
		for (const spec of metric.series) {
			const y: (number | null)[] = xs.map(() => null);
			for (const p of run.points) {
				const i = at.get(p.x);
				if (i !== undefined) y[i] = spec.value(p);
			}
			series.push({
				runIndex,
				perRun: metric.perRun === true,
				spec,
				label: runs.length > 1 ? `${spec.label} · ${run.label}` : spec.label
			});
			ys.push(y);
		}
	});
	const primary: (StepPoint | null)[] = xs.map(() => null);
	for (const p of runs[0]?.points ?? []) {
		const i = at.get(p.x);
		if (i !== undefined) primary[i] = p;
	}
	return { x: xs, ys, series, primary };
}

/** The first run's point nearest to train-items-seen `x` (a click between points). */
export function nearestPoint(points: readonly StepPoint[], x: number): StepPoint | null {
	let best: StepPoint | null = null;
	for (const p of points) if (best === null || Math.abs(p.x - x) < Math.abs(best.x - x)) best = p;
	return best;
}

/** "1.3": epoch 1, step 3. */
export const epochStep = (p: StepPoint): string => `${p.epoch}.${p.stepInEpoch}`;

/** A value for the table: the metric's format, or a dash. */
export function cellText(metric: MetricSpec, spec: SeriesSpec, p: StepPoint): string {
	const v = spec.value(p);
	if (v === null) {
		if (spec.label === 'candidate' && p.candidateBound !== null)
			return `≤ ${metric.format(p.candidateBound)} (stopped early)`;
		return '—';
	}
	return metric.format(v);
}
