/**
 * Skills and their saved versions.
 *
 * A skill's draft (`text`) is saved while the user types, debounced. A *version* is a deliberate
 * snapshot with a provenance (typed, proposed edit, slow update, ...): the skill's history. A new
 * version is only added when its text differs from the newest version's, compared by SHA-256, so
 * saving twice or accepting a no-op edit does not clutter the history.
 */
import { INDEXES, STORES } from './db.ts';
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import { RecordNotFoundError } from './errors.ts';
import { versionRange } from './keys.ts';
import type { SkillRecord, SkillVersionRecord, VersionProvenance } from './records.ts';
import { tx } from './tx.ts';

export interface CreateSkillInput {
	workspaceId: string;
	title: string;
	text: string;
	description?: string;
	/** The task pack the skill is trained on, when known. */
	packId?: string | null;
	/** When given, the text is also saved as the first version with this provenance. */
	provenance?: VersionProvenance;
}

/** Creates a skill (and, with `provenance`, its first version) in one transaction. */
export async function createSkill(
	db: SkillOptDb,
	input: CreateSkillInput,
	deps: RepoDeps = browserDeps
): Promise<SkillRecord> {
	const hash = input.provenance === undefined ? '' : await deps.hasher.sha256Hex(input.text);
	const now = deps.clock.now();
	const skill: SkillRecord = {
		id: deps.newId(),
		workspaceId: input.workspaceId,
		title: input.title,
		description: input.description ?? '',
		packId: input.packId ?? null,
		text: input.text,
		createdAt: now,
		updatedAt: now
	};
	await tx(db, [STORES.skills, STORES.skillVersions], 'readwrite', async (t) => {
		await t.objectStore(STORES.skills).add(skill);
		if (input.provenance !== undefined) {
			const version: SkillVersionRecord = {
				id: deps.newId(),
				skillId: skill.id,
				text: input.text,
				hash,
				createdAt: now,
				provenance: input.provenance
			};
			await t.objectStore(STORES.skillVersions).add(version);
		}
	});
	return skill;
}

export function getSkill(db: SkillOptDb, id: string): Promise<SkillRecord | undefined> {
	return db.get(STORES.skills, id);
}

