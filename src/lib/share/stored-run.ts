/**
 * What a link of a stored run (one from Past runs or the Storage dialog, not the run of this tab)
 * is built from: its best skill, the settings and engine it was recorded with, its scores and
 * step history, and its task — all read from the stored run, never from what the editor, the
 * model panel or the task picker hold now.
 *
 * The engine arrives as the stored model settings, mapped to the same plain kind and model id the
 * live link uses, so `shareSource` keeps only catalogue ids: a stored endpoint address, key or
 * custom model URL never reaches a link.
 */
import type { SourceInput } from '../../core/share/index.ts';
import type { LogRecord, RunSnapshot, StepRecord } from '../../core/loop/state.ts';
import { isEpochRecord } from '../../core/loop/record-log.ts';
import { summarise, type RunSummary } from '../../core/loop/summary.ts';
import type { TaskPack } from '../../core/packs/types.ts';
import type { ModelSettingsData } from '../state/model-state.svelte.ts';
import type { RunSettings } from '../state/run-controller.svelte.ts';

/** A stored run, ready for the share dialog. */
export interface StoredRunShare {
	/** The run's best skill: the text the link shares and its scores describe. */
	bestSkill: string;
	settings: RunSettings;
	summary: RunSummary;
	steps: StepRecord[];
	pack: TaskPack;
	engine: SourceInput;
}

/** The engine a run was recorded with, as a link's source input. */
export function engineFromSettings(
	model: Partial<ModelSettingsData> | undefined,
	inCatalogue: (modelId: string) => boolean
): SourceInput {
	switch (model?.choice) {
		case 'scripted':
			return { engine: 'scripted', ...(model.scenario ? { scenario: model.scenario } : {}) };
		case 'webllm': {
			const modelId = model.useCustom ? undefined : model.webllmModel;
			return {
				engine: 'webllm',
				...(modelId ? { modelId } : {}),
				inCatalogue: modelId !== undefined && inCatalogue(modelId)
			};
		}
		case 'wllama':
			return { engine: 'wllama' };
		case 'openai':
			return { engine: 'openai' };
		default:
			return { engine: 'none' };
	}
}

function isSummary(value: unknown): value is RunSummary {
	return typeof value === 'object' && value !== null && 'val' in value;
}

/**
 * The share input of a stored run, or null when it has nothing to share yet (no readable
 * snapshot, or stopped before the seed skill was scored).
 *
 * @param config the run record's stored config (`{ settings, model, … }`, opaque)
 */
export function storedRunShare(
	stored: { config: unknown; summary: unknown },
	snapshot: RunSnapshot | null,
	records: readonly LogRecord[],
	inCatalogue: (modelId: string) => boolean
): StoredRunShare | null {
	if (snapshot === null || snapshot.cursor.at === 'baseline') return null;
	const config = (stored.config ?? {}) as Partial<{
		settings: RunSettings;
		model: ModelSettingsData;
	}>;
	if (config.settings === undefined) return null;
	return {
		bestSkill: snapshot.best.text,
		settings: config.settings,
		summary: isSummary(stored.summary) ? stored.summary : summarise(snapshot),
		steps: records.filter((r): r is StepRecord => !isEpochRecord(r)),
		pack: snapshot.config.pack,
		engine: engineFromSettings(config.model, inCatalogue)
	};
}
