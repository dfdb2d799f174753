/**
 * The workspace file: one versioned JSON document holding a whole workspace (its skills with
 * every saved version, packs, runs with their steps), for backups and moving to another browser.
 *
 * Reading one back follows STYLE rule 11: `restoreWorkspaceFile` takes anything (`unknown`, or
 * the file's text), dispatches on `format`, migrates older formats to the current one, validates
 * every record with messages that name the offending path, and fills defaults. Only its result
 * may be given to `importWorkspace` (`workspace-import.ts`). Global settings are never exported:
 * a remembered endpoint may carry an API key.
 */
import { parsePack } from '../../core/packs/format.ts';
import { PACK_FORMAT_V1, type TaskPack } from '../../core/packs/types.ts';
import type { Hasher } from '../../core/ports.ts';
import { DB_VERSION, INDEXES, STORES, type SkillOptDb } from './db.ts';
import { RecordNotFoundError, WorkspaceFileError } from './errors.ts';
import { stepRange, versionRange } from './keys.ts';
import type {
	PackRecord,
	PackSource,
	RunRecord,
	RunStepRecord,
	SkillRecord,
	SkillVersionRecord,
	WorkspaceRecord
} from './records.ts';
import { RUN_STATUSES, VERSION_PROVENANCES } from './records.ts';
import {
	join,
	kindOf,
	readArray,
	readId,
	readInteger,
	readNullableId,
	readNumber,
	readObject,
	readOneOf,
	readOptionalString,
	readString,
	requireUnique,
	type Obj
} from './restore-fields.ts';
import { tx } from './tx.ts';
import { WORKSPACE_STORES } from './workspaces.ts';
import { errorMessage } from '../../core/errors.ts';

/** NOTE: DO NOT CHANGE: written into every exported file; a new layout gets a new version. */
export const WORKSPACE_FORMAT_V1 = 'skillopt-playground.workspace.v1' as const;

const FORMAT_PREFIX = 'skillopt-playground.workspace.';

/** The records of one workspace, as stored. What a restored file holds. */
export interface WorkspaceContents {
	workspace: WorkspaceRecord;
	skills: SkillRecord[];
	skillVersions: SkillVersionRecord[];
	packs: PackRecord[];
	runs: RunRecord[];
	runSteps: RunStepRecord[];
}

/** The exported document, version 1. */
export interface WorkspaceFileV1 extends WorkspaceContents {
	format: typeof WORKSPACE_FORMAT_V1;
	/** ISO 8601 time of the export. */
	exportedAt: string;
	/** The database schema version of the app that wrote it (informational). */
	schemaVersion: number;
}

/** A file that passed `restoreWorkspaceFile`: safe to import. */
export interface RestoredWorkspace extends WorkspaceContents {
	/** The format the file was written in, before migration. */
	sourceFormat: string;
	exportedAt: string;
}

export interface ExportOptions {
	/** Leave runs (and their steps, which can be large) out. Default: include them. */
	includeRuns?: boolean;
	clock?: { now(): number };
}

/** Reads a whole workspace in one read transaction (a consistent picture) as a v1 document. */
export async function exportWorkspace(
	db: SkillOptDb,
	workspaceId: string,
	options: ExportOptions = {}
): Promise<WorkspaceFileV1> {
	const contents = await tx(db, WORKSPACE_STORES, 'readonly', async (t) => {
		const workspace = await t.objectStore(STORES.workspaces).get(workspaceId);
		if (workspace === undefined) throw new RecordNotFoundError('Workspace', workspaceId);
		const skills = await t
			.objectStore(STORES.skills)
			.index(INDEXES.byWorkspace)
			.getAll(workspaceId);
		const skillVersions: SkillVersionRecord[] = [];
		const versionIndex = t.objectStore(STORES.skillVersions).index(INDEXES.bySkillCreated);
		for (const skill of skills)
			skillVersions.push(...(await versionIndex.getAll(versionRange(skill.id))));
		const packs = await t.objectStore(STORES.packs).index(INDEXES.byWorkspace).getAll(workspaceId);
		const runs =
			options.includeRuns === false
				? []
				: await t.objectStore(STORES.runs).index(INDEXES.byWorkspace).getAll(workspaceId);
		const runSteps: RunStepRecord[] = [];
		for (const run of runs)
			runSteps.push(...(await t.objectStore(STORES.runSteps).getAll(stepRange(run.id))));
		return { workspace, skills, skillVersions, packs, runs, runSteps };
	});
	const now = options.clock?.now() ?? Date.now();
	return {
		format: WORKSPACE_FORMAT_V1,
		exportedAt: new Date(now).toISOString(),
		schemaVersion: DB_VERSION,
		...contents
	};
}

