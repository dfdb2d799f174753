/**
 * A stored run drawn over the charts of the run in view, for comparison: its step records are
 * read once when chosen and shaped into chart points. A choice superseded while loading is
 * dropped, never drawn.
 */
import * as P from '../persistence/index.ts';
import type { LogRecord } from '../../core/loop/state.ts';
import { stepPoints, type ChartRun } from '../run-view/series.ts';
import { errorMessage } from '../../core/errors.ts';

export class RunOverlay {
	#run = $state.raw<ChartRun | null>(null);
	#chosen = $state('');
	#loading = $state(false);
	#error = $state<string | null>(null);

	/** The overlaid run's curves, once read. */
	get run(): ChartRun | null {
		return this.#run;
	}
	/** The id of the run chosen for comparison, or '' for none. */
	get chosen(): string {
		return this.#chosen;
	}
	get loading(): boolean {
		return this.#loading;
	}
	get error(): string | null {
		return this.#error;
	}

	/** Overlay the stored run `runId` (labelled `label`), or none for ''. */
	async choose(db: P.SkillOptDb | null, runId: string, label: string): Promise<void> {
		this.#chosen = runId;
		this.#error = null;
		this.#run = null;
		if (runId === '' || db === null) return;
		this.#loading = true;
		try {
			const steps = await P.runs.listSteps(db, runId);
			if (this.#chosen !== runId) return;
			const records = steps.map((s) => s.record as LogRecord);
			this.#run = { id: runId, label, points: stepPoints(records) };
		} catch (error) {
			if (this.#chosen === runId)
				this.#error = `That run could not be read: ${errorMessage(error)}`;
		} finally {
			if (this.#chosen === runId) this.#loading = false;
		}
	}
}
