/**
 * Reading the workspace file back (writing it is `workspace-export.ts`).
 *
 * Follows STYLE rule 11: `restoreWorkspaceFile` takes anything (`unknown`, or the file's text),
 * dispatches on `format`, migrates older formats to the current one, validates every record
 * against the format's schema (`core/schemas/workspace-file.ts`, which names the offending
 * path), reads the packs it holds through the pack format's own parser, recomputes derived data
 * and fills defaults. Only its result may be given to `importWorkspace` (`workspace-import.ts`).
 * The app loads this module only when a file is imported.
 */
import { parsePack } from '../../core/packs/format.ts';
import { PACK_FORMAT_V1, type TaskPack } from '../../core/packs/types.ts';
import type { Hasher } from '../../core/ports.ts';
import {
	checkWorkspaceFile,
	EVALUATION_ARMS as FILE_ARMS,
	EVALUATION_STATUSES as FILE_EVALUATION_STATUSES,
	RUN_STATUSES as FILE_RUN_STATUSES,
	VERSION_PROVENANCES as FILE_PROVENANCES,
	WORKSPACE_FORMAT_V1 as CORE_FORMAT_V1,
	WORKSPACE_FORMAT_V2 as CORE_FORMAT_V2,
	type WorkspaceFileShape
} from '../../core/schemas/workspace-file.ts';
import { WorkspaceFileError } from './errors.ts';
import type {
	EvaluationArm,
	EvaluationRecord,
	EvaluationStatus,
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
import {
	WORKSPACE_FORMAT_V1,
	WORKSPACE_FORMAT_V2,
	type RestoredWorkspace
} from './workspace-export.ts';
import { errorMessage } from '../../core/errors.ts';

export {
	exportWorkspace,
	exportWorkspaceJson,
	WORKSPACE_FORMAT_V1,
	WORKSPACE_FORMAT_V2,
	workspaceFileName,
	type ExportOptions,
	type RestoredWorkspace,
	type WorkspaceContents,
	type WorkspaceFileV2
} from './workspace-export.ts';

// The schema's formats and the writer's are the same strings; its lists are the records' own.
const sameFormat: typeof WORKSPACE_FORMAT_V1 = CORE_FORMAT_V1;
const sameFormatV2: typeof WORKSPACE_FORMAT_V2 = CORE_FORMAT_V2;
void sameFormat;
void sameFormatV2;

const sameStatuses: readonly RunStatus[] = FILE_RUN_STATUSES;
const sameProvenances: readonly VersionProvenance[] = FILE_PROVENANCES;
const sameArms: readonly EvaluationArm[] = FILE_ARMS;
const sameEvaluationStatuses: readonly EvaluationStatus[] = FILE_EVALUATION_STATUSES;
void sameStatuses;
void sameProvenances;
void sameArms;
void sameEvaluationStatuses;

const FORMAT_PREFIX = 'skillopt-playground.workspace.';

type FormatReader = (file: Record<string, unknown>, hasher: Hasher) => Promise<RestoredWorkspace>;

/**
 * Readers by format. Each turns its format into the current records; an older format is read
 * by migrating it to the next one (the core schema migrates v1 to v2: `migrateWorkspaceFileV1`).
 * To support another layout, add its format string here and commit a fixture of it under
 * `test/fixtures/workspace/` with a test.
 */
const READERS: Record<string, FormatReader> = {
	[WORKSPACE_FORMAT_V1]: (file, hasher) => readChecked(file, hasher, WORKSPACE_FORMAT_V1),
	[WORKSPACE_FORMAT_V2]: (file, hasher) => readChecked(file, hasher, WORKSPACE_FORMAT_V2)
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
				`'${format}' was written by a newer version of the app; this one reads ${WORKSPACE_FORMAT_V2} and older.`
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
			? `missing: not a SkillOpt Playground workspace file (expected "format": "${WORKSPACE_FORMAT_V2}").`
			: `${describe(format)} is not a SkillOpt Playground workspace format.`
	);
}

async function readChecked(
	value: Record<string, unknown>,
	hasher: Hasher,
	sourceFormat: string
): Promise<RestoredWorkspace> {
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
	const evaluations = file.evaluations.map((e): EvaluationRecord =>
		withoutUndefined({
			...e,
			updatedAt: e.updatedAt ?? e.createdAt,
			engine: withoutUndefined(e.engine),
			// Nobody drives it here: its results are partial.
			status: e.status === 'running' ? 'stopped' : e.status
		})
	);
	return {
		sourceFormat,
		exportedAt: file.exportedAt,
		workspace,
		skills,
		skillVersions,
		packs,
		runs,
		runSteps,
		evaluations
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
