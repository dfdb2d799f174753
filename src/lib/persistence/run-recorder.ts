/**
 * Records a training run as it goes: the run record when it starts, every new step together with
 * the snapshot it belongs to (one transaction each, see `runs.appendStep`), the snapshot after
 * every other stage, and the final status. It also owns the run's Web Lock while the run is
 * driven from this tab, and tells other tabs what changed.
 *
 * Storage indexes are positions in the snapshot's `steps` array (1-based): slow-update records
 * share the step number they follow, so the core's own `index` is not unique.
 */
import type { SkillOptDb } from './db.ts';
import * as runs from './runs.ts';
import { tryAcquireRunLock, type RunLock } from './locks.ts';
import type { RunChannel } from './run-channel.ts';
import type { RunStatus } from './records.ts';

/** The part of the core's snapshot the recorder reads. */
export interface SnapshotLike {
	steps: readonly unknown[];
}

export class RunLockedError extends Error {
	constructor() {
		super('This run is being driven in another tab; it can only be followed here.');
		this.name = 'RunLockedError';
	}
}

export class RunRecorder {
	readonly #db: SkillOptDb;
	readonly #channel: RunChannel | null;
	#runId: string | null = null;
	#stored = 0;
	#lock: RunLock | null = null;

	constructor(db: SkillOptDb, channel: RunChannel | null) {
		this.#db = db;
		this.#channel = channel;
	}

	get runId(): string | null {
		return this.#runId;
	}

	/** Create the run record and take its lock. */
	async begin(workspaceId: string, config: unknown, title: string): Promise<string> {
		const run = await runs.createRun(this.#db, {
			workspaceId,
			config,
			title,
			...(this.#channel ? { ownerTab: this.#channel.tabId } : {})
		});
		this.#lock = await tryAcquireRunLock(run.id);
		this.#runId = run.id;
		this.#stored = 0;
		this.#channel?.statusChanged(run.id, 'running');
		return run.id;
	}

	/** Continue a stored run; `lock` is the lock the resume offer already holds. */
	async resume(runId: string, lock: RunLock, storedSteps: number): Promise<void> {
		if (!lock.acquired) throw new RunLockedError();
		this.#lock = lock;
		this.#runId = runId;
		this.#stored = storedSteps;
		await runs.setRunStatus(this.#db, runId, 'running', {
			...(this.#channel ? { ownerTab: this.#channel.tabId } : {})
		});
		this.#channel?.statusChanged(runId, 'running');
	}

	/** Store the state after a stage: new step records with it, or just the snapshot. */
	async snapshot(snapshot: SnapshotLike): Promise<void> {
		const runId = this.#runId;
		if (runId === null) return;
		const total = snapshot.steps.length;
		if (total <= this.#stored) {
			await runs.saveSnapshot(this.#db, runId, snapshot);
			this.#channel?.snapshotSaved(runId);
			return;
		}
		for (let position = this.#stored + 1; position <= total; position++) {
			// Every step is written with the snapshot; the last one wins, which is this stage's.
			await runs.appendStep(this.#db, runId, position, snapshot.steps[position - 1], snapshot);
			this.#stored = position;
			this.#channel?.stepAppended(runId, position);
		}
	}

	/** The run ended (or was stopped): store its status and give the lock back. */
	async end(status: RunStatus, change: { summary?: unknown; error?: string } = {}): Promise<void> {
		const runId = this.#runId;
		try {
			if (runId !== null) {
				await runs.setRunStatus(this.#db, runId, status, { ...change, ownerTab: null });
				this.#channel?.statusChanged(runId, status);
			}
		} finally {
			this.#lock?.release();
			this.#lock = null;
		}
	}
}