/** The skills of a workspace, most recently updated first. */
export async function listSkills(db: SkillOptDb, workspaceId: string): Promise<SkillRecord[]> {
	const all = await db.getAllFromIndex(STORES.skills, INDEXES.byWorkspace, workspaceId);
	return all.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Renames a skill. */
export async function renameSkill(
	db: SkillOptDb,
	id: string,
	title: string,
	deps: RepoDeps = browserDeps
): Promise<SkillRecord> {
	return updateSkill(db, id, { title }, deps);
}

/** Renames a skill and sets (or, with '', clears) its description. */
export async function describeSkill(
	db: SkillOptDb,
	id: string,
	title: string,
	description: string,
	deps: RepoDeps = browserDeps
): Promise<SkillRecord> {
	return tx(db, [STORES.skills], 'readwrite', async (t) => {
		const store = t.objectStore(STORES.skills);
		const old = await store.get(id);
		if (old === undefined) throw new RecordNotFoundError('Skill', id);
		const next: SkillRecord = { ...old, title, description, updatedAt: deps.clock.now() };
		await store.put(next);
		return next;
	});
}

/** Ties a skill to the task pack it is trained and evaluated on (or, with null, to none). */
export async function setSkillPack(
	db: SkillOptDb,
	id: string,
	packId: string | null,
	deps: RepoDeps = browserDeps
): Promise<SkillRecord> {
	return updateSkill(db, id, { packId }, deps);
}

/**
 * Saves the current draft (what the debounced saver calls while the user types). Adds no
 * version.
 */
export async function saveDraft(
	db: SkillOptDb,
	id: string,
	text: string,
	deps: RepoDeps = browserDeps
): Promise<SkillRecord> {
	return updateSkill(db, id, { text }, deps);
}

async function updateSkill(
	db: SkillOptDb,
	id: string,
	changes: Partial<Pick<SkillRecord, 'title' | 'text' | 'packId'>>,
	deps: RepoDeps
): Promise<SkillRecord> {
	return tx(db, [STORES.skills], 'readwrite', async (t) => {
		const store = t.objectStore(STORES.skills);
		const old = await store.get(id);
		if (old === undefined) throw new RecordNotFoundError('Skill', id);
		const next: SkillRecord = { ...old, ...changes, updatedAt: deps.clock.now() };
		await store.put(next);
		return next;
	});
}

export interface VersionDetails {
	runId?: string;
	step?: number;
	note?: string;
}

export interface SaveVersionResult {
	/** The skill with its draft set to the saved text. */
	skill: SkillRecord;
	/** The newest version afterwards: the new one, or the existing one with the same text. */
	version: SkillVersionRecord;
	/** False when the text equalled the newest version's, so nothing was added. */
	added: boolean;
}

/**
 * Saves `text` as the skill's draft and, when it differs from the newest version, as a new
 * version with the given provenance, in one transaction.
 */
export async function saveVersion(
	db: SkillOptDb,
	skillId: string,
	text: string,
	provenance: VersionProvenance,
	details: VersionDetails = {},
	deps: RepoDeps = browserDeps
): Promise<SaveVersionResult> {
	// Hash before the transaction: awaiting WebCrypto inside it would let it auto-commit.
	const hash = await deps.hasher.sha256Hex(text);
	return tx(db, [STORES.skills, STORES.skillVersions], 'readwrite', async (t) => {
		const skills = t.objectStore(STORES.skills);
		const old = await skills.get(skillId);
		if (old === undefined) throw new RecordNotFoundError('Skill', skillId);
		const now = deps.clock.now();
		const skill: SkillRecord = { ...old, text, updatedAt: now };
		await skills.put(skill);
		const index = t.objectStore(STORES.skillVersions).index(INDEXES.bySkillCreated);
		const newest = await index.openCursor(versionRange(skillId), 'prev');
		if (newest !== null && newest.value.hash === hash)
			return { skill, version: newest.value, added: false };
		const version: SkillVersionRecord = {
			id: deps.newId(),
			skillId,
			text,
			hash,
			// Strictly after the newest, even if the clock stood still or went back.
			createdAt: newest === null ? now : Math.max(now, newest.value.createdAt + 1),
			provenance,
			...definedOnly(details)
		};
		await t.objectStore(STORES.skillVersions).add(version);
		return { skill, version, added: true };
	});
}

/** A skill's saved versions, newest first. */
export async function listVersions(db: SkillOptDb, skillId: string): Promise<SkillVersionRecord[]> {
	const oldestFirst = await db.getAllFromIndex(
		STORES.skillVersions,
		INDEXES.bySkillCreated,
		versionRange(skillId)
	);
	return oldestFirst.reverse();
}

export function getVersion(db: SkillOptDb, id: string): Promise<SkillVersionRecord | undefined> {
	return db.get(STORES.skillVersions, id);
}

/**
 * Makes an old version the current draft again. The history is left as it is (restoring adds
 * no version); the next `saveVersion` of different text will.
 */
export async function restoreVersion(
	db: SkillOptDb,
	skillId: string,
	versionId: string,
	deps: RepoDeps = browserDeps
): Promise<SkillRecord> {
	return tx(db, [STORES.skills, STORES.skillVersions], 'readwrite', async (t) => {
		const version = await t.objectStore(STORES.skillVersions).get(versionId);
		if (version === undefined || version.skillId !== skillId)
			throw new RecordNotFoundError('Skill version', versionId);
		const skills = t.objectStore(STORES.skills);
		const old = await skills.get(skillId);
		if (old === undefined) throw new RecordNotFoundError('Skill', skillId);
		const skill: SkillRecord = { ...old, text: version.text, updatedAt: deps.clock.now() };
		await skills.put(skill);
		return skill;
	});
}

/** Deletes a skill with all of its versions and evaluations. */
export async function deleteSkill(db: SkillOptDb, id: string): Promise<void> {
	const stores = [STORES.skills, STORES.skillVersions, STORES.evaluations] as const;
	await tx(db, stores, 'readwrite', async (t) => {
		const versions = t.objectStore(STORES.skillVersions);
		for (const key of await versions.index(INDEXES.bySkillCreated).getAllKeys(versionRange(id)))
			await versions.delete(key);
		const evaluations = t.objectStore(STORES.evaluations);
		for (const key of await evaluations.index(INDEXES.bySkill).getAllKeys(id))
			await evaluations.delete(key);
		await t.objectStore(STORES.skills).delete(id);
	});
}

/** Drops undefined fields so stored records carry only what was given. */
function definedOnly<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
