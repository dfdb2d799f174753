/**
 * Cross-tab notices about runs, so a read-only tab can follow a run another tab drives.
 *
 * Messages carry ids only: the database is the source of truth, and a follower that hears
 * "step 7 appended" reads the new steps with `listStepsAfter(db, runId, lastSeen)`. That way a
 * missed or reordered message costs nothing; the next one catches the follower up. Incoming
 * messages come from other tabs (maybe of another app version), so they are parsed, not cast.
 */
import type { BroadcastChannelLike } from './locks.ts';
import { RUN_STATUSES, type RunStatus } from './records.ts';

/** NOTE: DO NOT CHANGE without versioning the messages: other open tabs listen on it. */
export const RUN_CHANNEL_NAME = 'skillopt-playground.runs.v1';

export type RunChannelMessage =
	| { type: 'step-appended'; runId: string; index: number; tabId: string }
	| { type: 'snapshot-saved'; runId: string; tabId: string }
	| { type: 'status-changed'; runId: string; status: RunStatus; tabId: string }
	| { type: 'run-deleted'; runId: string; tabId: string };

/** Reads a message from another tab; undefined for anything this version does not know. */
export function parseRunMessage(data: unknown): RunChannelMessage | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const m = data as Record<string, unknown>;
	const { type, runId, tabId } = m;
	if (typeof runId !== 'string' || typeof tabId !== 'string') return undefined;
	switch (type) {
		case 'step-appended':
			return typeof m['index'] === 'number' && Number.isInteger(m['index'])
				? { type, runId, index: m['index'], tabId }
				: undefined;
		case 'status-changed': {
			const status = RUN_STATUSES.find((s) => s === m['status']);
			return status === undefined ? undefined : { type, runId, status, tabId };
		}
		case 'snapshot-saved':
		case 'run-deleted':
			return { type, runId, tabId };
		default:
			return undefined;
	}
}

/**
 * One tab's end of the run channel.
 *
 * @example
 * const channel = new RunChannel(tabId);
 * // driving tab, after each appendStep:
 * channel.stepAppended(run.id, index);
 * // read-only tab:
 * const stop = channel.subscribe((m) => refresh(m), run.id);
 */
export class RunChannel {
	readonly tabId: string;
	readonly #channel: BroadcastChannelLike;
	readonly #listeners = new Set<(event: { data: unknown }) => void>();

	/**
	 * @param tabId This tab's id (see `createTabId`); messages carry it so a tab can tell its own.
	 * @param channel Defaults to a real `BroadcastChannel` on `RUN_CHANNEL_NAME`.
	 */
	constructor(tabId: string, channel?: BroadcastChannelLike) {
		this.tabId = tabId;
		this.#channel = channel ?? (new BroadcastChannel(RUN_CHANNEL_NAME) as BroadcastChannelLike);
	}

	stepAppended(runId: string, index: number): void {
		this.#post({ type: 'step-appended', runId, index, tabId: this.tabId });
	}

	snapshotSaved(runId: string): void {
		this.#post({ type: 'snapshot-saved', runId, tabId: this.tabId });
	}

	statusChanged(runId: string, status: RunStatus): void {
		this.#post({ type: 'status-changed', runId, status, tabId: this.tabId });
	}

	runDeleted(runId: string): void {
		this.#post({ type: 'run-deleted', runId, tabId: this.tabId });
	}

	/**
	 * Calls `handler` with every valid message from other tabs (about `runId` only, when given).
	 * Returns the unsubscribe function.
	 */
	subscribe(handler: (message: RunChannelMessage) => void, runId?: string): () => void {
		const listener = (event: { data: unknown }): void => {
			const message = parseRunMessage(event.data);
			if (message === undefined || message.tabId === this.tabId) return;
			if (runId !== undefined && message.runId !== runId) return;
			handler(message);
		};
		this.#channel.addEventListener('message', listener);
		this.#listeners.add(listener);
		return () => {
			this.#channel.removeEventListener('message', listener);
			this.#listeners.delete(listener);
		};
	}

	/** Stops listening and closes the channel. */
	close(): void {
		for (const listener of this.#listeners) this.#channel.removeEventListener('message', listener);
		this.#listeners.clear();
		this.#channel.close();
	}

	#post(message: RunChannelMessage): void {
		this.#channel.postMessage(message);
	}
}

/** A fresh id for this page load (duplicated tabs copy sessionStorage, so it is not kept). */
export function createTabId(): string {
	return crypto.randomUUID();
}
