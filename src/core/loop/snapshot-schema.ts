/**
 * The schema of a stored run snapshot, `skillopt-playground.run.v2`, checked before a run
 * resumes from it: a snapshot comes back from IndexedDB or a workspace file, where anything may
 * have changed it, and the trainer reads every part of it. The shapes follow `state.ts`; a new
 * snapshot version extends these pieces (export them, reuse them) and adds a migration.
 *
 * Additions that every older v2 snapshot already satisfies keep the format: the person's review
 * before the gate (`work.review`, `detail.review`, pool source `person`) is optional.
 *
 * `config` is only checked to be an object here: resolving and checking a config is the
 * config's own job.
 */
import * as v from 'valibot';
import { closed, dataRecord, isPlainObject, m, tooDeep, type Issue } from '../schemas/shapes.ts';
import { formatPath, renderIssue } from '../schemas/issues.ts';
import type { RunSnapshot } from './state.ts';
import { RUN_SNAPSHOT_FORMAT } from './state.ts';

const C = 'bad-snapshot';
const o = v.optional;

export const str = v.string(m(C, '{path} must be a string, got {kind}'));
export const bool = v.boolean(m(C, '{path} must be true or false, got {kind}'));
export const num = v.pipe(
	v.number(m(C, '{path} must be a number, got {kind}')),
	v.finite(m(C, '{path} must be a finite number'))
);
export const count = v.pipe(
	v.number(m(C, '{path} must be a whole number ≥ 0, got {kind}')),
	v.integer(m(C, '{path} must be a whole number ≥ 0, got {json}')),
	v.minValue(0, m(C, '{path} must be a whole number ≥ 0, got {json}'))
);
export const strings = v.array(str, m(C, '{path} must be an array of strings, got {kind}'));

export function oneOf<const T extends readonly [string, ...string[]]>(options: T) {
	return v.picklist(options, m(C, `{path} must be one of ${options.join(', ')}, got {json}`));
}

export function shape<const E extends v.ObjectEntries>(entries: E) {
	return closed(
		entries,
		{
			notObject: m(C, '{path} must be an object, got {kind}'),
			missing: (key) => m(C, `{parent} has no '${key}'`),
			unknown: () => m(C, "{parent}: unknown field '{key}'")
		},
		C
	);
}

export function list<S extends v.GenericSchema>(item: S) {
	return v.array(item, m(C, '{path} must be an array, got {kind}'));
}

export function record<S extends v.GenericSchema>(value: S) {
	return dataRecord(value, { notObject: m(C, '{path} must be an object, got {kind}') });
}

export const splitScore = shape({ hard: num, soft: num, n: count });

export const itemRun = shape({ id: str, hard: num, soft: num, output: str, explanation: str });

const itemRunEntries = { id: str, hard: num, soft: num, output: str, explanation: str };
export const rolloutDetail = shape({ ...itemRunEntries, cached: bool });

export const skillText = shape({ hash: str, text: str });
export const slowBlock = shape({ before: skillText, after: skillText });

export const valItem = shape({
	id: str,
	evaluated: bool,
	hard: o(num),
	soft: o(num),
	cached: bool,
	before: o(shape({ hard: num, soft: num }))
});

export const stageFailure = shape({
	stage: str,
	kind: oneOf(['parse', 'engine', 'context', 'source']),
	name: str,
	message: str,
	fallback: str
});

export const proposedEdit = shape({
	op: oneOf(['append', 'insert_after', 'replace', 'delete']),
	target: o(str),
	line: o(num),
	content: o(str)
});

export const poolEdit = shape({
	edit: proposedEdit,
	source: oneOf(['failure', 'success', 'human', 'person'])
});

export const reviewChange = v.variant(
	'action',
	[
		shape({ index: count, action: v.literal('drop') }),
		shape({ index: count, action: v.literal('edit'), edit: proposedEdit })
	],
	m(C, '{path} must be a review change (action: drop or edit), got {json}')
);

export const reviewRecord = shape({
	source: v.literal('person'),
	before: list(poolEdit),
	changes: list(reviewChange)
});

