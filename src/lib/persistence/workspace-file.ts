/**
 * The workspace file: one versioned JSON document holding a whole workspace (its skills with
 * every saved version, packs, runs with their steps), for backups and moving to another browser.
 *
 * Reading one back follows STYLE rule 11: `restoreWorkspaceFile` takes anything (`unknown`, or
 * the file's text), dispatches on `format`, migrates older formats to the current one, validates
 * every record against the format's schema (`core/schemas/workspace-file.ts`, which names the
 * offending path), reads the packs it holds through the pack format's own parser, recomputes
 * derived data and fills defaults. Only its result may be given to `importWorkspace`
 * (`workspace-import.ts`). Global settings are never exported: a remembered endpoint may carry
 * an API key.
 */
import { parsePack } from '../../core/packs/format.ts';
import { PACK_FORMAT_V1, type TaskPack } from '../../core/packs/types.ts';
import type { Hasher } from '../../core/ports.ts';
import {
	checkWorkspaceFile,
	RUN_STATUSES as FILE_RUN_STATUSES,
	VERSION_PROVENANCES as FILE_PROVENANCES,
	WORKSPACE_FORMAT_V1 as CORE_FORMAT_V1,
	type WorkspaceFileShape
} from '../../core/schemas/workspace-file.ts';
import { DB_VERSION, INDEXES, STORES, type SkillOptDb } from './db.ts';
import { RecordNotFoundError, WorkspaceFileError } from './errors.ts';
import { stepRange, versionRange } from './keys.ts';
import type {
	PackRecord,
	PackSource,
	RunRecord,
	RunStatus,
	RunStepRecord,
	SkillRecord,
	SkillVersionRecord,
	VersionProvenance,
	WorkspaceRecord
} from './records.ts';
import { tx } from './tx.ts';
import { WORKSPACE_STORES } from './workspaces.ts';
import { errorMessage } from '../../core/errors.ts';

/** NOTE: DO NOT CHANGE: written into every exported file; a new layout gets a new version. */
export const WORKSPACE_FORMAT_V1: typeof CORE_FORMAT_V1 = CORE_FORMAT_V1;

// The file's lists of allowed values are the stored records' own.
const sameStatuses: readonly RunStatus[] = FILE_RUN_STATUSES;
const sameProvenances: readonly VersionProvenance[] = FILE_PROVENANCES;
void sameStatuses;
void sameProvenances;

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

type FormatReader = (file: Record<string, unknown>, hasher: Hasher) => Promise<RestoredWorkspace>;

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
	const file = value as Record<string, unknown>;
	const format = Object.hasOwn(file, 'format') ? file['format'] : undefined;
	if (typeof format === 'string') {
		const reader = Object.hasOwn(READERS, format) ? READERS[format] : undefined;
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
			: `${describe(format)} is not a SkillOpt Playground workspace format.`
	);
}

async function readV1(value: Record<string, unknown>, hasher: Hasher): Promise<RestoredWorkspace> {
	const checked = checkWorkspaceFile(value);
	if (!checked.ok) {
		const [first] = checked.problems;
		const more =
			checked.problems.length > 1 ? ` (and ${checked.problems.length - 1} more problems)` : '';
		throw new WorkspaceFileError(first?.path ?? '', `${first?.problem ?? 'invalid file'}${more}`);
	}
	const file: WorkspaceFileShape = checked.file;
	const workspace: WorkspaceRecord = file.workspace;
	const skills = file.skills.map((s): SkillRecord => ({
		...s,
		updatedAt: s.updatedAt ?? s.createdAt
	}));
	const skillVersions: SkillVersionRecord[] = [];
	for (const { hash: _untrusted, ...v } of file.skillVersions)
		skillVersions.push(withoutUndefined({ ...v, hash: await hasher.sha256Hex(v.text) }));
	const packs: PackRecord[] = [];
	for (const [i, p] of file.packs.entries())
		packs.push({
			...p,
			updatedAt: p.updatedAt ?? p.createdAt,
			source: await readPackSource(p.source, `packs[${i}].source`, hasher)
		});
	const runs = file.runs.map((r): RunRecord =>
		withoutUndefined({
			...r,
			updatedAt: r.updatedAt ?? r.createdAt,
			snapshot: r.snapshot ?? null,
			summary: r.summary ?? null
		})
	);
	const runSteps = file.runSteps.map((s): RunStepRecord => withoutUndefined(s));
	return {
		sourceFormat: WORKSPACE_FORMAT_V1,
		exportedAt: file.exportedAt,
		workspace,
		skills,
		skillVersions,
		packs,
		runs,
		runSteps
	};
}

/** Optional fields the file left out stay absent (records are compared field by field). */
function withoutUndefined<T extends object>(record: T): T {
	return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

async function readPackSource(
	source: WorkspaceFileShape['packs'][number]['source'],
	path: string,
	hasher: Hasher
): Promise<PackSource> {
	if (source.kind === 'built-in') {
		const { edited, sizes, ...rest } = source;
		const out: PackSource = { ...rest };
		if (sizes !== undefined) out.sizes = withoutUndefined(sizes);
		if (edited !== undefined) out.edited = await readPack(edited, `${path}.edited`, hasher);
		return out;
	}
	return withoutUndefined({
		...source,
		pack: await readPack(source.pack, `${path}.pack`, hasher)
	});
}

/** A stored pack goes through the pack format's own parser, like any pack file. */
async function readPack(raw: unknown, path: string, hasher: Hasher): Promise<TaskPack> {
	const result = await parsePack(raw, hasher);
	if (result.ok) return result.pack;
	const first = result.errors[0];
	const where =
		first?.path === undefined || first.path === ''
			? path
			: first.path.startsWith('[')
				? `${path}${first.path}`
				: `${path}.${first.path}`;
	const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problems)` : '';
	throw new WorkspaceFileError(where, `${first?.message ?? 'invalid pack'}${more}`);
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A value for a message, short and never throwing. */
function describe(value: unknown): string {
	try {
		const text = JSON.stringify(value) ?? kindOf(value);
		return text.length > 80 ? `${text.slice(0, 80)}…` : text;
	} catch {
		return kindOf(value);
	}
}
