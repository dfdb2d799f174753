/**
 * The schema of the workspace file, `skillopt-playground.workspace.v2` (one JSON document with a
 * workspace's skills, versions, packs, runs, steps and evaluations), the v1 layout it replaced
 * (skills without a pack, no evaluations) and its migration, and the checks across its records
 * (ids unique, every reference found). Pure: reading the file, recomputing hashes and parsing
 * the packs it holds (`parsePack`) happen in the persistence layer.
 *
 * Messages follow the persistence layer's style: a path, then `expected a string, got a number`.
 */
import * as v from 'valibot';
import { closed, isPlainObject, m, tooDeep, type Issue } from './shapes.ts';
import { formatPath, renderIssue, type PathKey } from './issues.ts';
import { migratedPackId } from '../skill/pack-link.ts';

export const WORKSPACE_FORMAT_V1 = 'skillopt-playground.workspace.v1' as const;
export const WORKSPACE_FORMAT_V2 = 'skillopt-playground.workspace.v2' as const;

const C = 'bad-workspace';
const o = v.optional;

/** `a string`, `a number`... from a valibot schema's `expects`; undefined for any value. */
function expected(schema: v.GenericSchema): string | undefined {
	const what = schema.expects;
	if (what === 'unknown') return undefined;
	if (what === 'Object') return 'an object';
	if (what === 'Array') return 'an array';
	return /^[a-z]+$/u.test(what) ? `a ${what}` : what;
}

function shape<const E extends v.ObjectEntries>(entries: E) {
	return closed(
		entries,
		{
			notObject: m(C, 'expected an object, got {kind}'),
			missing: (key) => {
				const entry = entries[key];
				const what = entry === undefined ? undefined : expected(entry);
				return m(C, what === undefined ? 'missing' : `expected ${what}, got nothing`);
			},
			unknown: () => m(C, "unknown field '{key}'"),
			dangerous: m(C, "the field name '{key}' is not allowed (it is reserved by JavaScript)")
		},
		C
	);
}

const str = v.string(m(C, 'expected a string, got {kind}'));
const id = v.pipe(
	str,
	v.check((text) => text.trim() !== '', m(C, 'must not be empty'))
);
const time = v.pipe(
	v.number(m(C, 'expected a finite number, got {kind}')),
	v.finite(m(C, 'expected a finite number, got {json}'))
);
const integer = (min: number) =>
	v.pipe(
		v.number(m(C, 'expected a finite number, got {kind}')),
		v.finite(m(C, 'expected a finite number, got {json}')),
		v.integer(m(C, `expected an integer ≥ ${min}, got {json}`)),
		v.minValue(min, m(C, `expected an integer ≥ ${min}, got {json}`))
	);
function oneOf<const T extends readonly [string, ...string[]]>(options: T) {
	return v.picklist(
		options,
		m(C, `expected one of ${options.map((a) => `'${a}'`).join(', ')}, got {json}`)
	);
}
const list = <S extends v.GenericSchema>(item: S) =>
	v.array(item, m(C, 'expected an array, got {kind}'));
const anything = v.unknown();

export const VERSION_PROVENANCES = [
	'typed',
	'proposed-edit',
	'slow-update',
	'imported',
	'shared',
	'starter'
] as const;
export const RUN_STATUSES = ['running', 'paused', 'stopped', 'finished', 'failed'] as const;
export const EVALUATION_ARMS = ['skill', 'none', 'seed'] as const;
export const EVALUATION_KINDS = ['library', 'transfer'] as const;
export const EVALUATION_STATUSES = ['running', 'finished', 'stopped', 'failed'] as const;

const workspace = shape({
	id,
	name: o(str, 'Imported workspace'),
	createdAt: o(time, 0),
	updatedAt: o(time, 0),
	currentSkillId: o(v.nullable(id), null),
	currentPackId: o(v.nullable(id), null)
});

const skillEntries = {
	id,
	workspaceId: id,
	title: o(str, ''),
	text: str,
	createdAt: o(time, 0),
	updatedAt: o(time)
};
const skillV1 = shape({ ...skillEntries, description: o(str) });
const skill = shape({ ...skillEntries, description: o(str, ''), packId: o(v.nullable(id), null) });

const skillVersion = shape({
	id,
	skillId: id,
	text: str,
	/** Recomputed on import, never trusted. */
	hash: o(anything),
	createdAt: time,
	provenance: oneOf(VERSION_PROVENANCES),
	runId: o(str),
	step: o(integer(0)),
	note: o(str)
});

