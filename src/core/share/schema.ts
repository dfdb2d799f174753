/**
 * The share-link snapshot, version 1: what a link carries, as a valibot schema.
 *
 * NOTE: version-1 links must decode forever. Never change what a field means or tighten a
 * limit here; a new shape is a new version (`SHARE_SCHEMA_V2` and a decoder branch), and the
 * committed fixture in test/fixtures/share/ must keep decoding. Unknown keys are dropped (the
 * schema builds a fresh object from the keys it knows), so a later version's extra fields do
 * not break an older reader.
 *
 * Provenance never holds a URL: model ids are restricted to characters a URL needs (no `/`,
 * no `:`), endpoints and custom models are only named by their kind.
 */
import * as v from 'valibot';
import { checkPlainJson, cloneJson, type JsonLimits } from './json-guard.ts';

/** Limits on every text field; a link is a small thing. DO NOT lower them for v1. */
export const SHARE_LIMITS = {
	title: 200,
	note: 2_000,
	skillName: 200,
	skillDescription: 1_000,
	skillText: 60_000,
	id: 120,
	history: 1_000,
	/** Items of an inline dataset, all splits together. */
	inlineItems: 300
} as const;

/** The bounds a decoded payload must meet before the schema looks at it. */
export const SHARE_JSON_LIMITS: JsonLimits = {
	maxDepth: 24,
	maxNodes: 60_000,
	maxStringLength: SHARE_LIMITS.skillText,
	maxKeyLength: 120,
	maxArrayLength: 2_000,
	maxKeysPerObject: 200
};

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
/** Catalogue ids, family ids, scenario names: never a URL. */
const identifier = v.pipe(
	v.string(),
	v.maxLength(SHARE_LIMITS.id),
	v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plain identifier')
);
const unit = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
const seedNumber = v.pipe(
	v.number(),
	v.integer(),
	v.minValue(-2_147_483_648),
	v.maxValue(4_294_967_295)
);

const SkillSchema = v.object({
	name: text(SHARE_LIMITS.skillName),
	description: v.optional(text(SHARE_LIMITS.skillDescription)),
	text: text(SHARE_LIMITS.skillText)
});

/** Where the skill came from: engine kind and, only for catalogue models, the model id. */
const SourceSchema = v.object({
	engine: v.picklist(['simulation', 'webllm', 'cpu', 'endpoint', 'unknown']),
	/** A WebLLM catalogue model id. */
	model: v.optional(identifier),
	/** True for a custom WebLLM model: its id and URLs stay with the sender. */
	customModel: v.optional(v.boolean()),
	/** The simulation's scenario name. */
	scenario: v.optional(identifier)
});

const SizesSchema = v.object({
	train: count(10_000),
	val: count(10_000),
	test: count(10_000)
});

/** The inline dataset: a pack file (format v1), already bounded by the JSON guard. */
const InlinePackSchema = v.pipe(
	v.record(v.string(), v.unknown()),
	v.check(
		(pack) => pack['format'] === 'skillopt-playground.pack.v1',
		'an included dataset must be a pack in format skillopt-playground.pack.v1'
	),
	v.check(
		(pack) => countItems(pack) <= SHARE_LIMITS.inlineItems,
		`an included dataset holds at most ${SHARE_LIMITS.inlineItems} items`
	),
	v.transform((pack) => cloneJson(pack))
);

const TaskSchema = v.variant('kind', [
	v.object({
		kind: v.literal('family'),
		family: identifier,
		difficulty: count(100),
		seed: seedNumber,
		sizes: v.optional(SizesSchema)
	}),
	v.object({
		kind: v.literal('inline'),
		title: text(SHARE_LIMITS.title),
		pack: InlinePackSchema
	}),
	/** An imported pack that was too large to include: named only. */
	v.object({ kind: v.literal('named'), title: text(SHARE_LIMITS.title) })
]);

const SettingsSchema = v.object({
	epochs: count(1_000),
	batchSize: count(10_000),
	gateEnabled: v.boolean(),
	metric: v.picklist(['hard', 'soft', 'mixed']),
	minDeltaItems: count(10_000),
	schedule: identifier,
	budgetMax: count(1_000),
	budgetMin: count(1_000),
	proposer: v.picklist(['model', 'me'])
});

const PairSchema = v.object({ seed: unit, best: unit });

const ScoresSchema = v.object({ val: PairSchema, test: v.optional(PairSchema) });

export const HISTORY_ACTIONS = [
	'accept_new_best',
	'accept',
	'reject',
	'force_accept',
	'skip_no_patches',
	'other'
] as const;

const HistoryPointSchema = v.object({
	step: count(100_000),
	epoch: count(10_000),
	kind: v.picklist(['step', 'slow-update']),
	action: v.picklist(HISTORY_ACTIONS),
	current: unit,
	best: unit,
	candidate: v.optional(unit)
});

/** The version-1 snapshot. The version itself lives in the link's prefix. */
export const ShareSnapshotV1Schema = v.object({
	title: text(SHARE_LIMITS.title),
	note: v.optional(text(SHARE_LIMITS.note)),
	skill: SkillSchema,
	source: SourceSchema,
	task: v.optional(TaskSchema),
	settings: v.optional(SettingsSchema),
	/** The run seed. */
	runSeed: v.optional(seedNumber),
	scores: v.optional(ScoresSchema),
	history: v.optional(v.pipe(v.array(HistoryPointSchema), v.maxLength(SHARE_LIMITS.history)))
});

export type ShareSnapshotV1 = v.InferOutput<typeof ShareSnapshotV1Schema>;
export type ShareTask = NonNullable<ShareSnapshotV1['task']>;
export type ShareHistoryPoint = NonNullable<ShareSnapshotV1['history']>[number];
export type ShareSettings = NonNullable<ShareSnapshotV1['settings']>;

export type ShareValidation =
	{ ok: true; snapshot: ShareSnapshotV1 } | { ok: false; reason: string };

/**
 * Validates parsed JSON as a v1 snapshot. Never throws; the snapshot returned is built fresh by
 * the schema and shares nothing with `json`.
 */
export function validateShareV1(json: unknown): ShareValidation {
	try {
		const problem = checkPlainJson(json, SHARE_JSON_LIMITS);
		if (problem !== null) return { ok: false, reason: problem };
		const result = v.safeParse(ShareSnapshotV1Schema, json);
		if (result.success) return { ok: true, snapshot: result.output };
		const issue = result.issues[0];
		const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
		return { ok: false, reason: path ? `${path}: ${issue.message}` : issue.message };
	} catch (error) {
		return { ok: false, reason: error instanceof Error ? error.message : String(error) };
	}
}

function countItems(pack: Record<string, unknown>): number {
	const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);
	const splits = pack['splits'];
	const inSplits =
		typeof splits === 'object' && splits !== null
			? Object.values(splits).reduce<number>((n, s) => n + lengthOf(s), 0)
			: 0;
	return lengthOf(pack['items']) + inSplits;
}