export const analysisRecord = shape({
	kind: oneOf(['failure', 'success']),
	itemIds: strings,
	failures: list(shape({ type: str, count: num, description: str })),
	edits: list(proposedEdit),
	ok: bool
});

export const valEvaluation = shape({
	status: oneOf(['cached', 'complete', 'early_reject']),
	split: o(splitScore),
	score: o(num),
	upperBound: num,
	evaluated: count,
	total: count,
	saved: count,
	rollouts: count,
	record: str,
	items: o(list(valItem))
});

const GATE_ACTIONS = ['accept_new_best', 'accept', 'reject', 'force_accept'] as const;
export const stepAction = oneOf([...GATE_ACTIONS, 'skip_no_patches']);

export const textChange = shape({ from: count, to: count, insert: str });

export const editReport = shape({
	index: count,
	op: str,
	status: oneOf([
		'applied',
		'applied_fallback',
		'unmatched',
		'ambiguous',
		'protected',
		'duplicate',
		'unchanged',
		'missing_content',
		'missing_target',
		'line_out_of_range',
		'invalid_op'
	]),
	reason: str,
	target: o(str),
	line: o(num),
	content: o(str),
	matchedBy: o(oneOf(['exact', 'normalised', 'line'])),
	change: o(textChange)
});

export const stepDetail = shape({
	pool: list(poolEdit),
	merged: list(poolEdit),
	kept: list(poolEdit),
	analyses: list(analysisRecord),
	against: shape({ hash: str, text: str, score: num, origin: str }),
	candidate: o(skillText),
	rollouts: list(rolloutDetail),
	guidance: o(str),
	review: o(reviewRecord)
});

export const stepRecord = shape({
	index: count,
	epoch: count,
	stepInEpoch: count,
	kind: oneOf(['step', 'slow-update']),
	batch: strings,
	rollout: shape({ hard: num, soft: num, n: count, failed: count }),
	analyses: shape({ calls: count, ok: count, edits: count }),
	proposed: count,
	merged: count,
	budget: count,
	ranked: list(proposedEdit),
	reports: list(editReport),
	applied: count,
	candidateHash: o(str),
	evaluation: o(valEvaluation),
	action: stepAction,
	reason: str,
	currentScore: num,
	bestScore: num,
	failures: list(stageFailure),
	warnings: strings,
	rollouts: shape({ train: count, val: count }),
	optimiserCalls: count,
	detail: o(stepDetail)
});

export const bufferEntry = shape({
	step: count,
	action: stepAction,
	failed: count,
	total: count,
	patterns: list(shape({ label: str, count: num })),
	rejected: list(shape({ edit: proposedEdit, scoreDrop: num })),
	unapplied: list(shape({ edit: proposedEdit, reason: str })),
	record: str
});

const heldEntries = {
	text: str,
	hash: str,
	score: num,
	split: splitScore,
	origin: str,
	measured: bool,
	resultsHash: str
};
export const heldSkill = shape(heldEntries);

export const stepWork = shape({
	batch: strings,
	rollouts: list(itemRun),
	rolloutCached: list(bool),
	analyses: list(analysisRecord),
	pool: list(poolEdit),
	merged: list(poolEdit),
	budget: count,
	ranked: list(poolEdit),
	failures: list(stageFailure),
	warnings: strings,
	optimiserCalls: count,
	rolloutsTrain: count,
	guidance: o(str),
	comparison: o(strings),
	comparedSkill: o(str),
	slowBlock: o(slowBlock),
	review: o(reviewRecord)
});

const STEP_STAGES = ['rollout', 'reflect', 'merge', 'select', 'propose', 'validate'] as const;
const EPOCH_STAGES = ['slow-block', 'slow-update', 'slow-gate', 'meta-skill'] as const;

export const cursor = v.variant(
	'at',
	[
		shape({ at: v.literal('baseline') }),
		shape({ at: v.literal('step'), epoch: count, step: count, stage: oneOf(STEP_STAGES) }),
		shape({ at: v.literal('epoch-end'), epoch: count, stage: oneOf(EPOCH_STAGES) }),
		shape({ at: v.literal('final'), stage: oneOf(['promote', 'test']) }),
		shape({ at: v.literal('done') })
	],
	m(C, '{path} must be a cursor (at: baseline, step, epoch-end, final or done), got {json}')
);

