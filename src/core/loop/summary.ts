/**
 * The run's summary: the numbers the step table ends with and `npm run loop` prints as JSON.
 */
import { gateScore } from '../gate/index.ts';
import { shortHash } from '../skill/index.ts';
import type { RunCounters, RunSnapshot } from './state.ts';

export interface RunSummary {
	pack: string;
	seed: number;
	epochs: number;
	/** Training steps recorded (slow updates not included). */
	steps: number;
	editSource: string;
	/** How many records ended with each action (steps and slow updates). */
	actions: Record<string, number>;
	/** Gate scores on val. */
	val: { seed: number; best: number; final: number };
	/** Gate scores on test, when evaluated. */
	test?: { seed: number; best: number; final: number };
	bestStep: number;
	bestOrigin: string;
	finalOrigin: string;
	promoted: boolean;
	counters: RunCounters;
	stageFailures: number;
	/** Short hashes, for display. */
	hashes: { seed: string; best: string; final: string };
}

/** The summary of a (finished or partial) run. */
export function summarise(state: RunSnapshot): RunSummary {
	const { config } = state;
	const actions: Record<string, number> = { ...state.tally.actions };
	const test = state.final;
	const summary: RunSummary = {
		pack: config.pack.id,
		seed: config.seed,
		epochs: config.epochs,
		steps: state.tally.steps,
		editSource: state.editSourceKind,
		actions,
		val: { seed: state.seed.score, best: state.best.score, final: state.current.score },
		bestStep: state.best.step,
		bestOrigin: state.best.origin,
		finalOrigin: state.current.origin,
		promoted: test.promoted,
		counters: structuredCopy(state.counters),
		stageFailures: state.tally.stageFailures,
		hashes: {
			seed: shortHash(state.seed.hash),
			best: shortHash(state.best.hash),
			final: shortHash(state.current.hash)
		}
	};
	if (test.seed !== undefined && test.best !== undefined && test.final !== undefined) {
		summary.test = {
			seed: gateScore(config.gate, test.seed),
			best: gateScore(config.gate, test.best),
			final: gateScore(config.gate, test.final)
		};
	}
	return summary;
}

function structuredCopy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}
