/**
 * The loop's event stream: small, serialisable, discriminated by `type`, for the run panel and
 * logs (STYLE rule 5). Events describe what happened; the state itself travels in snapshots.
 */
import type { EditReport } from '../edits/index.ts';
import type { ProposedEdit } from '../optimiser-io.ts';
import type { EditRequest } from './edit-source.ts';
import type { OptimiserStage } from '../ports.ts';
import type {
	Cursor,
	EpochRecord,
	StageFailure,
	StepAction,
	StepRecord,
	ValEvaluation
} from './state.ts';
import type { RunSummary } from './summary.ts';

/** Which split and purpose a rollout served. */
export type RolloutPurpose = 'train' | 'val' | 'test' | 'slow-update' | 'baseline' | 'promote';

export type LoopEvent =
	| { type: 'run:started'; resumed: boolean; totalSteps: number; cursor: Cursor }
	| { type: 'stage:started'; cursor: Cursor }
	| { type: 'stage:finished'; cursor: Cursor; failures: StageFailure[] }
	| {
			type: 'rollout:done';
			purpose: RolloutPurpose;
			itemId: string;
			skillHash: string;
			hard: number;
			soft: number;
			/** True when the result came from the per-item cache (no executor call). */
			cached: boolean;
	  }
	/** An optimiser call answered (for call counts and time estimates; retries count). */
	| { type: 'optimiser:called'; stage: OptimiserStage }
	| { type: 'edits:requested'; request: EditRequest }
	/** The review port was asked about the kept edits of this step (1-based over the run). */
	| { type: 'review:requested'; step: number }
	| {
			type: 'proposal';
			step: number;
			kind: 'step' | 'slow-update';
			edits: ProposedEdit[];
			reports: EditReport[];
			/** The candidate skill and its hash (the benchmark re-scores it in shadow). */
			candidate: string;
			candidateHash: string;
			/** Gate score of the current skill it is judged against, and the best so far. */
			current: number;
			best: number;
	  }
	| {
			type: 'gate';
			step: number;
			kind: 'step' | 'slow-update' | 'promote';
			action: StepAction;
			reason: string;
			candidateHash: string;
			evaluation: ValEvaluation;
	  }
	| { type: 'step:finished'; record: StepRecord }
	| {
			type: 'epoch:finished';
			epoch: number;
			accepted: number;
			rejected: number;
			skipped: number;
			currentScore: number;
			bestScore: number;
			record: EpochRecord;
	  }
	| { type: 'run:finished'; summary: RunSummary };

/** Receives events; must not throw (a throwing listener is ignored, the run goes on). */
export type LoopEventListener = (event: LoopEvent) => void;
