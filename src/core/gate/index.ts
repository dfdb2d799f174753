/**
 * The validation gate: metrics, the decision, exact early decision, evaluation order, score cache.
 */
export {
	DEFAULT_GATE_CONFIG,
	GATE_METRICS,
	ExactSum,
	exactSum,
	formatScore,
	gateScore,
	itemGateValue,
	splitScore,
	unitValue
} from './score.ts';
export type { GateConfig, GateMetric, ItemResult, SplitScore } from './score.ts';
export { decideGate, passesGate } from './decide.ts';
export type { GateAction, GateDecision } from './decide.ts';
export { EarlyDecision, evaluateCandidate } from './early.ts';
export type { EarlyDecisionOptions, EarlyStep, EvaluationOutcome } from './early.ts';
export { evaluationOrder, recordComparisons } from './order.ts';
export type { ItemHistory, ItemHistoryEntry } from './order.ts';
export { ScoreCache } from './cache.ts';
export type { ScoreCacheData } from './cache.ts';
