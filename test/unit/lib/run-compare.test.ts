/**
 * Reruns and the comparison they make: a change alters one setting and nothing else, stored
 * variants are read through their schema (hostile ones are not variants), a group gathers a run
 * and its reruns whichever one is in view, and the gate sentence cites a step the gated run
 * rejected and the ungated one accepted — checked on two real simulated runs of coin flip.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/lib/persistence/records.ts';
import type { RunResult } from '../../../src/core/loop/index.ts';
import { DEFAULT_RUN_SETTINGS } from '../../../src/lib/state/run-controller.svelte.ts';
import {
	applyChange,
	changeLabel,
	changesNothing,
	settingText,
	variantOf,
	type VariantChange
} from '../../../src/lib/run-view/variants.ts';
import { gatePair, gateStory, runGroup } from '../../../src/lib/run-view/run-group.ts';
import { stepPoints, type StepPoint } from '../../../src/lib/run-view/series.ts';
import { pack, scriptedRun } from '../core/loop/helpers.ts';

const CHANGES: VariantChange[] = [
	{ setting: 'gate', enabled: false },
	{ setting: 'budget', edits: 1 },
	{ setting: 'schedule', schedule: 'linear' },
	{ setting: 'metric', metric: 'soft' },
	{ setting: 'batchSize', batchSize: 4 },
	{ setting: 'minDelta', minDeltaItems: 2 }
];

describe('a change of one setting', () => {
	it.each(CHANGES)('$setting changes that setting only', (change) => {
		const after = applyChange(DEFAULT_RUN_SETTINGS, change);
		const changed = Object.keys(after).filter(
			(k) =>
				after[k as keyof typeof after] !==
				DEFAULT_RUN_SETTINGS[k as keyof typeof DEFAULT_RUN_SETTINGS]
		);
		const expected: Record<VariantChange['setting'], string[]> = {
			gate: ['gateEnabled'],
			// A constant budget of one edit: the schedule and both ends of it.
			budget: ['schedule', 'budgetMax'],
			schedule: ['schedule'],
			metric: ['metric'],
			batchSize: ['batchSize'],
			minDelta: ['minDeltaItems']
		};
		expect(changed).toEqual(expected[change.setting]);
		expect(changesNothing(DEFAULT_RUN_SETTINGS, change)).toBe(false);
		expect(changesNothing(after, change)).toBe(true);
	});

	it('names the change and the setting as it was', () => {
		expect(changeLabel({ setting: 'budget', edits: 1 })).toBe('edit budget 1 (constant)');
		expect(changeLabel({ setting: 'gate', enabled: false })).toBe('gate off');
		expect(changeLabel({ setting: 'minDelta', minDeltaItems: 1 })).toBe('min. improvement 1 item');
		expect(settingText(DEFAULT_RUN_SETTINGS, 'budget')).toBe('cosine, 3 down to 1 per step');
		expect(
			settingText(applyChange(DEFAULT_RUN_SETTINGS, CHANGES[1] as VariantChange), 'budget')
		).toBe('1 per step');
	});
});

describe('stored variants', () => {
	it('reads one this app wrote', () => {
		const variant = { of: 'run-1', change: { setting: 'budget', edits: 1 } };
		expect(variantOf({ settings: {}, variant })).toEqual(variant);
		expect(variantOf({ settings: {} })).toBeNull();
	});

	it.each([
		['an unknown setting', { of: 'r', change: { setting: 'temperature', value: 2 } }],
		['a budget out of range', { of: 'r', change: { setting: 'budget', edits: 500 } }],
		['a fractional batch', { of: 'r', change: { setting: 'batchSize', batchSize: 2.5 } }],
		['no run it changes', { of: '', change: { setting: 'gate', enabled: false } }],
		['a string for a change', { of: 'r', change: 'gate off' }],
		['a metric not offered', { of: 'r', change: { setting: 'metric', metric: 'vibes' } }]
	])('refuses %s', (_name, variant) => {
		expect(variantOf({ variant })).toBeNull();
	});
});

function record(id: string, createdAt: number, config: object, summary: unknown = null): RunRecord {
	return {
		id,
		workspaceId: 'w',
		createdAt,
		updatedAt: createdAt,
		status: 'finished',
		config,
		snapshot: null,
		summary,
		lastStepIndex: 4
	};
}

describe('a run group', () => {
	const root = record('a', 1, { settings: { gateEnabled: true } });
	const off = record('b', 2, {
		settings: { gateEnabled: false },
		variant: { of: 'a', change: { setting: 'gate', enabled: false } }
	});
	const budget = record('c', 3, {
		settings: { gateEnabled: true },
		variant: { of: 'a', change: { setting: 'budget', edits: 1 } }
	});
	const stranger = record('d', 4, { settings: { gateEnabled: true } });
	const runs = [stranger, budget, off, root];

	it('is the same whichever member is in view: the original first, then reruns oldest first', () => {
		for (const id of ['a', 'b', 'c']) {
			const group = runGroup(runs, id);
			expect(group.root?.id).toBe('a');
			expect(group.members.map((m) => [m.id, m.label])).toEqual([
				['a', 'original'],
				['b', 'gate off'],
				['c', 'edit budget 1 (constant)']
			]);
		}
		expect(runGroup(runs, 'd').members.map((m) => m.id)).toEqual(['d']);
	});

	it('pairs the gated with the ungated run', () => {
		const pair = gatePair(runGroup(runs, 'c'));
		expect(pair?.gated.id).toBe('a');
		expect(pair?.ungated.id).toBe('b');
		expect(gatePair(runGroup([root, budget], 'a'))).toBeNull();
	});

	it('keeps the reruns when the original was deleted, but has no root to rerun', () => {
		const group = runGroup([off, budget], 'b');
		expect(group.root).toBeNull();
		expect(group.members.map((m) => m.id)).toEqual(['b', 'c']);
	});
});

describe('the gate sentence', () => {
	let gated: RunResult;
	let ungated: RunResult;
	beforeAll(async () => {
		const p = await pack('coin-flip');
		const run = async (enabled: boolean) =>
			(await scriptedRun({ pack: p, seed: 1, epochs: 1, gate: { enabled } })).result;
		[gated, ungated] = await Promise.all([run(true), run(false)]);
	}, 60_000);

	it('cites the first step the gated run rejected and the ungated run accepted', () => {
		const g = stepPoints(gated.records);
		const u = stepPoints(ungated.records);
		const test = (r: RunResult) => r.summary.test ?? null;
		const story = gateStory({ points: g, test: test(gated) }, { points: u, test: test(ungated) });
		const step = story.step?.index;
		expect(step).toBeDefined();
		const first = u.find(
			(p) => p.action === 'force_accept' && g.find((q) => q.index === p.index)?.action === 'reject'
		);
		expect(step).toBe(first?.index);
		expect(story.headline).toContain(`At step ${step} (epoch 1) the gated run rejected`);
		expect(story.outcome).toContain('On test, the gated run’s final skill scores');
	});

	const point = (over: Partial<StepPoint>): StepPoint => ({
		key: 's0',
		index: 1,
		epoch: 1,
		stepInEpoch: 1,
		x: 8,
		current: 0.5,
		candidate: 0.4,
		candidateBound: null,
		accepted: false,
		action: 'reject',
		train: 0.5,
		editsSoFar: 0,
		tokens: 100,
		candidateHash: 'h1',
		...over
	});

	it('says when the gate rejected nothing, and which way the test scores went', () => {
		const same = gateStory(
			{ points: [point({ action: 'accept_new_best', accepted: true })], test: null },
			{ points: [point({ action: 'force_accept', accepted: true })], test: null }
		);
		expect(same.step).toBeNull();
		expect(same.headline).toContain('rejected nothing');
		expect(same.outcome).toBeNull();

		const gatedPts = [point({ candidate: null, candidateBound: 0.5 })];
		const ungatedPts = [point({ action: 'force_accept', accepted: true })];
		const decline = gateStory(
			{ points: gatedPts, test: { best: 0.7, final: 0.7 } },
			{ points: ungatedPts, test: { best: 0.65, final: 0.5 } }
		);
		expect(decline.headline).toContain('stopped early: at most 50.0% reachable');
		expect(decline.headline).toContain(
			'the same candidate at val 40.0%, no better than its current 50.0%'
		);
		expect(decline.outcome).toContain('ended below its own best-on-val skill');
		const recovered = gateStory(
			{ points: gatedPts, test: { best: 0.6, final: 0.6 } },
			{
				points: [point({ action: 'force_accept', candidateHash: 'h2' })],
				test: { best: 0.7, final: 0.7 }
			}
		);
		expect(recovered.headline).toContain('its own candidate');
		expect(recovered.outcome).toContain('did not end worse');
	});
});
