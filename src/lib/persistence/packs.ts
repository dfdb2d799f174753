/**
 * Task packs of a workspace: built-in ones are stored as their settings (family, difficulty,
 * seed) and regenerated on load; imported ones are stored whole, with where they came from.
 */
import type { TaskPack } from '../../core/packs/types.ts';
import { INDEXES, STORES } from './db.ts';
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import { RecordNotFoundError } from './errors.ts';
import type { PackRecord, PackSource } from './records.ts';
import { tx } from './tx.ts';

/** Stores a pack for a workspace; returns its record (with a new id). */
export async function savePack(
	db: SkillOptDb,
	workspaceId: string,
	title: string,
	source: PackSource,
	deps: RepoDeps = browserDeps
): Promise<PackRecord> {
	const now = deps.clock.now();
	const record: PackRecord = {
		id: deps.newId(),
		workspaceId,
		title,
		createdAt: now,
		updatedAt: now,
		source
	};
	await tx(db, [STORES.packs], 'readwrite', (t) => t.objectStore(STORES.packs).add(record));
	return record;
}

/** Replaces a pack's source (e.g. after the user edited items) and/or title. */
export async function updatePack(
	db: SkillOptDb,
	id: string,
	changes: { title?: string; source?: PackSource },
	deps: RepoDeps = browserDeps
): Promise<PackRecord> {
	return tx(db, [STORES.packs], 'readwrite', async (t) => {
		const store = t.objectStore(STORES.packs);
		const old = await store.get(id);
		if (old === undefined) throw new RecordNotFoundError('Pack', id);
		const next: PackRecord = { ...old, ...changes, updatedAt: deps.clock.now() };
		await store.put(next);
		return next;
	});
}

export function getPack(db: SkillOptDb, id: string): Promise<PackRecord | undefined> {
	return db.get(STORES.packs, id);
}

/** The packs of a workspace, most recently updated first. */
export async function listPacks(db: SkillOptDb, workspaceId: string): Promise<PackRecord[]> {
	const all = await db.getAllFromIndex(STORES.packs, INDEXES.byWorkspace, workspaceId);
	return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function deletePack(db: SkillOptDb, id: string): Promise<void> {
	await tx(db, [STORES.packs], 'readwrite', (t) => t.objectStore(STORES.packs).delete(id));
}

/** The stored pack itself, when the record holds one (imported, or built-in after edits). */
export function storedPack(source: PackSource): TaskPack | undefined {
	return source.kind === 'imported' ? source.pack : source.edited;
}

/**
 * What makes two stored packs the same pack: a built-in family with the same settings, or the
 * same imported pack (its id and file). Edited items do not change it.
 */
export function packIdentity(source: PackSource): string {
	if (source.kind === 'imported') return `imported:${source.pack.id}:${source.fileName ?? ''}`;
	const sizes = source.sizes ?? {};
	const shown = (['train', 'val', 'test'] as const).map((name) => sizes[name] ?? '').join('/');
	return `built-in:${source.familyId}:${source.difficulty}:${source.seed}:${shown}`;
}

/** The workspace's stored pack with the same identity as `source`, or a new one saved for it. */
export async function findOrSavePack(
	db: SkillOptDb,
	workspaceId: string,
	title: string,
	source: PackSource,
	deps: RepoDeps = browserDeps
): Promise<PackRecord> {
	const key = packIdentity(source);
	const same = (await listPacks(db, workspaceId)).find((r) => packIdentity(r.source) === key);
	return same ?? savePack(db, workspaceId, title, source, deps);
}