/** The export as file text (JSON; `undefined` fields are dropped). */
export async function exportWorkspaceJson(
	db: SkillOptDb,
	workspaceId: string,
	options: ExportOptions = {}
): Promise<string> {
	return JSON.stringify(await exportWorkspace(db, workspaceId, options), null, '\t');
}

/** A file name for the download: `skillopt-workspace-<name>-<date>.json`. */
export function workspaceFileName(workspace: WorkspaceRecord, now: number): string {
	const slug = workspace.name
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	const date = new Date(now).toISOString().slice(0, 10);
	return `skillopt-workspace-${slug === '' ? 'untitled' : slug}-${date}.json`;
}

type FormatReader = (file: Obj, hasher: Hasher) => Promise<RestoredWorkspace>;

/**
 * Readers by format. Each turns its format into the current records; an older format is read
 * by migrating it to the next one and handing it on. To support a legacy layout, add its format
 * string here with a reader that maps it to v1's shape and calls `readV1`, and commit a fixture
 * of it under `test/fixtures/` with a test.
 */
const READERS: Record<string, FormatReader> = {
	[WORKSPACE_FORMAT_V1]: readV1
};

/**
 * Validates and migrates a workspace file.
 *
 * @param json The parsed JSON, or the file's text.
 * @param hasher SHA-256, to recompute version hashes (derived data is never trusted).
 * @throws WorkspaceFileError naming the offending path; nothing is written anywhere.
 */
