import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
	ALL_STORES,
	DB_VERSION,
	INDEXES,
	openSkillOptDb,
	STORES
} from '../../../src/lib/persistence/db.ts';
import { getPack, listPacks } from '../../../src/lib/persistence/packs.ts';
import {
	appendStep,
	findResumable,
	getLatestSnapshot,
	listRuns,
	listSteps
} from '../../../src/lib/persistence/runs.ts';
import { asString, getSetting } from '../../../src/lib/persistence/settings.ts';
import {
	getSkill,
	listSkills,
	listVersions,
	saveVersion
} from '../../../src/lib/persistence/skills.ts';
import { getWorkspace, listWorkspaces } from '../../../src/lib/persistence/workspaces.ts';
import { createEvaluation, listEvaluations } from '../../../src/lib/persistence/evaluations.ts';
import { loadDump, type DbDump } from './support/db-dump.ts';
import { testDeps } from './support/fresh-db.ts';
import { TINY_PACK } from './support/sample-workspace.ts';

async function loadFixture(version: number): Promise<DbDump> {
	const url = new URL(`../../fixtures/db/v${version}.json`, import.meta.url);
	return JSON.parse(await readFile(url, 'utf8')) as DbDump;
}

async function openFixture(version: number) {
	const dump = await loadFixture(version);
	const factory = new IDBFactory();
	await loadDump(factory, 'fixture', dump);
	const db = await openSkillOptDb(factory, 'fixture');
	return { db, dump };
}

describe('schema fixtures', () => {
	it('has a committed fixture for the current schema version', async () => {
		const dump = await loadFixture(DB_VERSION);
		expect(dump.version).toBe(DB_VERSION);
		expect(Object.keys(dump.stores).sort()).toEqual([...ALL_STORES].sort());
	});

	it('opens the v1 fixture in the current version and reads it through the repositories', async () => {
		const { db, dump } = await openFixture(1);
		expect(db.version).toBe(DB_VERSION);

		const [ws] = await listWorkspaces(db);
		expect(ws?.name).toBe('Coin flip study');
		const workspaceId = ws?.id ?? '';
		expect(await getWorkspace(db, workspaceId)).toEqual(dump.stores[STORES.workspaces]?.records[0]);

		const skills = await listSkills(db, workspaceId);
		expect(skills.map((s) => s.title).sort()).toEqual(['Coin flip', 'Scratch']);
		const current = await getSkill(db, ws?.currentSkillId ?? '');
		expect(current?.text).toBe('# Coin flip\n1. Count the flips.\n2. Odd means flipped.\n');
		const versions = await listVersions(db, current?.id ?? '');
		expect(versions.map((v) => v.provenance)).toEqual(['proposed-edit', 'typed', 'starter']);
		expect(versions[0]).toMatchObject({ step: 0, note: 'accepted at step 0' });

		const packs = await listPacks(db, workspaceId);
		expect(packs.map((p) => p.source.kind).sort()).toEqual(['built-in', 'imported']);
		const currentPack = await getPack(db, ws?.currentPackId ?? '');
		expect(currentPack?.source).toMatchObject({ kind: 'imported', pack: TINY_PACK });

		const runs = await listRuns(db, workspaceId);
		expect(runs.map((r) => r.status)).toEqual(['running', 'finished']);
		const finished = runs[1];
		expect(finished?.summary).toEqual({ best: 0.5, steps: 2 });
		expect((await listSteps(db, finished?.id ?? '')).map((s) => s.record)).toEqual([
			{ action: 'accept_new_best', score: 0.5 },
			{ action: 'reject', score: 0.4 }
		]);
		expect((await getLatestSnapshot(db, finished?.id ?? ''))?.snapshot).toMatchObject({
			stage: 'step-1'
		});
		expect((await findResumable(db, workspaceId)).map((r) => r.id)).toEqual([runs[0]?.id]);
		expect(await getSetting(db, 'engine', asString)).toBe('scripted');
	});

	it('keeps the v1 indexes working after opening (new writes are ordered and found)', async () => {
		const { db } = await openFixture(1);
		const [ws] = await listWorkspaces(db);
		const skillId = ws?.currentSkillId ?? '';
		const deps = testDeps('new');
		deps.setTime(Date.UTC(2030, 0, 1));
		await saveVersion(db, skillId, '# newer', 'slow-update', {}, deps);
		expect((await listVersions(db, skillId))[0]?.text).toBe('# newer');
		const running = (await findResumable(db))[0];
		await appendStep(db, running?.id ?? '', 1, { action: 'accept' }, { stage: 'step-1' }, {}, deps);
		expect((await listSteps(db, running?.id ?? '')).map((s) => s.index)).toEqual([0, 1]);
		expect(db.transaction(STORES.runs).store.indexNames.contains(INDEXES.byStatus)).toBe(true);
	});
});

