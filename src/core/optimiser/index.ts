/**
 * Optimiser answers: valibot schemas per stage, tolerant JSON extraction and reading, and the
 * JSON Schemas for constrained decoding generated from the same schemas.
 */
export { ANSWER_DEFAULTS, answerSchema } from './answers.ts';
export type { AnswerBounds } from './answers.ts';
export { MAX_ANSWER_CHARS, extractJson } from './json-extract.ts';
export type { ExtractResult } from './json-extract.ts';
export {
	PARSE_DEFAULTS,
	clipText,
	parseAnalystOutput,
	parseMergeOutput,
	parseMetaSkillOutput,
	parseRankOutput,
	parseSlowUpdateOutput,
	parseStageOutput,
	retryPrompt
} from './parse.ts';
export type { ParseOptions, ParseResult, StageOutputs } from './parse.ts';
// `stageJsonSchema` (./schemas.ts) is left out on purpose: the loop loads it, and its converter,
// only when an engine can use it, so that they stay out of the app's first paint.
export type { JsonSchema } from './schemas.ts';
