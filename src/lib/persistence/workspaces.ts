/**
 * Workspaces: the top-level container of skills, packs and runs. Deleting one removes all of
 * its records in a single transaction.
 */
import { INDEXES, STORES } from './db.ts';
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import { RecordNotFoundError } from './errors.ts';
import { stepRange, versionRange } from './keys.ts';
import type { WorkspaceRecord } from './records.ts';
import { tx, type Tx } from './tx.ts';

/** Creates an empty workspace. */
export async function createWorkspace(
	db: SkillOptDb,
	name: string,
	deps: RepoDeps = browserDeps
): Promise<WorkspaceRecord> {
	const now = deps.clock.now();
	const record: WorkspaceRecord = {
		id: deps.newId(),
		name,
		createdAt: now,
		updatedAt: now,
		currentSkillId: null,
		currentPackId: null
	};
	await tx(db, [STORES.workspaces], 'readwrite', (t) =>
		t.objectStore(STORES.workspaces).add(record)
	);
	return record;
}

export function getWorkspace(db: SkillOptDb, id: string): Promise<WorkspaceRecord | undefined> {
	return db.get(STORES.workspaces, id);
}

/** All workspaces, most recently updated first. */
export async function listWorkspaces(db: SkillOptDb): Promise<WorkspaceRecord[]> {
	const all = await db.getAll(STORES.workspaces);
	return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Changes the name and/or the current skill and pack; returns the updated record. */
export async function updateWorkspace(
	db: SkillOptDb,
	id: string,
	changes: Partial<Pick<WorkspaceRecord, 'name' | 'currentSkillId' | 'currentPackId'>>,
	deps: RepoDeps = browserDeps
): Promise<WorkspaceRecord> {
	return tx(db, [STORES.workspaces], 'readwrite', async (t) => {
		const store = t.objectStore(STORES.workspaces);
		const old = await store.get(id);
		if (old === undefined) throw new RecordNotFoundError('Workspace', id);
		const next: WorkspaceRecord = { ...old, ...changes, updatedAt: deps.clock.now() };
		await store.put(next);
		return next;
	});
}

/** Deletes a workspace and everything in it (skills, versions, packs, runs, steps, evaluations). */
export async function deleteWorkspace(db: SkillOptDb, id: string): Promise<void> {
	await tx(db, WORKSPACE_STORES, 'readwrite', (t) => deleteWorkspaceIn(t, id));
}

/** The stores a workspace's records live in. */
export const WORKSPACE_STORES = [
	STORES.workspaces,
	STORES.skills,
	STORES.skillVersions,
	STORES.packs,
	STORES.runs,
	STORES.runSteps,
	STORES.evaluations
] as const satisfies readonly string[];

type WorkspaceTx = Tx<typeof WORKSPACE_STORES, 'readwrite'>;

/** Deletes a workspace's records inside a caller's transaction (used by import's replace). */
export async function deleteWorkspaceIn(t: WorkspaceTx, id: string): Promise<void> {
	const skillIds = await t.objectStore(STORES.skills).index(INDEXES.byWorkspace).getAllKeys(id);
	for (const skillId of skillIds) {
		const versions = t.objectStore(STORES.skillVersions);
		for (const key of await versions
			.index(INDEXES.bySkillCreated)
			.getAllKeys(versionRange(skillId)))
			await versions.delete(key);
		await t.objectStore(STORES.skills).delete(skillId);
	}
	for (const packId of await t.objectStore(STORES.packs).index(INDEXES.byWorkspace).getAllKeys(id))
		await t.objectStore(STORES.packs).delete(packId);
	for (const runId of await t.objectStore(STORES.runs).index(INDEXES.byWorkspace).getAllKeys(id)) {
		await t.objectStore(STORES.runSteps).delete(stepRange(runId));
		await t.objectStore(STORES.runs).delete(runId);
	}
	const evaluations = t.objectStore(STORES.evaluations);
	for (const key of await evaluations.index(INDEXES.byWorkspace).getAllKeys(id))
		await evaluations.delete(key);
	await t.objectStore(STORES.workspaces).delete(id);
}
