/**
 * The curves of a run's group (the run and its reruns, `run-view/run-group.ts`), read from
 * storage. A member is read again only when its record moved on (a rerun going in another tab,
 * or this one finishing); a read superseded by a newer one is dropped, never drawn.
 */
import * as P from '../persistence/index.ts';
import type { LogRecord } from '../../core/loop/state.ts';
import { stepPoints, type StepPoint } from '../run-view/series.ts';
import type { GroupMember } from '../run-view/run-group.ts';
import { errorMessage } from '../../core/errors.ts';

const versionOf = (m: GroupMember): string => `${m.updatedAt}:${m.lastStepIndex}:${m.status}`;

export class RunGroupCurves {
	#points = $state.raw<Readonly<Record<string, StepPoint[]>>>({});
	/** The record version each member was last read at (not reactive: bookkeeping). */
	#read: Record<string, string> = {};
	#error = $state<string | null>(null);

	/** A member's points, once read (null before). */
	points(id: string): StepPoint[] | null {
		return this.#points[id] ?? null;
	}
	get error(): string | null {
		return this.#error;
	}

	/** Read the members (but `skip`, drawn from memory) whose record changed since last read. */
	async sync(db: P.SkillOptDb | null, members: readonly GroupMember[], skip: string | null) {
		if (db === null) return;
		const stale = members.filter((m) => m.id !== skip && this.#read[m.id] !== versionOf(m));
		for (const m of stale) this.#read[m.id] = versionOf(m);
		await Promise.all(
			stale.map(async (m) => {
				const version = versionOf(m);
				try {
					const steps = await P.runs.listSteps(db, m.id);
					if (this.#read[m.id] !== version) return;
					const points = stepPoints(steps.map((s) => s.record as LogRecord));
					this.#points = { ...this.#points, [m.id]: points };
				} catch (error) {
					this.#error = `A run of this comparison could not be read: ${errorMessage(error)}`;
				}
			})
		);
	}
}
