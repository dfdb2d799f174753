/**
 * JSON Schemas for constrained decoding of each optimiser stage's answer.
 *
 * Where the engine supports it (WebLLM's XGrammar, OpenAI-compatible `response_format`), the
 * answer is forced into the right shape: an enumerated `op`, at most `editBudget` edits, indices
 * in range. They are generated from the same valibot schemas that type and check the parsed
 * answers (`answers.ts`), so the grammar and the parser cannot disagree; those schemas hold no
 * `transform`, which JSON Schema cannot express (the converter would throw). The tolerant parser
 * stays as the second line of defence for engines without constrained decoding.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type { JsonValue } from '../packs/types.ts';
import type { OptimiserStage } from '../ports.ts';
import { answerSchema, type AnswerBounds } from './answers.ts';

export type JsonSchema = { [key: string]: JsonValue };

/**
 * The schema of `stage`'s answer with the given bounds, as plain JSON (no `$schema` key: engines
 * take the bare object).
 *
 * @example
 * stageJsonSchema('failure-analyst', { editBudget: 2 }).properties.edits.maxItems // 2
 * stageJsonSchema('rank', { listSize: 6, editBudget: 3 }) // selected: 1–3 integers in 0..5
 */
export function stageJsonSchema(stage: OptimiserStage, bounds: AnswerBounds = {}): JsonSchema {
	const converted = toJsonSchema(answerSchema(stage, bounds), { errorMode: 'throw' });
	// A JSON round trip makes it plain data (the converter's types are wider than JSON's).
	const { $schema: _drop, ...schema } = JSON.parse(JSON.stringify(converted)) as JsonSchema;
	return schema;
}
