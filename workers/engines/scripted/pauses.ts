/**
 * Named pause points: end-to-end tests wait for a state ("the third failure analyst call has
 * started") instead of for time. When a call reaches a pause point the engine tells its
 * listeners and holds the call until `release(name)` — or until the call is aborted.
 */
import type { OptimiserStage } from '../../../src/core/ports.ts';
import type { CallControl } from './call-control.ts';
import type { PausePoint, ScriptedRole } from './scenarios.ts';

/** What a call is, as pause points see it. */
export interface CallIdentity {
	role: ScriptedRole | undefined;
	stage?: OptimiserStage;
	itemId?: string;
}

export type PauseListener = (name: string) => void;

export class PauseController {
	readonly #points: readonly PausePoint[];
	readonly #seen = new Map<string, number>();
	readonly #held = new Map<string, () => void>();
	readonly #listeners = new Set<PauseListener>();

	constructor(points: readonly PausePoint[]) {
		this.#points = points;
	}

	/** Be told the name of each pause point when it is reached. Returns an unsubscribe. */
	onPause(listener: PauseListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Names of the pause points currently holding a call, in the order they were reached. */
	pausedAt(): string[] {
		return [...this.#held.keys()];
	}

	/** Let the call held at `name` go on. False when nothing is held there. */
	release(name: string): boolean {
		const resume = this.#held.get(name);
		if (resume === undefined) return false;
		this.#held.delete(name);
		resume();
		return true;
	}

	/**
	 * Count this call against every pause point and hold it at each one it reaches.
	 * Resolves false when the call was cancelled while held.
	 */
	async checkpoint(call: CallIdentity, control: CallControl): Promise<boolean> {
		for (const point of this.#points) {
			const { when } = point;
			if (when.role !== undefined && when.role !== call.role) continue;
			if (when.stage !== undefined && when.stage !== call.stage) continue;
			if (when.itemId !== undefined && when.itemId !== call.itemId) continue;
			const seen = (this.#seen.get(point.name) ?? 0) + 1;
			this.#seen.set(point.name, seen);
			if (seen !== when.occurrence) continue;
			const released = new Promise<void>((resolve) => this.#held.set(point.name, resolve));
			for (const listener of [...this.#listeners]) listener(point.name);
			if (!(await control.until(released))) {
				this.#held.delete(point.name);
				return false;
			}
		}
		return true;
	}
}
