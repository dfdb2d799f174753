/**
 * "Compare with the gate off" and "Run again with…": a finished run rerun with one setting
 * changed and everything else kept (task and its splits, seed and so the batches, engine,
 * starting skill), so the two curves differ by that one change. The change is stored with the
 * new run (in its record's config, as `variant`) and names its curve and its row.
 *
 * DOM-free. Stored variants are read through a schema: run records arrive from workspace files
 * and other tabs.
 */
import * as v from 'valibot';
import type { RunSettings } from '../state/run-controller.svelte.ts';
import { SCHEDULE_KINDS, type ScheduleKind } from '../../core/schedule.ts';
import type { GateMetric } from '../../core/packs/types.ts';

const METRICS = ['hard', 'soft', 'mixed'] as const satisfies readonly GateMetric[];

/** The settings a rerun may change, one at a time. */
export type VariantChange =
	| { setting: 'gate'; enabled: boolean }
	/** A constant edit budget of `edits` per step (the learning rate, held fixed). */
	| { setting: 'budget'; edits: number }
	| { setting: 'schedule'; schedule: ScheduleKind }
	| { setting: 'metric'; metric: GateMetric }
	| { setting: 'batchSize'; batchSize: number }
	| { setting: 'minDelta'; minDeltaItems: number };

export type VariantSetting = VariantChange['setting'];

/** What a rerun records: the run it changes and the one change. */
export interface RunVariant {
	of: string;
	change: VariantChange;
}

/** Bounds the run panel uses too; a stored change outside them is not one this app made. */
export const LIMITS = {
	budget: { min: 1, max: 8 },
	batchSize: { min: 1, max: 40 },
	minDelta: { min: 0, max: 5 }
} as const;

const whole = (min: number, max: number) =>
	v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

const ChangeSchema = v.variant('setting', [
	v.object({ setting: v.literal('gate'), enabled: v.boolean() }),
	v.object({
		setting: v.literal('budget'),
		edits: whole(LIMITS.budget.min, LIMITS.budget.max)
	}),
	v.object({ setting: v.literal('schedule'), schedule: v.picklist(SCHEDULE_KINDS) }),
	v.object({ setting: v.literal('metric'), metric: v.picklist(METRICS) }),
	v.object({
		setting: v.literal('batchSize'),
		batchSize: whole(LIMITS.batchSize.min, LIMITS.batchSize.max)
	}),
	v.object({
		setting: v.literal('minDelta'),
		minDeltaItems: whole(LIMITS.minDelta.min, LIMITS.minDelta.max)
	})
]);

const VariantSchema = v.object({ of: v.pipe(v.string(), v.minLength(1)), change: ChangeSchema });

/** The variant a stored run config records, or null (an ordinary run, or one not readable). */
export function variantOf(config: unknown): RunVariant | null {
	if (typeof config !== 'object' || config === null || !('variant' in config)) return null;
	const parsed = v.safeParse(VariantSchema, config.variant);
	return parsed.success ? parsed.output : null;
}

/** `settings` with `change` made (and nothing else). */
export function applyChange(settings: RunSettings, change: VariantChange): RunSettings {
	switch (change.setting) {
		case 'gate':
			return { ...settings, gateEnabled: change.enabled };
		case 'budget':
			return {
				...settings,
				schedule: 'constant',
				budgetMax: change.edits,
				budgetMin: change.edits
			};
		case 'schedule':
			return { ...settings, schedule: change.schedule };
		case 'metric':
			return { ...settings, metric: change.metric };
		case 'batchSize':
			return { ...settings, batchSize: change.batchSize };
		case 'minDelta':
			return { ...settings, minDeltaItems: change.minDeltaItems };
	}
}

/** Whether `change` leaves `settings` as they are (a rerun that would compare nothing). */
export function changesNothing(settings: RunSettings, change: VariantChange): boolean {
	const after = applyChange(settings, change);
	return (Object.keys(after) as (keyof RunSettings)[]).every((k) => after[k] === settings[k]);
}

/** The change in a few words: a curve's label, a row's name. */
export function changeLabel(change: VariantChange): string {
	switch (change.setting) {
		case 'gate':
			return change.enabled ? 'gate on' : 'gate off';
		case 'budget':
			return `edit budget ${change.edits} (constant)`;
		case 'schedule':
			return `schedule: ${change.schedule}`;
		case 'metric':
			return `gate metric: ${change.metric}`;
		case 'batchSize':
			return `batch size ${change.batchSize}`;
		case 'minDelta':
			return `min. improvement ${change.minDeltaItems} item${change.minDeltaItems === 1 ? '' : 's'}`;
	}
}

/** The setting's value in `settings`, as the "Run again with…" form states it ("now: …"). */
export function settingText(settings: RunSettings, setting: VariantSetting): string {
	switch (setting) {
		case 'gate':
			return settings.gateEnabled ? 'on' : 'off';
		case 'budget':
			return settings.schedule === 'constant' || settings.budgetMax === settings.budgetMin
				? `${settings.budgetMax} per step`
				: `${settings.schedule}, ${settings.budgetMax} down to ${settings.budgetMin} per step`;
		case 'schedule':
			return settings.schedule;
		case 'metric':
			return settings.metric;
		case 'batchSize':
			return String(settings.batchSize);
		case 'minDelta':
			return `${settings.minDeltaItems} item${settings.minDeltaItems === 1 ? '' : 's'}`;
	}
}

/** The form's choices, each with the analogy entry that explains it (`teach/analogy.ts`). */
export const VARIANT_SETTINGS: readonly { id: VariantSetting; label: string; analogyId: string }[] =
	[
		{ id: 'budget', label: 'Edit budget', analogyId: 'budget' },
		{ id: 'schedule', label: 'Budget schedule', analogyId: 'budget' },
		{ id: 'metric', label: 'Gate metric', analogyId: 'metric' },
		{ id: 'batchSize', label: 'Batch size', analogyId: 'batchSize' },
		{ id: 'minDelta', label: 'Min. improvement', analogyId: 'minDelta' },
		{ id: 'gate', label: 'Gate', analogyId: 'gate' }
	];

export { METRICS as GATE_METRICS };
