/**
 * JSON Schemas for constrained decoding of each optimiser stage's answer.
 *
 * Where the engine supports it (WebLLM's XGrammar, OpenAI-compatible `response_format`), the
 * answer is forced into the right shape: an enumerated `op`, at most `editBudget` edits, indices
 * in range. They are plain JSON objects (`GenerateRequest.jsonSchema`). The tolerant parser stays
 * as the second line of defence for engines without it.
 */
import type { JsonValue } from '../packs/types.ts';
import type { OptimiserStage } from '../ports.ts';
import { EDIT_OPS } from '../optimiser-io.ts';
import { PARSE_DEFAULTS, type ParseOptions } from './parse.ts';

export type JsonSchema = { [key: string]: JsonValue };

const text = (maxLength?: number): JsonSchema =>
	maxLength === undefined ? { type: 'string' } : { type: 'string', maxLength };

function indexList(listSize: number | undefined, maxItems: number | undefined): JsonSchema {
	const items: JsonSchema = { type: 'integer', minimum: 0 };
	if (listSize !== undefined && Number.isFinite(listSize))
		items.maximum = Math.max(0, listSize - 1);
	const schema: JsonSchema = { type: 'array', items, minItems: 1 };
	if (maxItems !== undefined) schema.maxItems = Math.max(1, maxItems);
	return schema;
}

function object(properties: Record<string, JsonSchema>): JsonSchema {
	return {
		type: 'object',
		properties,
		required: Object.keys(properties),
		additionalProperties: false
	};
}

/**
 * The schema of `stage`'s answer with the given bounds.
 *
 * @example
 * stageJsonSchema('failure-analyst', { editBudget: 2 }).properties.edits.maxItems // 2
 * stageJsonSchema('rank', { listSize: 6, editBudget: 3 }) // selected: 1–3 integers in 0..5
 */
export function stageJsonSchema(stage: OptimiserStage, options: ParseOptions = {}): JsonSchema {
	const budget = Math.max(0, Math.floor(options.editBudget ?? PARSE_DEFAULTS.editBudget));
	const maxContent = options.maxContentChars ?? PARSE_DEFAULTS.maxContentChars;
	const maxText = options.maxTextChars ?? PARSE_DEFAULTS.maxTextChars;
	switch (stage) {
		case 'failure-analyst':
		case 'success-analyst':
			return object({
				failures: {
					type: 'array',
					maxItems: options.maxFailures ?? PARSE_DEFAULTS.maxFailures,
					items: object({
						type: text(60),
						count: { type: 'integer', minimum: 0 },
						description: text(300)
					})
				},
				edits: {
					type: 'array',
					maxItems: budget,
					items: {
						type: 'object',
						properties: {
							op: { type: 'string', enum: [...EDIT_OPS] },
							line: { type: 'integer', minimum: 1 },
							target: text(maxContent),
							content: text(maxContent)
						},
						required: ['op'],
						additionalProperties: false
					}
				}
			});
		case 'merge':
			return object({ keep: indexList(options.listSize, options.listSize) });
		case 'rank':
			return object({ selected: indexList(options.listSize, budget) });
		case 'slow-update':
			return object({ guidance: text(maxText) });
		case 'meta-skill':
			return object({ metaSkill: text(maxText) });
	}
}
