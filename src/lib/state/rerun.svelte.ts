/**
 * Starts a rerun: a finished run again with one setting changed (`run-view/variants.ts`), on
 * the same task and splits, seed, engine and starting skill, recorded as that run's variant.
 * A rerun is a comparison: the panel's settings, the open skill and its history stay as they
 * are. It never loads a model itself: when the loaded one is not the run's, it says which to load.
 */
import type { RunRecord } from '../persistence/records.ts';
import type { RunSnapshot } from '../../core/loop/state.ts';
import { errorMessage } from '../../core/errors.ts';
import {
	DEFAULT_RUN_SETTINGS,
	type RunController,
	type RunSettings
} from './run-controller.svelte.ts';
import type { StoredRunConfig, WorkspaceStore } from './workspace.svelte.ts';
import { readSnapshot } from './stored-runs.ts';
import type { ModelState } from './model-state.svelte.ts';
import type { TaskPackState } from './task-pack.svelte.ts';
import { applyChange, changesNothing, type VariantChange } from '../run-view/variants.ts';

interface Parts {
	workspace: WorkspaceStore;
	run: RunController;
	model: ModelState;
	tasks: TaskPackState;
}

/** A finished run, read for rerunning: its settings as trained and its last snapshot. */
export interface RerunBase {
	run: RunRecord;
	settings: RunSettings;
	snapshot: RunSnapshot;
	engineLabel: string;
	packTitle: string;
}

/**
 * The run as a base for reruns, or why it cannot be one. Settings come from the resolved config
 * in its snapshot (what it trained with), so a rerun differs from it by the one change only.
 */
export function rerunBase(run: RunRecord): RerunBase | string {
	if (run.status !== 'finished') return 'Only a finished run can be rerun.';
	const snapshot = readSnapshot(run.snapshot);
	if (snapshot === null) return 'This run’s last snapshot cannot be read, so it cannot be rerun.';
	const stored = (
		typeof run.config === 'object' && run.config !== null ? run.config : {}
	) as Partial<StoredRunConfig>;
	const c = snapshot.config;
	const settings: RunSettings = {
		...DEFAULT_RUN_SETTINGS,
		...(stored.settings ?? {}),
		seed: c.seed,
		epochs: c.epochs,
		batchSize: c.batchSize,
		schedule: c.schedule.kind,
		budgetMax: c.schedule.max,
		budgetMin: c.schedule.min,
		gateEnabled: c.gate.enabled,
		metric: c.gate.metric,
		minDeltaItems: c.gate.minDeltaItems
	};
	if (settings.proposer === 'me')
		return 'You proposed this run’s edits, so it cannot be replayed: start a run with the changed setting and propose again.';
	return {
		run,
		settings,
		snapshot,
		engineLabel: stored.engineLabel ?? '',
		packTitle: stored.packTitle ?? c.pack.title
	};
}

export class RerunLauncher {
	#parts: Parts;
	#problem = $state<string | null>(null);
	#starting = $state(false);

	constructor(parts: Parts) {
		this.#parts = parts;
	}

	/** Why the last rerun could not start (or be recorded). */
	get problem(): string | null {
		return this.#problem;
	}
	get starting(): boolean {
		return this.#starting;
	}

	/** Why no rerun can start now, or null. */
	blocker(base: RerunBase): string | null {
		const { run, model, workspace } = this.#parts;
		if (workspace.db === null)
			return 'Comparing runs needs this browser’s storage (IndexedDB), which is not available here.';
		if (run.active || this.#starting) return 'A run is going: a rerun can start once it ends.';
		if (workspace.following?.run.status === 'running')
			return 'A run is going in another tab: a rerun can start once it ends.';
		if (!model.ready) return `Load the model this run used first: ${base.engineLabel}.`;
		if (base.engineLabel !== '' && model.loadedLabel !== base.engineLabel)
			return `A rerun uses the run’s own model, “${base.engineLabel}”; the loaded one is “${model.loadedLabel}”. Load that one first.`;
		return null;
	}

	/** Start `base` again with `change` (the run view then shows the rerun, live). */
	async start(base: RerunBase, change: VariantChange): Promise<void> {
		const blocked = this.blocker(base);
		if (blocked !== null) {
			this.#problem = blocked;
			return;
		}
		if (changesNothing(base.settings, change)) {
			this.#problem = 'That is the run’s own setting: choose a different value.';
			return;
		}
		const { run, model, workspace, tasks } = this.#parts;
		// Step mode follows the panel's switch, whatever the base run did.
		const settings = { ...applyChange(base.settings, change), stepMode: run.settings.stepMode };
		this.#problem = null;
		this.#starting = true;
		let hooks: Awaited<ReturnType<WorkspaceStore['recordNewRun']>>;
		try {
			hooks = await workspace.recordNewRun(settings, base.packTitle, model.loadedLabel, {
				variant: { of: base.run.id, change },
				...(base.run.packId ? { packId: base.run.packId } : {})
			});
		} catch (error) {
			// A rerun is only worth its cost in the comparison, which is read from storage.
			this.#problem = `The rerun could not be recorded, so it did not start: ${errorMessage(error)}`;
			return;
		} finally {
			this.#starting = false;
		}
		if (hooks === null) {
			this.#problem = 'The rerun could not be recorded (storage is not open), so it did not start.';
			return;
		}
		const config = base.snapshot.config;
		await run.start({
			...hooks,
			pack: config.pack,
			skill: config.initialSkill,
			settings,
			executor: model.executor(),
			optimiser: model.optimiser(),
			engineLabel: model.loadedLabel,
			predicates: tasks.predicates()
		});
		model.clearPauses();
		if (run.engineLost) await model.noteFailure(run.error ?? 'The model went away.');
	}
}