describe('schema v1 → v2', () => {
	it('ties each v1 skill to its latest run’s pack, else the workspace’s pack, and fills descriptions', async () => {
		const { db, dump } = await openFixture(1);
		const [ws] = await listWorkspaces(db);
		const skills = await listSkills(db, ws?.id ?? '');
		const byTitle = new Map(skills.map((s) => [s.title, s]));
		// "Coin flip" was trained in the finished run on the built-in pack (v1-6).
		expect(byTitle.get('Coin flip')).toMatchObject({ packId: 'v1-6', description: '' });
		// "Scratch" never ran: it takes the pack the workspace had open (the imported one, v1-7).
		expect(byTitle.get('Scratch')).toMatchObject({ packId: 'v1-7', description: '' });
		expect(ws?.currentPackId).toBe('v1-7');
		// Everything else of the skill is as v1 left it.
		const v1Coin = dump.stores[STORES.skills]?.records.find(
			(r) => (r as { title: string }).title === 'Coin flip'
		);
		expect(byTitle.get('Coin flip')).toEqual({
			...(v1Coin as object),
			packId: 'v1-6',
			description: ''
		});
		expect(await listEvaluations(db, ws?.id ?? '')).toEqual([]);
	});

	it('gives a skill no pack when neither its runs nor its workspace name one that exists', async () => {
		const dump = await loadFixture(1);
		const workspaces = dump.stores[STORES.workspaces];
		const runs = dump.stores[STORES.runs];
		if (!workspaces || !runs) throw new Error('fixture lacks stores');
		workspaces.records = workspaces.records.map((w) => ({
			...(w as object),
			currentPackId: 'gone'
		}));
		runs.records = [];
		const factory = new IDBFactory();
		await loadDump(factory, 'fixture', dump);
		const db = await openSkillOptDb(factory, 'fixture');
		const skills = await db.getAll(STORES.skills);
		expect(skills.map((s) => s.packId)).toEqual([null, null]);
	});

	it('opens the v2 fixture and writes evaluations beside it', async () => {
		const { db } = await openFixture(2);
		const [ws] = await listWorkspaces(db);
		const listed = await listEvaluations(db, ws?.id ?? '');
		expect(listed).toHaveLength(1);
		expect(listed[0]).toMatchObject({ kind: 'library', status: 'finished', packId: 'v2-6' });
		const deps = testDeps('new');
		deps.setTime(Date.UTC(2030, 0, 1));
		await createEvaluation(
			db,
			{
				workspaceId: ws?.id ?? '',
				skillId: ws?.currentSkillId ?? '',
				packId: 'v2-6',
				kind: 'transfer',
				status: 'running',
				engine: { kind: 'wllama', label: 'CPU' },
				seed: 0,
				itemCount: 0,
				arms: []
			},
			deps
		);
		expect((await listEvaluations(db, ws?.id ?? '')).map((e) => e.kind)).toEqual([
			'transfer',
			'library'
		]);
		expect(db.transaction(STORES.evaluations).store.indexNames.contains(INDEXES.bySkill)).toBe(
			true
		);
	});
});

describe('opening errors', () => {
	it('rejects with DatabaseVersionError when the database is newer than the app', async () => {
		const factory = new IDBFactory();
		const newer = await openSkillOptDb(factory, 'db', { version: DB_VERSION + 1 });
		newer.close();
		await expect(openSkillOptDb(factory, 'db')).rejects.toMatchObject({
			name: 'DatabaseVersionError'
		});
	});

	it('rejects with DatabaseBlockedError when another tab keeps an old connection open', async () => {
		const factory = new IDBFactory();
		await loadDump(factory, 'db', await loadFixture(1));
		const otherTab = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = factory.open('db', 1);
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const error = await openSkillOptDb(factory, 'db', { version: DB_VERSION + 1 }).catch(
			(e: unknown) => e
		);
		expect(error).toMatchObject({ name: 'DatabaseBlockedError' });
		expect((error as Error).message).toContain('close the other');
		otherTab.close();
	});

	it('closes its connection when another tab upgrades, and says so', async () => {
		const factory = new IDBFactory();
		let told = 0;
		await openSkillOptDb(factory, 'db', { onVersionChange: () => told++ });
		const newer = await openSkillOptDb(factory, 'db', { version: DB_VERSION + 1 });
		expect(newer.version).toBe(DB_VERSION + 1);
		expect(told).toBe(1);
	});
});