const size = o(integer(0));
const packSource = v.variant(
	'kind',
	[
		shape({
			kind: v.literal('built-in'),
			familyId: id,
			difficulty: integer(0),
			seed: integer(0),
			sizes: o(shape({ train: size, val: size, test: size })),
			edited: o(anything)
		}),
		shape({
			kind: v.literal('imported'),
			pack: anything,
			fileName: o(str),
			url: o(str),
			containsCode: o(v.boolean(m(C, 'expected true or false, got {kind}')), false)
		})
	],
	m(C, "expected one of 'built-in', 'imported', got {json}")
);

const pack = shape({
	id,
	workspaceId: id,
	title: o(str, ''),
	createdAt: o(time, 0),
	updatedAt: o(time),
	source: packSource
});

const run = shape({
	id,
	workspaceId: id,
	skillId: o(str),
	packId: o(str),
	title: o(str),
	createdAt: o(time, 0),
	updatedAt: o(time),
	status: oneOf(RUN_STATUSES),
	config: v.custom<unknown>(() => true),
	snapshot: o(anything),
	summary: o(anything),
	lastStepIndex: o(integer(-1), -1),
	ownerTab: o(str),
	error: o(str)
});

const runStep = shape({
	runId: id,
	index: integer(0),
	createdAt: o(time, 0),
	record: v.custom<unknown>(() => true),
	gate: o(anything),
	rollouts: o(anything)
});

const score = v.pipe(
	v.number(m(C, 'expected a number from 0 to 1, got {kind}')),
	v.finite(m(C, 'expected a number from 0 to 1, got {json}')),
	v.minValue(0, m(C, 'expected a number from 0 to 1, got {json}')),
	v.maxValue(1, m(C, 'expected a number from 0 to 1, got {json}'))
);

const evaluation = shape({
	id,
	workspaceId: id,
	skillId: id,
	packId: id,
	kind: oneOf(EVALUATION_KINDS),
	createdAt: o(time, 0),
	updatedAt: o(time),
	status: oneOf(EVALUATION_STATUSES),
	engine: shape({ kind: str, label: o(str, ''), model: o(str) }),
	seed: integer(0),
	itemCount: integer(0),
	arms: list(
		shape({
			arm: oneOf(EVALUATION_ARMS),
			skillHash: o(str, ''),
			results: list(shape({ itemId: id, hard: score, soft: score }))
		})
	),
	error: o(str)
});

const common = {
	exportedAt: o(str, ''),
	schemaVersion: o(integer(1)),
	workspace,
	skillVersions: o(list(skillVersion), []),
	packs: o(list(pack), []),
	runs: o(list(run), []),
	runSteps: o(list(runStep), [])
};

/** Version 1: skills name no pack, and there are no evaluations. */
export const workspaceFileV1 = shape({
	format: v.literal(WORKSPACE_FORMAT_V1),
	...common,
	skills: o(list(skillV1), [])
});

export const workspaceFileV2 = shape({
	format: v.literal(WORKSPACE_FORMAT_V2),
	...common,
	skills: o(list(skill), []),
	evaluations: o(list(evaluation), [])
});

/**
 * The file as its schema reads it, in the current layout (a v1 file migrated); packs, configs
 * and snapshots are still unchecked.
 */
export type WorkspaceFileShape = v.InferOutput<typeof workspaceFileV2>;
type WorkspaceFileShapeV1 = v.InferOutput<typeof workspaceFileV1>;

/** v1 → v2: each skill gets its pack by the same rule as the database's migration. */
export function migrateWorkspaceFileV1(file: WorkspaceFileShapeV1): WorkspaceFileShape {
	const packIds = new Set(file.packs.map((p) => p.id));
	return {
		...file,
		format: WORKSPACE_FORMAT_V2,
		skills: file.skills.map((s) => ({
			...s,
			description: s.description ?? '',
			packId: migratedPackId(s, file.runs, file.workspace.currentPackId, packIds)
		})),
		evaluations: []
	};
}

export interface WorkspaceProblem {
	/** `skills[2].text`; empty for the file itself. */
	path: string;
	/** What is wrong there, e.g. `expected a string, got a number`. */
	problem: string;
}

export type WorkspaceCheck =
	{ ok: true; file: WorkspaceFileShape } | { ok: false; problems: WorkspaceProblem[] };

/** Deeper than any workspace file (packs, snapshots and their JSON answers included). */
export const MAX_WORKSPACE_DEPTH = 160;

/**
 * Checks a workspace document, v2 (or v1, migrated to v2): its shape, then the references
 * between its records. Never throws; every problem names its path.
 */
