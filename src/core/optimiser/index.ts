/**
 * Optimiser answers: tolerant JSON extraction, per-stage validation and JSON Schemas.
 */
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
export { stageJsonSchema } from './schemas.ts';
export type { JsonSchema } from './schemas.ts';
