/**
 * The run view's charts, grid and exports read the recorded steps: the curves match the step
 * rows' numbers, runs with different batch sizes share the train-items-seen axis, the grid
 * tells fixed from broken items, and the CSV and JSON hold the run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord, StepRecord } from '../../../src/core/loop/index.ts';
import { approxTokenCount } from '../../../src/core/text-stats.ts';
import {
	METRICS,
	alignRuns,
	cellText,
	nearestPoint,
	stepPoints,
	type MetricSpec
} from '../../../src/lib/run-view/series.ts';
import { cellLabel, valGrid } from '../../../src/lib/run-view/val-grid.ts';
import {
	CSV_COLUMNS,
	RUN_EXPORT_FORMAT,
	runExport,
	stepsCsv
} from '../../../src/lib/run-view/run-export.ts';
import { pct, verdictLine } from '../../../src/lib/run-view/verdicts.ts';
import type { RunViewData } from '../../../src/lib/run-view/view-data.ts';
import { pack, scriptedRun } from '../core/loop/helpers.ts';

let records: LogRecord[] = [];
let wide: LogRecord[] = [];

async function run(batchSize: number): Promise<LogRecord[]> {
	const p = await pack('coin-flip');
	const { result } = await scriptedRun({ pack: p, seed: 1, epochs: 1, batchSize });
	return result.records;
}

beforeAll(async () => {
	[records, wide] = await Promise.all([run(8), run(10)]);
}, 60_000);

const steps = (rs: LogRecord[]): StepRecord[] =>
	rs.filter((r): r is StepRecord => r.kind === 'step');
const metric = (id: string): MetricSpec => {
	const m = METRICS.find((x) => x.id === id);
	if (m === undefined) throw new Error(id);
	return m;
};

describe('stepPoints', () => {
	it('gives each training step the numbers its row states, at train items seen', () => {
		const points = stepPoints(records);
		expect(points).toHaveLength(steps(records).length);
		expect(points.map((p) => p.x)).toEqual(points.map((_, i) => (i + 1) * 8));
		const val = metric('val');
		const [current, candidate] = val.series;
		if (current === undefined || candidate === undefined) throw new Error('series');
		points.forEach((p, i) => {
			const step = steps(records)[i];
			if (step === undefined) throw new Error('step');
			const line = verdictLine(step);
			if (step.evaluation?.status === 'complete') {
				expect(line).toContain(
					`candidate ${cellText(val, candidate, p)} vs current ${cellText(val, current, p)}`
				);
			}
			if (step.evaluation?.status === 'early_reject') {
				expect(cellText(val, candidate, p)).toBe(
					`≤ ${pct(step.evaluation.upperBound)} (stopped early)`
				);
			}
		});
	});

	it('counts the edits accepted so far and the skill length after the decision', () => {
		const points = stepPoints(records);
		let edits = 0;
		points.forEach((p, i) => {
			const step = steps(records)[i];
			if (step === undefined) throw new Error('step');
			if (p.accepted) edits += step.applied;
			expect(p.editsSoFar).toBe(edits);
			const text = p.accepted ? step.detail?.candidate?.text : step.detail?.against.text;
			expect(p.tokens).toBe(approxTokenCount(text ?? ''));
		});
		expect(points.some((p) => p.accepted)).toBe(true);
		expect(edits).toBeGreaterThan(0);
	});

	it('has no skill length for records without detail (run format v1)', () => {
		const legacy = steps(records).map(({ detail: _detail, ...rest }) => rest as StepRecord);
		expect(stepPoints(legacy).every((p) => p.tokens === null)).toBe(true);
	});
});

describe('alignRuns', () => {
	it('puts two runs with different batch sizes on one x axis, with gaps where a run has no step', () => {
		const a = { id: 'a', label: 'batch 8', points: stepPoints(records) };
		const b = { id: 'b', label: 'batch 10', points: stepPoints(wide) };
		const aligned = alignRuns([a, b], metric('val'));
		expect(aligned.series).toHaveLength(6);
		expect(aligned.series[3]?.label).toBe('current · batch 10');
		expect(aligned.x).toEqual(
			[...new Set([...a.points, ...b.points].map((p) => p.x))].sort((x, y) => x - y)
		);
		const at10 = aligned.x.indexOf(10);
		expect(aligned.ys[0]?.[at10]).toBeNull();
		expect(aligned.ys[3]?.[at10]).toBe(b.points[0]?.current);
		// A click selects in the first run only.
		expect(aligned.primary[at10]).toBeNull();
		expect(nearestPoint(a.points, 10.5)?.x).toBe(8);
		expect(nearestPoint(a.points, 13)?.x).toBe(16);
	});
});

describe('valGrid', () => {
	it('shows an accepted step with both fixed and broken items, and early stops as not evaluated', () => {
		const grid = valGrid(records);
		expect(grid.items.length).toBeGreaterThan(10);
		const accepted = grid.columns.find(
			(c) =>
				c.accepted &&
				c.cells.some((x) => x.state === 'fixed') &&
				c.cells.some((x) => x.state === 'broken')
		);
		expect(accepted).toBeDefined();
		const early = grid.columns.find(
			(c) => c.action === 'reject' && c.cells.some((x) => x.state === 'not-evaluated')
		);
		expect(early).toBeDefined();
		for (const col of grid.columns) expect(col.cells).toHaveLength(grid.items.length);
		const cell = accepted?.cells.find((x) => x.state === 'broken');
		if (accepted === undefined || cell === undefined) throw new Error('cell');
		expect(cellLabel(accepted, 'v1', cell)).toMatch(/^v1, step \d+ \(epoch 1\): broken$/);
	});

	it('marks cached results and whole cached scores', () => {
		const [first] = steps(records).filter((s) => s.evaluation?.items?.length);
		if (first?.evaluation?.items === undefined) throw new Error('no items');
		const items = first.evaluation.items.map((item, i) =>
			i === 0 ? { ...item, cached: true } : item
		);
		const cachedItem: StepRecord = { ...first, evaluation: { ...first.evaluation, items } };
		const { items: _items, ...rest } = first.evaluation;
		const cachedScore: StepRecord = { ...first, evaluation: { ...rest, status: 'cached' } };
		const grid = valGrid([cachedItem, cachedScore]);
		expect(grid.columns[0]?.cells[0]?.cached).toBe(true);
		expect(grid.columns[1]?.cells.every((c) => c.state === 'cached-score')).toBe(true);
	});
});

describe('exports', () => {
	const view = (): RunViewData => ({
		mode: 'stored',
		title: 'Run',
		subtitle: 'Simulation',
		status: 'finished',
		records,
		pack: null,
		editSource: 'optimiser',
		cursor: null,
		totalSteps: 5,
		counters: null,
		summary: null,
		legacy: false,
		meta: { runId: 'r1', createdAt: 0, settings: { batchSize: 8 } }
	});

	it('writes one CSV row per step with the numbers of the step rows', () => {
		const lines = stepsCsv(records).trimEnd().split('\r\n');
		expect(lines[0]).toBe(CSV_COLUMNS.join(','));
		expect(lines).toHaveLength(steps(records).length + 1);
		const points = stepPoints(records);
		lines.slice(1).forEach((line, i) => {
			const cells = line.split(',');
			const p = points[i];
			const step = steps(records)[i];
			if (p === undefined || step === undefined) throw new Error('row');
			expect(cells[0]).toBe(String(step.epoch));
			expect(cells[1]).toBe(String(step.index));
			expect(cells[3]).toBe(String(p.x));
			expect(cells[4] === '' ? null : Number(cells[4])).toBeCloseTo(p.current ?? NaN, 6);
			expect(cells[7]).toBe(step.action);
			expect(cells[8]).toBe(String(step.ranked.length));
			expect(cells[9]).toBe(String(step.applied));
			expect(cells[10]).toBe(String(step.rollouts.train + step.rollouts.val));
		});
	});

	it('writes the run as versioned JSON with its records and settings, never model settings', () => {
		const doc = runExport(view(), new Date(0));
		expect(doc.format).toBe(RUN_EXPORT_FORMAT);
		expect(doc.recordFormat).toBe('skillopt-playground.run.v2');
		expect(doc.run.id).toBe('r1');
		expect(doc.run.settings).toEqual({ batchSize: 8 });
		expect(JSON.parse(JSON.stringify(doc)).records).toEqual(records);
		expect(runExport({ ...view(), legacy: true }, new Date(0)).recordFormat).toBe(
			'skillopt-playground.run.v1'
		);
	});
});
