/**
 * The SkillOpt training loop: `runOptimization` and what it records.
 */
export { LOOP_DEFAULTS, resolveConfig, stepsPerEpoch, totalSteps, trainIds } from './config.ts';
export type { LoopConfig, LoopConfigInput } from './config.ts';
export { createHumanEditSource, isEditSource } from './edit-source.ts';
export type { EditEvidence, EditProposal, EditRequest, EditSource } from './edit-source.ts';
export { ExecutorError, SnapshotError } from './errors.ts';
export type { LoopEvent, LoopEventListener, RolloutPurpose } from './events.ts';
export { renderBuffer } from './buffer.ts';
export { RUN_SNAPSHOT_FORMAT } from './state.ts';
export type {
	AnalysisRecord,
	BufferEntry,
	Cursor,
	EpochRecord,
	FinalEvaluation,
	HeldSkill,
	ItemRun,
	PoolEdit,
	RunCounters,
	RunSnapshot,
	StageFailure,
	StepAction,
	StepRecord,
	StepWork,
	ValEvaluation
} from './state.ts';
export { summarise } from './summary.ts';
export type { RunSummary } from './summary.ts';
export { copySnapshot, runOptimization } from './trainer.ts';
export type { LoopDeps, LoopOptions, RunResult } from './trainer.ts';
