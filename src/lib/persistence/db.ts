/**
 * The IndexedDB schema and the one place that opens the database.
 *
 * Persistence has three layers (STYLE rule 10): this file (schema and migrations), the
 * repositories next to it (`workspaces.ts`, `skills.ts`, `packs.ts`, `runs.ts`, `settings.ts`),
 * and debounced saves in the state classes above them. Only this folder writes to IndexedDB.
 *
 * Migrations: `upgrade` is a list of `if (oldVersion < N)` steps, so a database of any released
 * version walks up to `DB_VERSION` one step at a time. Every schema change bumps `DB_VERSION`,
 * adds a step, and commits a dump of the old version under `test/fixtures/db/` whose test proves
 * it opens in the new one.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { wrap } from 'idb';
import { migratedPackId } from '../../core/skill/pack-link.ts';
import { DatabaseBlockedError, DatabaseVersionError } from './errors.ts';
import type {
	EvaluationRecord,
	PackRecord,
	RunRecord,
	RunStatus,
	RunStepRecord,
	SettingRecord,
	SkillRecord,
	SkillVersionRecord,
	WorkspaceRecord
} from './records.ts';

/** NOTE: DO NOT CHANGE: the database every installed copy of the app already has. */
export const DB_NAME = 'skillopt-playground';

/** The current schema version. Bump it only together with a new step in `upgrade`. */
export const DB_VERSION = 2;

/** Store names. NOTE: DO NOT CHANGE WITHOUT A MIGRATION: they name data on users' disks. */
export const STORES = {
	workspaces: 'workspaces',
	skills: 'skills',
	skillVersions: 'skillVersions',
	packs: 'packs',
	runs: 'runs',
	runSteps: 'runSteps',
	settings: 'settings',
	evaluations: 'evaluations'
} as const;

/** Index names. NOTE: DO NOT CHANGE WITHOUT A MIGRATION. */
export const INDEXES = {
	byWorkspace: 'by-workspace',
	bySkillCreated: 'by-skill-created',
	byStatus: 'by-status',
	bySkill: 'by-skill'
} as const;

/**
 * The score cache lives inside the run snapshot, not in a store of its own: the core hands it
 * over as part of the snapshot (`ScoreCache.toData()`), it is small (hash → two numbers), and
 * keeping it there means it always matches the step it was saved with, which a separate store
 * written in a separate request could not promise after a crash.
 */
export interface SkillOptSchema extends DBSchema {
	workspaces: { key: string; value: WorkspaceRecord };
	skills: { key: string; value: SkillRecord; indexes: { 'by-workspace': string } };
	skillVersions: {
		key: string;
		value: SkillVersionRecord;
		indexes: { 'by-skill-created': [string, number] };
	};
	packs: { key: string; value: PackRecord; indexes: { 'by-workspace': string } };
	runs: {
		key: string;
		value: RunRecord;
		indexes: { 'by-workspace': string; 'by-status': RunStatus };
	};
	runSteps: { key: [string, number]; value: RunStepRecord };
	settings: { key: string; value: SettingRecord };
	evaluations: {
		key: string;
		value: EvaluationRecord;
		indexes: { 'by-workspace': string; 'by-skill': string };
	};
}

export type StoreName = StoreNames<SkillOptSchema>;
export type SkillOptDb = IDBPDatabase<SkillOptSchema>;

/** Every store, for transactions that must see the whole database. */
export const ALL_STORES: StoreName[] = Object.values(STORES);

// Compile-time check that the constants name exactly the schema's stores.
const _storeNamesMatch: Record<StoreName, true> = {
	[STORES.workspaces]: true,
	[STORES.skills]: true,
	[STORES.skillVersions]: true,
	[STORES.packs]: true,
	[STORES.runs]: true,
	[STORES.runSteps]: true,
	[STORES.settings]: true,
	[STORES.evaluations]: true
};
void _storeNamesMatch;

/**
 * Walks a database from `oldVersion` up to the version being opened. Each step runs once, in
 * order, inside the version-change transaction; a failure aborts the whole upgrade.
 */
