/**
 * Writes a restored workspace file into the database, in one transaction: either the whole
 * workspace lands, or (corrupt record, id clash, quota) nothing changes at all.
 *
 * Two modes:
 * - `replace`: the file's workspace replaces the local one with the same id (and everything in
 *   it); ids are kept, so this is the "restore my backup" choice.
 * - `merge-as-new`: everything gets fresh ids and lands next to the existing workspaces; ids
 *   referenced between records (current skill and pack, version → skill, step → run,
 *   version → run, run → skill/pack, skill → pack, evaluation → skill/pack, and a rerun's
 *   config → the run it reruns) are remapped. Ids inside snapshots are the loop's business and
 *   are left as they are.
 *
 * Runs that were 'running' when exported are imported as 'paused' (no tab drives them here).
 */
import { STORES, type SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import { WorkspaceFileError } from './errors.ts';
import type { RunRecord, WorkspaceRecord } from './records.ts';
import { tx, type Tx } from './tx.ts';
import type { RestoredWorkspace, WorkspaceContents } from './workspace-export.ts';
import { deleteWorkspaceIn, WORKSPACE_STORES } from './workspaces.ts';

export type ImportMode = 'replace' | 'merge-as-new';

export interface ImportOptions {
	mode: ImportMode;
	deps?: RepoDeps;
}

/**
 * Imports a workspace that `restoreWorkspaceFile` accepted.
 *
 * @returns The imported workspace's record (with its new id in `merge-as-new` mode).
 * @throws WorkspaceFileError when, in `replace` mode, a record's id already belongs to another
 *   local workspace; StorageFullError when the quota is reached. Nothing is written in either case.
 */
export async function importWorkspace(
	db: SkillOptDb,
	restored: RestoredWorkspace,
	options: ImportOptions
): Promise<WorkspaceRecord> {
	const deps = options.deps ?? browserDeps;
	return tx(db, WORKSPACE_STORES, 'readwrite', async (t) => {
		let contents: WorkspaceContents = restored;
		if (options.mode === 'replace') {
			await deleteWorkspaceIn(t, restored.workspace.id);
		} else {
			const names = new Set((await t.objectStore(STORES.workspaces).getAll()).map((w) => w.name));
			contents = withNewIds(restored, deps.newId);
			if (names.has(contents.workspace.name))
				contents.workspace.name = `${contents.workspace.name} (imported)`;
		}
		const workspace: WorkspaceRecord = { ...contents.workspace, updatedAt: deps.clock.now() };
		await writeAll(t, { ...contents, workspace });
		return workspace;
	});
}

async function writeAll(
	t: Tx<typeof WORKSPACE_STORES, 'readwrite'>,
	c: WorkspaceContents
): Promise<void> {
	// `add`, not `put`: an id that another workspace already uses must fail, not be stolen.
	const add = async <R>(
		what: string,
		records: R[],
		write: (r: R) => Promise<unknown>,
		idOf: (r: R) => string
	): Promise<void> => {
		for (const [i, record] of records.entries()) {
			try {
				await write(record);
			} catch (err) {
				if (err instanceof DOMException && err.name === 'ConstraintError')
					throw new WorkspaceFileError(
						`${what}[${i}].id`,
						`'${idOf(record)}' already exists in another workspace here: import the file as a new workspace instead.`
					);
				throw err;
			}
		}
	};
	await t.objectStore(STORES.workspaces).add(c.workspace);
	await add(
		'skills',
		c.skills,
		(r) => t.objectStore(STORES.skills).add(r),
		(r) => r.id
	);
	await add(
		'skillVersions',
		c.skillVersions,
		(r) => t.objectStore(STORES.skillVersions).add(r),
		(r) => r.id
	);
	await add(
		'packs',
		c.packs,
		(r) => t.objectStore(STORES.packs).add(r),
		(r) => r.id
	);
	await add(
		'runs',
		c.runs.map(pauseIfRunning),
		(r) => t.objectStore(STORES.runs).add(r),
		(r) => r.id
	);
	await add(
		'runSteps',
		c.runSteps,
		(r) => t.objectStore(STORES.runSteps).add(r),
		(r) => `${r.runId} #${r.index}`
	);
	await add(
		'evaluations',
		c.evaluations,
		(r) => t.objectStore(STORES.evaluations).add(r),
		(r) => r.id
	);
}

function pauseIfRunning(run: RunRecord): RunRecord {
	if (run.status !== 'running' && run.ownerTab === undefined) return run;
	const { ownerTab: _ownerTab, ...rest } = run;
	return { ...rest, status: run.status === 'running' ? 'paused' : run.status };
}

/** A copy of the contents with fresh ids everywhere and every reference remapped. */
function withNewIds(c: WorkspaceContents, newId: () => string): WorkspaceContents {
	const map = new Map<string, string>();
	const fresh = (old: string): string => {
		const id = newId();
		map.set(old, id);
		return id;
	};
	const remap = (old: string): string => map.get(old) ?? old;
	const workspaceId = fresh(c.workspace.id);
	const packs = c.packs.map((p) => ({ ...p, id: fresh(p.id), workspaceId }));
	const skills = c.skills.map((s) => ({
		...s,
		id: fresh(s.id),
		workspaceId,
		packId: s.packId === null ? null : remap(s.packId)
	}));
	const evaluations = c.evaluations.map((e) => ({
		...e,
		id: newId(),
		workspaceId,
		skillId: remap(e.skillId),
		packId: remap(e.packId)
	}));
	// Every run's id first: a rerun may come before the run it reruns.
	const runIds = c.runs.map((r) => fresh(r.id));
	const runs = c.runs.map((r, i): RunRecord => {
		const run: RunRecord = {
			...r,
			id: runIds[i] ?? newId(),
			workspaceId,
			config: withVariantRemapped(r.config, remap)
		};
		if (r.skillId !== undefined) run.skillId = remap(r.skillId);
		if (r.packId !== undefined) run.packId = remap(r.packId);
		return run;
	});
	const skillVersions = c.skillVersions.map((v) => {
		const version = { ...v, id: newId(), skillId: remap(v.skillId) };
		if (v.runId !== undefined) version.runId = remap(v.runId);
		return version;
	});
	const runSteps = c.runSteps.map((s) => ({ ...s, runId: remap(s.runId) }));
	const workspace: WorkspaceRecord = {
		...c.workspace,
		id: workspaceId,
		currentSkillId: c.workspace.currentSkillId === null ? null : remap(c.workspace.currentSkillId),
		currentPackId: c.workspace.currentPackId === null ? null : remap(c.workspace.currentPackId)
	};
	return { workspace, skills, skillVersions, packs, runs, runSteps, evaluations };
}

/**
 * A run config whose rerun mark (`variant.of`, see `run-view/variants.ts`) names the run's new
 * id; any other config is returned as it is.
 */
function withVariantRemapped(config: unknown, remap: (old: string) => string): unknown {
	if (typeof config !== 'object' || config === null || !('variant' in config)) return config;
	const variant = config.variant;
	if (typeof variant !== 'object' || variant === null || !('of' in variant)) return config;
	const of = variant.of;
	return typeof of === 'string' ? { ...config, variant: { ...variant, of: remap(of) } } : config;
}