export const epochRecord = shape({
	kind: v.literal('epoch'),
	epoch: count,
	currentScore: num,
	bestScore: num,
	slowBlockAdded: bool,
	slowUpdate: oneOf(['accepted', 'rejected', 'forced', 'failed', 'skipped', 'none']),
	metaSkill: str,
	previousMetaSkill: str,
	slowBlock: o(slowBlock),
	failures: list(stageFailure),
	warnings: strings
});

export const finalEvaluation = shape({
	seed: o(splitScore),
	best: o(splitScore),
	final: o(splitScore),
	promoted: bool
});

export const runCounters = shape({
	rollouts: shape({ train: count, val: count, test: count, slow: count, cached: count }),
	valSaved: count,
	optimiserCalls: count,
	promptTokens: count,
	completionTokens: count
});

/** The config is an object here; its contents are checked where configs are resolved. */
export const configObject = v.custom<RunSnapshot['config']>(
	isPlainObject,
	m(C, '{path} must be an object (the run settings), got {kind}')
);

export const snapshotV2Entries = {
	format: v.literal(RUN_SNAPSHOT_FORMAT),
	config: configObject,
	editSourceKind: str,
	cursor,
	seed: heldSkill,
	current: heldSkill,
	best: shape({ ...heldEntries, step: count }),
	schedule: shape({ stepsTaken: count }),
	scoreCache: record(splitScore),
	items: record(itemRun),
	history: record(shape({ compared: count, flips: count })),
	buffer: list(bufferEntry),
	metaSkill: str,
	nextMetaSkill: str,
	previousEpochSkill: str,
	work: stepWork,
	newRecords: list(
		v.variant(
			'kind',
			[stepRecord, epochRecord],
			m(C, '{path} must be a step, slow-update or epoch record, got {json}')
		)
	),
	recorded: count,
	newItems: o(record(itemRun)),
	tally: shape({
		steps: count,
		actions: record(count),
		stageFailures: count,
		epoch: shape({ accepted: count, rejected: count, skipped: count, slow: o(stepAction) })
	}),
	final: finalEvaluation,
	counters: runCounters
};

export const runSnapshotV2 = shape(snapshotV2Entries);

// The schema and the hand-written types must describe the same snapshot.
type Checked = v.InferOutput<typeof runSnapshotV2>;
const sameShape: (value: Checked) => RunSnapshot = (value) => value;
const sameBack: (value: RunSnapshot) => Checked = (value) => value;
void sameShape;
void sameBack;

/** Deeper than any snapshot (the pack in its config included). */
export const MAX_SNAPSHOT_DEPTH = 128;

export type SnapshotCheck = { ok: true; snapshot: RunSnapshot } | { ok: false; errors: string[] };

/**
 * Whether `value` is a snapshot this version can resume; otherwise every problem, each naming
 * its path. Never throws.
 */
export function checkSnapshot(value: unknown): SnapshotCheck {
	if (!isPlainObject(value))
		return { ok: false, errors: [`a snapshot is an object, this is ${kindName(value)}`] };
	const format = Object.hasOwn(value, 'format') ? value['format'] : undefined;
	if (format !== RUN_SNAPSHOT_FORMAT)
		return {
			ok: false,
			errors: [
				`unknown format ${JSON.stringify(typeof format === 'string' ? format.slice(0, 80) : format === undefined ? null : kindName(format))} (this version resumes ${RUN_SNAPSHOT_FORMAT})`
			]
		};
	const deep = tooDeep(value, MAX_SNAPSHOT_DEPTH);
	if (deep !== undefined)
		return {
			ok: false,
			errors: [
				`${formatPath(deep.slice(0, 6))}… is nested more than ${MAX_SNAPSHOT_DEPTH} levels deep`
			]
		};
	const result = v.safeParse(runSnapshotV2, value);
	if (result.success) return { ok: true, snapshot: result.output };
	return { ok: false, errors: result.issues.map((issue: Issue) => renderIssue(issue).text) };
}

function kindName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