export function checkWorkspaceFile(value: unknown): WorkspaceCheck {
	if (!isPlainObject(value))
		return { ok: false, problems: [{ path: '', problem: 'expected an object' }] };
	const deep = tooDeep(value, MAX_WORKSPACE_DEPTH);
	if (deep !== undefined)
		return {
			ok: false,
			problems: [
				{
					path: formatPath(deep.slice(0, 8)),
					problem: `nested more than ${MAX_WORKSPACE_DEPTH} levels deep`
				}
			]
		};
	let file: WorkspaceFileShape;
	if (value['format'] === WORKSPACE_FORMAT_V1) {
		const result = v.safeParse(workspaceFileV1, value);
		if (!result.success)
			return { ok: false, problems: result.issues.map((issue: Issue) => toProblem(issue)) };
		file = migrateWorkspaceFileV1(result.output);
	} else {
		const result = v.safeParse(workspaceFileV2, value);
		if (!result.success)
			return { ok: false, problems: result.issues.map((issue: Issue) => toProblem(issue)) };
		file = result.output;
	}
	const problems = crossCheck(file);
	return problems.length === 0 ? { ok: true, file } : { ok: false, problems };
}

function toProblem(issue: Issue): WorkspaceProblem {
	const { text, path } = renderIssue(issue);
	return { path: formatPath(path), problem: text };
}

const at = (...keys: PathKey[]): string => formatPath(keys);

/** An id for a message: a hostile file may hold megabyte ids. */
const q = (text: string): string => `'${text.length > 80 ? `${text.slice(0, 80)}…` : text}'`;

/** Ids unique per list, every reference found, steps within their runs. */
function crossCheck(file: WorkspaceFileShape): WorkspaceProblem[] {
	const problems: WorkspaceProblem[] = [];
	const wsId = file.workspace.id;
	const add = (path: string, problem: string): void => {
		problems.push({ path, problem });
	};
	const belongs = (workspaceId: string, list: string, i: number): void => {
		if (workspaceId !== wsId)
			add(
				at(list, i, 'workspaceId'),
				`${q(workspaceId)} is not this file's workspace (${q(wsId)})`
			);
	};
	const unique = (seen: Set<string>, key: string, path: string): void => {
		if (seen.has(key)) add(path, `duplicate id ${q(key)}`);
		seen.add(key);
	};

	const skillIds = new Set<string>();
	file.skills.forEach((s, i) => {
		unique(skillIds, s.id, at('skills', i, 'id'));
		belongs(s.workspaceId, 'skills', i);
	});
	const versionIds = new Set<string>();
	const versionKeys = new Set<string>();
	file.skillVersions.forEach((ver, i) => {
		unique(versionIds, ver.id, at('skillVersions', i, 'id'));
		if (!skillIds.has(ver.skillId))
			add(at('skillVersions', i, 'skillId'), `no skill ${q(ver.skillId)} in this file`);
		const key = `${ver.skillId}@${ver.createdAt}`;
		unique(versionKeys, key, at('skillVersions', i, 'createdAt'));
	});
	const packIds = new Set<string>();
	file.packs.forEach((p, i) => {
		unique(packIds, p.id, at('packs', i, 'id'));
		belongs(p.workspaceId, 'packs', i);
	});
	const runIds = new Set<string>();
	const lastIndex = new Map<string, number>();
	file.runs.forEach((r, i) => {
		unique(runIds, r.id, at('runs', i, 'id'));
		belongs(r.workspaceId, 'runs', i);
		lastIndex.set(r.id, r.lastStepIndex);
	});
	const stepKeys = new Set<string>();
	file.runSteps.forEach((s, i) => {
		const last = lastIndex.get(s.runId);
		if (last === undefined) {
			add(at('runSteps', i, 'runId'), `no run ${q(s.runId)} in this file`);
			return;
		}
		if (s.index > last)
			add(at('runSteps', i, 'index'), `step ${s.index} is after its run's last step (${last})`);
		unique(stepKeys, `${s.runId}#${s.index}`, at('runSteps', i, 'index'));
	});
	file.skills.forEach((s, i) => {
		if (s.packId !== null && !packIds.has(s.packId))
			add(at('skills', i, 'packId'), `no pack ${q(s.packId)} in this file`);
	});
	const evaluationIds = new Set<string>();
	file.evaluations.forEach((e, i) => {
		unique(evaluationIds, e.id, at('evaluations', i, 'id'));
		belongs(e.workspaceId, 'evaluations', i);
		if (!skillIds.has(e.skillId))
			add(at('evaluations', i, 'skillId'), `no skill ${q(e.skillId)} in this file`);
		if (!packIds.has(e.packId))
			add(at('evaluations', i, 'packId'), `no pack ${q(e.packId)} in this file`);
	});
	const { currentSkillId, currentPackId } = file.workspace;
	if (currentSkillId !== null && !skillIds.has(currentSkillId))
		add('workspace.currentSkillId', `no skill ${q(currentSkillId)} in this file`);
	if (currentPackId !== null && !packIds.has(currentPackId))
		add('workspace.currentPackId', `no pack ${q(currentPackId)} in this file`);
	return problems;
}
