/**
 * Errors that stop a run. Optimiser problems never do (they degrade the stage and are recorded);
 * an executor that keeps failing does, because scoring its failures as wrong answers would let
 * a dead backend steer the gate (method doc, section 10.2). The last snapshot stays valid, so
 * the run can be resumed once the engine works again.
 */

/** The executor failed twice on the same item. */
export class ExecutorError extends Error {
	readonly itemId: string;

	/** @example throw new ExecutorError('coin-flip#1-3', 'network down') */
	constructor(itemId: string, detail: string, options?: ErrorOptions) {
		super(`executor failed on item ${itemId}: ${detail}`, options);
		this.name = 'ExecutorError';
		this.itemId = itemId;
	}
}

/** A snapshot that cannot be resumed (another format, or a state this version cannot read). */
export class SnapshotError extends Error {
	/** @example throw new SnapshotError('unknown format "x"') */
	constructor(detail: string, options?: ErrorOptions) {
		super(`cannot resume from this snapshot: ${detail}`, options);
		this.name = 'SnapshotError';
	}
}
