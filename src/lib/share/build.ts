/**
 * Builds the snapshot a link carries from what the app holds: the skill in the editor, the
 * engine, the task pack, and — only when the editor still holds the run's best skill — that
 * run's settings, scores and step history (scores of another text would be a lie).
 *
 * Plain inputs, so the rule "a link never carries endpoint URLs, API keys or custom model URLs"
 * is unit-tested here: the engine arrives as a kind and a model id, and `shareSource` keeps the
 * id only for catalogue models.
 */
import {
	historyFromSteps,
	SHARE_LIMITS,
	shareSource,
	type ShareSnapshotV1,
	type ShareTask,
	type SourceInput
} from '../../core/share/index.ts';
import { serialisePack } from '../../core/packs/format.ts';
import type { StepRecord } from '../../core/loop/state.ts';
import type { RunSummary } from '../../core/loop/summary.ts';
import type { TaskPack } from '../../core/packs/types.ts';
import type { PackOrigin } from '../state/task-pack.svelte.ts';
import type { RunSettings } from '../state/run-controller.svelte.ts';

/** An imported dataset is included in the link only up to this much JSON. */
export const INLINE_PACK_MAX_CHARS = 12_000;

export interface ShareInput {
	title: string;
	note: string;
	skill: { name: string; description: string; text: string };
	engine: SourceInput;
	pack: TaskPack | null;
	origin: PackOrigin | null;
	/** The last run of this session, if any. */
	run: {
		settings: RunSettings;
		summary: RunSummary | null;
		steps: readonly StepRecord[];
		bestSkill: string | null;
	} | null;
	includeHistory: boolean;
}

/** Whether the run's scores describe the text being shared. */
export function runMatches(input: ShareInput): boolean {
	const run = input.run;
	return run !== null && run.summary !== null && run.bestSkill === input.skill.text;
}

export function buildSnapshot(input: ShareInput): ShareSnapshotV1 {
	const description = input.skill.description.trim();
	const note = input.note.trim();
	const snapshot: ShareSnapshotV1 = {
		title: clip(
			input.title.trim() || input.skill.name.trim() || 'Shared skill',
			SHARE_LIMITS.title
		),
		...(note ? { note: clip(note, SHARE_LIMITS.note) } : {}),
		skill: {
			name: clip(input.skill.name.trim() || 'Shared skill', SHARE_LIMITS.skillName),
			...(description ? { description: clip(description, SHARE_LIMITS.skillDescription) } : {}),
			text: input.skill.text
		},
		source: shareSource(input.engine)
	};
	const task = shareTask(input.pack, input.origin);
	if (task) snapshot.task = task;
	const run = input.run;
	if (run && runMatches(input) && run.summary) {
		const s = run.settings;
		snapshot.settings = {
			epochs: s.epochs,
			batchSize: s.batchSize,
			gateEnabled: s.gateEnabled,
			metric: s.metric,
			minDeltaItems: s.minDeltaItems,
			schedule: s.schedule,
			budgetMax: s.budgetMax,
			budgetMin: s.budgetMin,
			proposer: s.proposer
		};
		snapshot.runSeed = s.seed;
		snapshot.scores = {
			val: { seed: run.summary.val.seed, best: run.summary.val.best },
			...(run.summary.test
				? { test: { seed: run.summary.test.seed, best: run.summary.test.best } }
				: {})
		};
		if (input.includeHistory && run.steps.length > 0)
			snapshot.history = historyFromSteps(run.steps);
	}
	return snapshot;
}

function shareTask(pack: TaskPack | null, origin: PackOrigin | null): ShareTask | undefined {
	if (!pack || !origin) return undefined;
	if (origin.kind === 'built-in') {
		return {
			kind: 'family',
			family: origin.familyId,
			difficulty: origin.difficulty,
			seed: origin.seed,
			sizes: {
				train: pack.splits.train.length,
				val: pack.splits.val.length,
				test: pack.splits.test.length
			}
		};
	}
	const title = clip(pack.title, SHARE_LIMITS.title);
	const items = pack.splits.train.length + pack.splits.val.length + pack.splits.test.length;
	const file = serialisePack(pack);
	if (items <= SHARE_LIMITS.inlineItems && JSON.stringify(file).length <= INLINE_PACK_MAX_CHARS)
		return { kind: 'inline', title, pack: file };
	return { kind: 'named', title };
}

function clip(text: string, max: number): string {
	return text.length > max ? text.slice(0, max) : text;
}
