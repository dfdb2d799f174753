/**
 * What the run view renders, the same for the live run and a stored one: the records, the
 * pack (prompts are re-rendered from it), where the run stands and what it cost.
 */
import type { Cursor, LogRecord, RunCounters } from '../../core/loop/state.ts';
import type { RunSummary } from '../../core/loop/summary.ts';
import type { TaskPack } from '../../core/packs/types.ts';

export interface RunViewData {
	mode: 'live' | 'stored';
	title: string;
	/** Engine and date, for the heading. */
	subtitle: string;
	status: string;
	records: LogRecord[];
	pack: TaskPack | null;
	/** Who proposed the edits: 'optimiser' (the model's stages) or 'human'. */
	editSource: string;
	cursor: Cursor | null;
	totalSteps: number;
	counters: RunCounters | null;
	summary: RunSummary | null;
	/** Recorded in run format v1 (details missing). */
	legacy: boolean;
	/** What an export names: the stored run's id and date, the run's own settings. */
	meta?: { runId?: string; createdAt?: number; settings?: unknown };
	/**
	 * A live run waiting (step mode, Pause): the strip's id of the stage that comes next. While
	 * waiting, the lit stage is the one that finished, not one in progress.
	 */
	waitingFor?: string | null;
	/** The live run's clock. */
	live?: { elapsedMs: number; etaMs: number | null; callsDone: number; callsEstimated: number };
}

export interface StageItem {
	id: string;
	label: string;
}

/** The stages the strip shows, for an optimiser model or a person proposing the edits. */
export function stageItems(editSource: string): StageItem[] {
	const step =
		editSource === 'human'
			? [
					{ id: 'rollout', label: 'rollout' },
					{ id: 'propose', label: 'your edits' },
					{ id: 'validate', label: 'validate' }
				]
			: [
					{ id: 'rollout', label: 'rollout' },
					{ id: 'reflect', label: 'reflect' },
					{ id: 'merge', label: 'merge' },
					{ id: 'select', label: 'select' },
					{ id: 'validate', label: 'validate' }
				];
	return [
		{ id: 'baseline', label: 'score seed' },
		...step,
		{ id: 'slow-update', label: 'slow update' },
		{ id: 'meta-skill', label: 'meta skill' },
		{ id: 'final', label: 'final test' }
	];
}

/** The strip's id of the stage at `cursor`. */
export function stageId(cursor: Cursor | null): string | null {
	if (cursor === null) return null;
	switch (cursor.at) {
		case 'baseline':
			return 'baseline';
		case 'step':
			return cursor.stage;
		case 'epoch-end':
			return cursor.stage === 'meta-skill' ? 'meta-skill' : 'slow-update';
		case 'final':
			return 'final';
		case 'done':
			return null;
	}
}

/** "3 min 20 s", "45 s". */
export function formatDuration(ms: number): string {
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m} min ${s % 60} s`;
	return `${Math.floor(m / 60)} h ${m % 60} min`;
}
