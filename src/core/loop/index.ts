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
export { RUN_SNAPSHOT_FORMAT, RUN_SNAPSHOT_FORMAT_V1 } from './state.ts';
export {
	legacyEpochRecords,
	migrateSnapshot,
	snapshotFormat,
	V1_MISSING_DETAILS
} from './migrate.ts';
export { isEpochRecord } from './record-log.ts';
export { knownItemsFrom } from './item-log.ts';
export { estimateCalls, type CallEstimate } from './estimate.ts';
export type {
	AnalysisRecord,
	BufferEntry,
	Cursor,
	EpochRecord,
	FinalEvaluation,
	HeldSkill,
	ItemRun,
	LogRecord,
	PoolEdit,
	RolloutDetail,
	RunCounters,
	RunSnapshot,
	StageFailure,
	SkillText,
	StepAction,
	StepDetail,
	StepRecord,
	StepWork,
	ValEvaluation,
	ValItem
} from './state.ts';
export { applyReview, ReviewError } from './review.ts';
export type {
	ReviewAnswer,
	ReviewChange,
	ReviewPort,
	ReviewRecord,
	ReviewRequest
} from './review.ts';
export { summarise } from './summary.ts';
export type { RunSummary } from './summary.ts';
export { copySnapshot, runOptimization } from './trainer.ts';
export type { LoopDeps, LoopOptions, RunResult, StageBoundary } from './trainer.ts';
