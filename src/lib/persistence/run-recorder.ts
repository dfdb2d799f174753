/**
 * Records a training run as it goes: the run record when it starts, every new step together with
 * the snapshot it belongs to (one transaction each, see `runs.appendStep`), the snapshot after
 * every other stage, and the final status. It also owns the run's Web Lock while the run is
 * driven from this tab, and tells other tabs what changed.
 *
 * Storage indexes are positions in the run's record log (1-based; steps, slow updates and epoch
 * closes): slow-update records share the step number they follow, so the core's own `index` is
 * not unique. Each snapshot hands over the records its stage finished (`newRecords`), and they
 * are written in the same transaction as that snapshot, the item results that go with them
 * (`newItems`, the run's item log) in the last record's row, so a resume gets every result back
 * (the rows' `rollouts`) while the snapshot stays the same size.
 */
import type { SkillOptDb } from './db.ts';
import * as runs from './runs.ts';
import { tryAcquireRunLock, type RunLock } from './locks.ts';
import type { RunChannel } from './run-channel.ts';
import type { RunStatus } from './records.ts';

/** The part of the core's snapshot the recorder reads. */
export interface SnapshotLike {
	/** Records finished by the stage this snapshot follows. */
	newRecords: readonly unknown[];
	/** Records so far, `newRecords` included. */
	recorded: number;
	/** Item results computed since records were last handed out (absent before the item log). */
	newItems?: Readonly<Record<string, unknown>>;
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

	/** Create the run record (with the skill it trains) and take its lock. */
	async begin(
		workspaceId: string,
		config: unknown,
		title: string,
		refs: { skillId?: string; packId?: string } = {}
	): Promise<string> {
		const run = await runs.createRun(this.#db, {
			workspaceId,
			config,
			title,
			...refs,
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
		const first = snapshot.recorded - snapshot.newRecords.length + 1;
		// Records already stored (a resumed stage's) are not written twice.
		const fresh = snapshot.newRecords.slice(Math.max(0, this.#stored + 1 - first));
		if (fresh.length === 0) {
			await runs.saveSnapshot(this.#db, runId, snapshot);
			this.#channel?.snapshotSaved(runId);
			return;
		}
		const from = snapshot.recorded - fresh.length + 1;
		const items = snapshot.newItems;
		await runs.appendSteps(this.#db, runId, from, fresh, snapshot, {
			...(items === undefined || Object.keys(items).length === 0 ? {} : { items })
		});
		this.#stored = snapshot.recorded;
		for (let position = from; position <= snapshot.recorded; position++)
			this.#channel?.stepAppended(runId, position);
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
