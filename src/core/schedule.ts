/**
 * The edit budget ("textual learning rate"): how many ranked edits a step may apply.
 *
 * Matches the reference scheduler (method doc, section 6.2): `t = step / totalSteps` with the
 * first step already at `t = 1 / totalSteps`; linear `max + (min − max)·t`; cosine
 * `min + ½(max − min)(1 + cos πt)`; rounded half-to-even as Python's `round` does (2.5 → 2), then
 * floored at `min`; a run of at most one step gets `max`, as the reference's. The step counter advances only for steps that reach the selection (clipping)
 * stage, so a step skipped for lack of proposals does not use up a slot. The counter is plain
 * data so that it is saved with the run and a resumed run continues the same schedule.
 */

export type ScheduleKind = 'constant' | 'linear' | 'cosine';
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['constant', 'linear', 'cosine'];

export interface EditBudgetSchedule {
	kind: ScheduleKind;
	/** Budget at the start (the reference's `learning_rate`). */
	max: number;
	/** Floor for decaying schedules (the reference's `min_learning_rate`). */
	min: number;
	/** Steps in the whole run (epochs × steps per epoch). */
	totalSteps: number;
}

/** The schedule's own state: how many steps have taken a budget so far. */
export interface ScheduleState {
	stepsTaken: number;
}

/** This project's default: cosine 3 → 1 (method doc, section P). */
export function defaultSchedule(totalSteps: number): EditBudgetSchedule {
	return { kind: 'cosine', max: 3, min: 1, totalSteps };
}

/**
 * Python's `round(x)`: to the nearest integer, ties to the even one.
 *
 * @example [0.5, 1.5, 2.5, -0.5, 2.6].map(roundHalfEven) // [0, 2, 2, 0, 3]
 */
export function roundHalfEven(x: number): number {
	if (!Number.isFinite(x)) return x;
	const floor = Math.floor(x);
	const diff = x - floor;
	if (diff > 0.5) return floor + 1;
	if (diff < 0.5) return floor;
	return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The budget for the `step`-th step that reaches selection (1-based). Steps past `totalSteps`
 * (a run extended after the fact) keep the final value.
 *
 * @throws RangeError for a kind other than constant, linear or cosine (never run as cosine).
 * @example
 * const s = { kind: 'cosine', max: 4, min: 2, totalSteps: 8 } as const
 * [1, 2, 3, 4, 5, 6, 7, 8].map((k) => budgetAt(s, k)) // [4, 4, 3, 3, 3, 2, 2, 2]
 */
export function budgetAt(schedule: EditBudgetSchedule, step: number): number {
	const { kind, max, min } = schedule;
	if (!isScheduleKind(kind)) {
		throw new RangeError(
			`unknown schedule kind ${JSON.stringify(kind)}; use ${SCHEDULE_KINDS.join(', ')}`
		);
	}
	// A run of one step never decays (the reference returns max when total_steps ≤ 1).
	if (kind === 'constant' || !(schedule.totalSteps > 1)) return max;
	const t = Math.min(1, Math.max(0, step) / schedule.totalSteps);
	const raw =
		kind === 'linear'
			? max + (min - max) * t
			: min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * t));
	return Math.max(min, roundHalfEven(raw));
}

/** @example isScheduleKind('cosine') // true; isScheduleKind('step') // false */
export function isScheduleKind(kind: unknown): kind is ScheduleKind {
	return (SCHEDULE_KINDS as readonly unknown[]).includes(kind);
}

/** The state of a fresh run. */
export function initialScheduleState(): ScheduleState {
	return { stepsTaken: 0 };
}

/**
 * The budget the next step would get, without taking it (for display).
 *
 * @example peekBudget(schedule, { stepsTaken: 0 }) // the first step's budget
 */
export function peekBudget(schedule: EditBudgetSchedule, state: ScheduleState): number {
	return budgetAt(schedule, state.stepsTaken + 1);
}

/**
 * Takes the budget for a step that has reached selection, returning it with the advanced state.
 * Call it only on such steps.
 *
 * @example
 * let state = initialScheduleState()
 * const { budget, state: next } = takeBudget(schedule, state)
 * state = next // saved with the run snapshot
 */
export function takeBudget(
	schedule: EditBudgetSchedule,
	state: ScheduleState
): { budget: number; state: ScheduleState } {
	const stepsTaken = state.stepsTaken + 1;
	return { budget: budgetAt(schedule, stepsTaken), state: { stepsTaken } };
}
