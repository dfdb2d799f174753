/**
 * The describer's prompt (description training) and how its answer is read. The describer is the
 * optimiser model; it sees the description and the routing mistakes, never the skill's body, so
 * training the description cannot touch the body.
 */
import * as v from 'valibot';
import type { GenerateRequest, RouteQueryHint } from '../ports.ts';
import { extractJson } from '../optimiser/json-extract.ts';
import { MAX_DESCRIPTION_CHARS } from './prompt.ts';
import type { RouteQuery } from './types.ts';

const DESCRIBER_INSTRUCTIONS = [
	'You improve the description of one agent skill.',
	'A router sees only each skill’s name and description and picks the skill to load for a request.',
	`Write a description of at most ${MAX_DESCRIPTION_CHARS} characters that makes the router choose this skill for requests like those it missed, and not for requests that belong elsewhere.`,
	'Say what tasks the skill is for in the words such requests use. Do not describe the procedure.',
	'Answer with JSON only: {"description": "..."}'
].join(' ');

const MAX_SHOWN = 8;

function listed(title: string, queries: readonly RouteQuery[]): string {
	if (queries.length === 0) return '';
	const lines = queries
		.slice(0, MAX_SHOWN)
		.map((q) => `- ${q.input.slice(0, 300).replace(/\s+/gu, ' ')}`);
	return `\n\n${title}:\n${lines.join('\n')}`;
}

function hint(q: RouteQuery): RouteQueryHint {
	return { packId: q.packId, itemId: q.itemId, features: q.features };
}

export interface DescribeInput {
	name: string;
	packId: string | null;
	description: string;
	missed: readonly RouteQuery[];
	falseTriggers: readonly RouteQuery[];
	rejected: readonly string[];
}

export function describeRequest(
	input: DescribeInput,
	settings: { temperature: number; seed: number; maxTokens: number },
	supportsJsonSchema: boolean
): GenerateRequest {
	const rejected = input.rejected
		.slice(-4)
		.map((d) => `- ${d}`)
		.join('\n');
	const user =
		`Skill: ${input.name}\nCurrent description: ${input.description || '(empty)'}` +
		listed('Requests it should have been chosen for', input.missed) +
		listed('Requests it was chosen for but should not have been', input.falseTriggers) +
		(rejected === '' ? '' : `\n\nDescriptions already tried and rejected:\n${rejected}`);
	return {
		messages: [
			{ role: 'system', content: DESCRIBER_INSTRUCTIONS },
			{ role: 'user', content: user }
		],
		temperature: settings.temperature,
		seed: settings.seed,
		maxTokens: settings.maxTokens,
		...(supportsJsonSchema
			? {
					jsonSchema: {
						type: 'object',
						properties: { description: { type: 'string', maxLength: MAX_DESCRIPTION_CHARS } },
						required: ['description'],
						additionalProperties: false
					}
				}
			: {}),
		hints: {
			role: 'describer',
			packId: input.packId,
			description: input.description,
			missed: input.missed.map(hint),
			falseTriggers: input.falseTriggers.map(hint),
			rejected: [...input.rejected],
			maxChars: MAX_DESCRIPTION_CHARS
		}
	};
}

const DescriptionAnswer = v.object({ description: v.string() });

export type DescriptionRead = { ok: true; description: string } | { ok: false; error: string };

/** The proposed description, or a sentence saying why the answer has none. */
export function readDescription(text: string): DescriptionRead {
	const parsed = extractJson(text);
	if (!parsed.ok) return { ok: false, error: parsed.error };
	const answer = v.safeParse(DescriptionAnswer, parsed.value);
	if (!answer.success) return { ok: false, error: 'the answer has no "description" text' };
	const description = answer.output.description.trim();
	if (description === '') return { ok: false, error: 'the proposed description is empty' };
	if (description.length > MAX_DESCRIPTION_CHARS) {
		return {
			ok: false,
			error: `the proposed description has ${description.length} characters; at most ${MAX_DESCRIPTION_CHARS} are allowed`
		};
	}
	return { ok: true, description };
}
