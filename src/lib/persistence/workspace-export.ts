/**
 * Writing the workspace file: one versioned JSON document holding a whole workspace (its skills
 * with every saved version, packs, runs with their steps), for backups and moving to another
 * browser; since v2 it also holds the workspace's evaluations. Reading one back (any version) is
 * `workspace-file.ts`, loaded only when a file is imported (it
 * carries the format's schemas and the pack parser). Global settings are never exported: a
 * remembered endpoint may carry an API key.
 */
import { DB_VERSION, INDEXES, STORES, type SkillOptDb } from './db.ts';
import { RecordNotFoundError } from './errors.ts';
import { stepRange, versionRange } from './keys.ts';
import type {
	EvaluationRecord,
	PackRecord,
	RunRecord,
	RunStepRecord,
	SkillRecord,
	SkillVersionRecord,
	WorkspaceRecord
} from './records.ts';
import { tx } from './tx.ts';
import { WORKSPACE_STORES } from './workspaces.ts';

/** NOTE: DO NOT CHANGE: the first layout (skills without a pack, no evaluations); read only. */
export const WORKSPACE_FORMAT_V1 = 'skillopt-playground.workspace.v1' as const;

/** NOTE: DO NOT CHANGE: written into every exported file; a new layout gets a new version. */
export const WORKSPACE_FORMAT_V2 = 'skillopt-playground.workspace.v2' as const;

/** The records of one workspace, as stored. What a restored file holds. */
export interface WorkspaceContents {
	workspace: WorkspaceRecord;
	skills: SkillRecord[];
	skillVersions: SkillVersionRecord[];
	packs: PackRecord[];
	runs: RunRecord[];
	runSteps: RunStepRecord[];
	evaluations: EvaluationRecord[];
}

/** The exported document, version 2. */
export interface WorkspaceFileV2 extends WorkspaceContents {
	format: typeof WORKSPACE_FORMAT_V2;
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

/** Reads a whole workspace in one read transaction (a consistent picture) as a v2 document. */
export async function exportWorkspace(
	db: SkillOptDb,
	workspaceId: string,
	options: ExportOptions = {}
): Promise<WorkspaceFileV2> {
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
		const evaluations = await t
			.objectStore(STORES.evaluations)
			.index(INDEXES.byWorkspace)
			.getAll(workspaceId);
		return { workspace, skills, skillVersions, packs, runs, runSteps, evaluations };
	});
	const now = options.clock?.now() ?? Date.now();
	return {
		format: WORKSPACE_FORMAT_V2,
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