export function upgrade(
	db: IDBPDatabase<SkillOptSchema>,
	oldVersion: number,
	_newVersion: number | null,
	tx: IDBPTransaction<SkillOptSchema, StoreName[], 'versionchange'>
): void {
	if (oldVersion < 1) {
		db.createObjectStore(STORES.workspaces, { keyPath: 'id' });
		const skills = db.createObjectStore(STORES.skills, { keyPath: 'id' });
		skills.createIndex(INDEXES.byWorkspace, 'workspaceId');
		const versions = db.createObjectStore(STORES.skillVersions, { keyPath: 'id' });
		versions.createIndex(INDEXES.bySkillCreated, ['skillId', 'createdAt']);
		const packs = db.createObjectStore(STORES.packs, { keyPath: 'id' });
		packs.createIndex(INDEXES.byWorkspace, 'workspaceId');
		const runs = db.createObjectStore(STORES.runs, { keyPath: 'id' });
		runs.createIndex(INDEXES.byWorkspace, 'workspaceId');
		runs.createIndex(INDEXES.byStatus, 'status');
		db.createObjectStore(STORES.runSteps, { keyPath: ['runId', 'index'] });
		db.createObjectStore(STORES.settings, { keyPath: 'key' });
	}
	if (oldVersion < 2) {
		const evaluations = db.createObjectStore(STORES.evaluations, { keyPath: 'id' });
		evaluations.createIndex(INDEXES.byWorkspace, 'workspaceId');
		evaluations.createIndex(INDEXES.bySkill, 'skillId');
		// Only requests on the version-change transaction keep it open: no other awaits here.
		// A failure aborts the transaction, and with it the whole upgrade.
		void migrateSkillsToV2(tx).catch(() => {
			try {
				tx.abort();
			} catch {
				// Already aborted (the failing request did it): the upgrade is undone either way.
			}
		});
	}
	// Next: `if (oldVersion < 3) { ... }` — and commit `test/fixtures/db/v2.json` first.
}

async function migrateSkillsToV2(
	tx: IDBPTransaction<SkillOptSchema, StoreName[], 'versionchange'>
): Promise<void> {
	// v1 records are read as the v1 shape: `packId` absent, `description` maybe absent.
	const workspaces = new Map(
		(await tx.objectStore(STORES.workspaces).getAll()).map((w) => [w.id, w.currentPackId])
	);
	const runs = await tx.objectStore(STORES.runs).getAll();
	const packIds = new Set(await tx.objectStore(STORES.packs).getAllKeys());
	const skills = tx.objectStore(STORES.skills);
	let cursor = await skills.openCursor();
	while (cursor !== null) {
		const old = cursor.value as Omit<SkillRecord, 'packId' | 'description'> & {
			description?: string;
			packId?: string | null;
		};
		const next: SkillRecord = {
			...old,
			description: old.description ?? '',
			packId:
				old.packId ??
				migratedPackId(
					old,
					runs.filter((r) => r.workspaceId === old.workspaceId),
					workspaces.get(old.workspaceId) ?? null,
					packIds
				)
		};
		await cursor.update(next);
		cursor = await cursor.continue();
	}
}

export interface OpenOptions {
	/**
	 * Another tab (a newer app version) wants to upgrade the database. The connection is closed
	 * first so that tab is not blocked; tell the user to reload this one.
	 */
	onVersionChange?: () => void;
	/** The browser closed the connection abnormally (storage cleared, disk error). */
	onTerminated?: () => void;
	/** For migration tests only: open at an older (or a test-only newer) version. */
	version?: number;
}

/**
 * Opens (creating or upgrading) the app's database.
 *
 * @param factory The IndexedDB factory; tests pass a fresh `fake-indexeddb` `IDBFactory` each.
 * @param name The database name; defaults to `DB_NAME`.
 * @throws DatabaseBlockedError when another tab keeps an older connection open during an upgrade.
 * @throws DatabaseVersionError when the database on disk is newer than this app.
 * @example
 * const db = await openSkillOptDb();
 * const list = await listWorkspaces(db);
 */
export function openSkillOptDb(
	factory: IDBFactory = indexedDB,
	name: string = DB_NAME,
	options: OpenOptions = {}
): Promise<SkillOptDb> {
	const version = options.version ?? DB_VERSION;
	return new Promise((resolve, reject) => {
		let settled = false;
		// Same wiring as idb's openDB, which always uses the global indexedDB.
		const request = factory.open(name, version);
		request.addEventListener('upgradeneeded', (event) => {
			const db = wrap(request.result) as IDBPDatabase<SkillOptSchema>;
			const tx = request.transaction;
			if (tx === null) return;
			// idb's own openDB casts the same way: `wrap` cannot know the schema or the mode.
			const upgradeTx = wrap(tx) as unknown as IDBPTransaction<
				SkillOptSchema,
				StoreName[],
				'versionchange'
			>;
			upgrade(db, event.oldVersion, event.newVersion, upgradeTx);
		});
		request.addEventListener('blocked', () => {
			if (settled) return;
			settled = true;
			reject(new DatabaseBlockedError());
		});
		request.addEventListener('error', (event) => {
			// Handled here; keep it from surfacing as an uncaught error on the factory.
			event.preventDefault();
			if (settled) return;
			settled = true;
			const error = request.error;
			reject(error?.name === 'VersionError' ? new DatabaseVersionError({ cause: error }) : error);
		});
		request.addEventListener('success', () => {
			const raw = request.result;
			if (settled) {
				// The blocked open went through after we gave up on it: nobody holds this one.
				raw.close();
				return;
			}
			settled = true;
			raw.addEventListener('versionchange', () => {
				raw.close();
				options.onVersionChange?.();
			});
			raw.addEventListener('close', () => options.onTerminated?.());
			resolve(wrap(raw) as IDBPDatabase<SkillOptSchema>);
		});
	});
}