export async function restoreWorkspaceFile(
	json: unknown,
	hasher: Hasher
): Promise<RestoredWorkspace> {
	let value = json;
	if (typeof json === 'string') {
		try {
			value = JSON.parse(json);
		} catch (err) {
			const detail = errorMessage(err);
			throw new WorkspaceFileError('', `This file is not valid JSON (${detail}).`);
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new WorkspaceFileError(
			'',
			`A workspace file is a JSON object, this is ${kindOf(value)}.`
		);
	const file = value as Obj;
	const format = file['format'];
	if (typeof format === 'string') {
		const reader = READERS[format];
		if (reader !== undefined) return reader(file, hasher);
		if (format.startsWith(FORMAT_PREFIX))
			throw new WorkspaceFileError(
				'format',
				`'${format}' was written by a newer version of the app; this one reads ${WORKSPACE_FORMAT_V1}.`
			);
		if (format === PACK_FORMAT_V1)
			throw new WorkspaceFileError(
				'format',
				'this is a task pack file, not a workspace: import it as a task pack instead.'
			);
	}
	throw new WorkspaceFileError(
		'format',
		format === undefined
			? `missing: not a SkillOpt Playground workspace file (expected "format": "${WORKSPACE_FORMAT_V1}").`
			: `${JSON.stringify(format)} is not a SkillOpt Playground workspace format.`
	);
}

async function readV1(file: Obj, hasher: Hasher): Promise<RestoredWorkspace> {
	const exportedAt = readString(file, 'exportedAt', '', '');
	if (file['schemaVersion'] !== undefined) readInteger(file, 'schemaVersion', '', 1);

	const ws = readObject(file['workspace'], 'workspace');
	const workspace: WorkspaceRecord = {
		id: readId(ws, 'id', 'workspace'),
		name: readString(ws, 'name', 'workspace', 'Imported workspace'),
		createdAt: readNumber(ws, 'createdAt', 'workspace', 0),
		updatedAt: readNumber(ws, 'updatedAt', 'workspace', 0),
		currentSkillId: readNullableId(ws, 'currentSkillId', 'workspace'),
		currentPackId: readNullableId(ws, 'currentPackId', 'workspace')
	};
	const belongs = (obj: Obj, path: string): string => {
		const id = readId(obj, 'workspaceId', path);
		if (id !== workspace.id)
			throw new WorkspaceFileError(
				join(path, 'workspaceId'),
				`'${id}' is not this file's workspace ('${workspace.id}')`
			);
		return id;
	};

	const skillIds = new Set<string>();
	const skills = readArray(file, 'skills', '').map((raw, i): SkillRecord => {
		const path = join('skills', i);
		const s = readObject(raw, path);
		const id = readId(s, 'id', path);
		requireUnique(skillIds, id, join(path, 'id'));
		const createdAt = readNumber(s, 'createdAt', path, 0);
		const description = readOptionalString(s, 'description', path);
		return {
			id,
			workspaceId: belongs(s, path),
			title: readString(s, 'title', path, ''),
			text: readString(s, 'text', path),
			createdAt,
			updatedAt: readNumber(s, 'updatedAt', path, createdAt),
			...(description === undefined || description === '' ? {} : { description })
		};
	});

	const versionIds = new Set<string>();
	const skillVersions: SkillVersionRecord[] = [];
	const rawVersions = readArray(file, 'skillVersions', '');
	for (const [i, raw] of rawVersions.entries()) {
		const path = join('skillVersions', i);
		const v = readObject(raw, path);
		const id = readId(v, 'id', path);
		requireUnique(versionIds, id, join(path, 'id'));
		const skillId = readId(v, 'skillId', path);
		if (!skillIds.has(skillId))
			throw new WorkspaceFileError(join(path, 'skillId'), `no skill '${skillId}' in this file`);
		const text = readString(v, 'text', path);
		const version: SkillVersionRecord = {
			id,
			skillId,
			text,
			hash: await hasher.sha256Hex(text),
			createdAt: readNumber(v, 'createdAt', path),
			provenance: readOneOf(v, 'provenance', path, VERSION_PROVENANCES)
		};
		const runId = readOptionalString(v, 'runId', path);
		if (runId !== undefined) version.runId = runId;
		if (v['step'] !== undefined) version.step = readInteger(v, 'step', path, 0);
		const note = readOptionalString(v, 'note', path);
		if (note !== undefined) version.note = note;
		skillVersions.push(version);
	}
	const versionKeys = new Set<string>();
	for (const [i, v] of skillVersions.entries())
		requireUnique(
			versionKeys,
			`${v.skillId}@${v.createdAt}`,
			join(join('skillVersions', i), 'createdAt')
		);

	const packIds = new Set<string>();
	const packs: PackRecord[] = [];
	for (const [i, raw] of readArray(file, 'packs', '').entries()) {
		const path = join('packs', i);
		const p = readObject(raw, path);
		const id = readId(p, 'id', path);
		requireUnique(packIds, id, join(path, 'id'));
		const createdAt = readNumber(p, 'createdAt', path, 0);
		packs.push({
			id,
			workspaceId: belongs(p, path),
			title: readString(p, 'title', path, ''),
			createdAt,
			updatedAt: readNumber(p, 'updatedAt', path, createdAt),
			source: await readPackSource(p['source'], join(path, 'source'), hasher)
		});
	}

	const runIds = new Set<string>();
	const lastIndex = new Map<string, number>();
	const runs = readArray(file, 'runs', '').map((raw, i): RunRecord => {
		const path = join('runs', i);
		const r = readObject(raw, path);
		const id = readId(r, 'id', path);
		requireUnique(runIds, id, join(path, 'id'));
		if (!('config' in r)) throw new WorkspaceFileError(join(path, 'config'), 'missing');
		const createdAt = readNumber(r, 'createdAt', path, 0);
		const run: RunRecord = {
			id,
			workspaceId: belongs(r, path),
			createdAt,
			updatedAt: readNumber(r, 'updatedAt', path, createdAt),
			status: readOneOf(r, 'status', path, RUN_STATUSES),
			config: r['config'],
			snapshot: r['snapshot'] ?? null,
			summary: r['summary'] ?? null,
			lastStepIndex: readInteger(r, 'lastStepIndex', path, -1)
		};
		for (const key of ['skillId', 'packId', 'title', 'ownerTab', 'error'] as const) {
			const value = readOptionalString(r, key, path);
			if (value !== undefined) run[key] = value;
		}
		lastIndex.set(id, run.lastStepIndex);
		return run;
	});

	const stepKeys = new Set<string>();
	const runSteps = readArray(file, 'runSteps', '').map((raw, i): RunStepRecord => {
		const path = join('runSteps', i);
		const s = readObject(raw, path);
		const runId = readId(s, 'runId', path);
		const last = lastIndex.get(runId);
		if (last === undefined)
			throw new WorkspaceFileError(join(path, 'runId'), `no run '${runId}' in this file`);
		const index = readInteger(s, 'index', path, 0);
		if (index > last)
			throw new WorkspaceFileError(
				join(path, 'index'),
				`step ${index} is after its run's last step (${last})`
			);
		requireUnique(stepKeys, `${runId}#${index}`, join(path, 'index'));
		if (!('record' in s)) throw new WorkspaceFileError(join(path, 'record'), 'missing');
		const step: RunStepRecord = {
			runId,
			index,
			createdAt: readNumber(s, 'createdAt', path, 0),
			record: s['record']
		};
		if (s['gate'] !== undefined) step.gate = s['gate'];
		if (s['rollouts'] !== undefined) step.rollouts = s['rollouts'];
		return step;
	});

	if (workspace.currentSkillId !== null && !skillIds.has(workspace.currentSkillId))
		throw new WorkspaceFileError(
			'workspace.currentSkillId',
			`no skill '${workspace.currentSkillId}' in this file`
		);
	if (workspace.currentPackId !== null && !packIds.has(workspace.currentPackId))
		throw new WorkspaceFileError(
			'workspace.currentPackId',
			`no pack '${workspace.currentPackId}' in this file`
		);

	return {
		sourceFormat: WORKSPACE_FORMAT_V1,
		exportedAt,
		workspace,
		skills,
		skillVersions,
		packs,
		runs,
		runSteps
	};
}

async function readPackSource(raw: unknown, path: string, hasher: Hasher): Promise<PackSource> {
	const s = readObject(raw, path);
	const kind = readOneOf(s, 'kind', path, ['built-in', 'imported'] as const);
	if (kind === 'built-in') {
		const source: PackSource = {
			kind,
			familyId: readId(s, 'familyId', path),
			difficulty: readInteger(s, 'difficulty', path, 0),
			seed: readInteger(s, 'seed', path, 0)
		};
		if (s['sizes'] !== undefined) {
			const sizes = readObject(s['sizes'], join(path, 'sizes'));
			source.sizes = {};
			for (const name of ['train', 'val', 'test'] as const) {
				if (sizes[name] !== undefined)
					source.sizes[name] = readInteger(sizes, name, join(path, 'sizes'), 0);
			}
		}
		if (s['edited'] !== undefined)
			source.edited = await readPack(s['edited'], join(path, 'edited'), hasher);
		return source;
	}
	const source: PackSource = {
		kind,
		pack: await readPack(s['pack'], join(path, 'pack'), hasher),
		containsCode: s['containsCode'] === true
	};
	const fileName = readOptionalString(s, 'fileName', path);
	if (fileName !== undefined) source.fileName = fileName;
	const url = readOptionalString(s, 'url', path);
	if (url !== undefined) source.url = url;
	return source;
}

/** A stored pack goes through the pack format's own parser, like any pack file. */
async function readPack(raw: unknown, path: string, hasher: Hasher): Promise<TaskPack> {
	const result = await parsePack(raw, hasher);
	if (result.ok) return result.pack;
	const first = result.errors[0];
	const where = first?.path === undefined || first.path === '' ? path : join(path, first.path);
	const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problems)` : '';
	throw new WorkspaceFileError(where, `${first?.message ?? 'invalid pack'}${more}`);
}
