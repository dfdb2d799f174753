/**
 * The stored form of a workspace's latest router check and description training (format v1),
 * and its schema: what an older or newer app version wrote is outside input, so reading it
 * back goes through the schema, and anything it refuses counts as "no stored result".
 * Queries keep their text clipped: enough to show a misroute, not a copy of the packs.
 */
import * as v from 'valibot';
import { MAX_DESCRIPTION_CHARS } from './prompt.ts';

export const ROUTER_RECORD_FORMAT = 'skillopt-playground.router.v1' as const;

const MAX_ID = 300;
const MAX_ITEMS = 5000;
const id = v.pipe(v.string(), v.maxLength(MAX_ID));
const unit = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const Settings = v.object({
	temperature: v.pipe(v.number(), v.minValue(0), v.maxValue(2)),
	seed: v.pipe(v.number(), v.integer()),
	repeats: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)),
	maxTokens: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4096))
});

const Entry = v.object({
	skillId: id,
	name: v.pipe(v.string(), v.maxLength(MAX_ID)),
	description: v.pipe(v.string(), v.maxLength(MAX_DESCRIPTION_CHARS)),
	packId: v.nullable(id)
});

const Query = v.object({
	id: v.pipe(v.string(), v.maxLength(2 * MAX_ID + 1)),
	packId: id,
	itemId: id,
	gold: id,
	/** The request, clipped. */
	input: v.pipe(v.string(), v.maxLength(400))
});

const Outcome = v.object({
	queryId: v.pipe(v.string(), v.maxLength(2 * MAX_ID + 1)),
	gold: id,
	chosen: id,
	seed: v.pipe(v.number(), v.integer()),
	text: v.pipe(v.string(), v.maxLength(400))
});

const Run = {
	createdAt: count,
	/** The executor that routed, as people read it (e.g. "Simulated model (scripted)"). */
	engineLabel: v.pipe(v.string(), v.maxLength(MAX_ID)),
	settings: Settings,
	entries: v.pipe(v.array(Entry), v.maxLength(200))
};

export const RouterCheckRecordSchema = v.object({
	...Run,
	queries: v.pipe(v.array(Query), v.maxLength(MAX_ITEMS)),
	outcomes: v.pipe(v.array(Outcome), v.maxLength(MAX_ITEMS * 20))
});

const Step = v.object({
	step: count,
	candidate: v.nullable(v.pipe(v.string(), v.maxLength(MAX_DESCRIPTION_CHARS))),
	trainAccuracy: unit,
	missed: count,
	falseTriggers: count,
	valBefore: unit,
	valCandidate: v.nullable(unit),
	verdict: v.picklist(['accepted', 'tie', 'worse', 'invalid', 'nothing-to-fix']),
	reason: v.pipe(v.string(), v.maxLength(600))
});

export const DescriptionTrainingRecordSchema = v.object({
	...Run,
	skillId: id,
	initial: v.pipe(v.string(), v.maxLength(MAX_DESCRIPTION_CHARS)),
	final: v.pipe(v.string(), v.maxLength(MAX_DESCRIPTION_CHARS)),
	valInitial: unit,
	valFinal: unit,
	trainQueries: count,
	valQueries: count,
	steps: v.pipe(v.array(Step), v.maxLength(200)),
	/** SHA-256 of the body when training started; the apply step checks it is unchanged. */
	bodyHash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/u)),
	/** When the trained description was written to the skill, if it was. */
	appliedAt: v.nullable(count)
});

export const RouterRecordSchema = v.object({
	format: v.literal(ROUTER_RECORD_FORMAT),
	check: v.nullable(RouterCheckRecordSchema),
	training: v.nullable(DescriptionTrainingRecordSchema)
});

export type RouterCheckRecord = v.InferOutput<typeof RouterCheckRecordSchema>;
export type DescriptionTrainingRecord = v.InferOutput<typeof DescriptionTrainingRecordSchema>;
export type RouterRecord = v.InferOutput<typeof RouterRecordSchema>;

/** The record, or undefined when `raw` is not one this version can read. */
export function readRouterRecord(raw: unknown): RouterRecord | undefined {
	const parsed = v.safeParse(RouterRecordSchema, raw);
	return parsed.success ? parsed.output : undefined;
}
