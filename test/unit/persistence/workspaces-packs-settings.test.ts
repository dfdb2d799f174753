import { describe, expect, it } from 'vitest';
import { openLastWorkspace } from '../../../src/lib/persistence/bootstrap.ts';
import { ALL_STORES } from '../../../src/lib/persistence/db.ts';
import {
	isQuotaError,
	StorageFullError,
	toStorageError
} from '../../../src/lib/persistence/errors.ts';
import {
	deletePack,
	getPack,
	listPacks,
	savePack,
	storedPack,
	updatePack
} from '../../../src/lib/persistence/packs.ts';
import {
	asBoolean,
	asNumber,
	asString,
	deleteSetting,
	getSetting,
	listSettingKeys,
	oneOf,
	setSetting
} from '../../../src/lib/persistence/settings.ts';
import { deleteSkill, listVersions } from '../../../src/lib/persistence/skills.ts';
import {
	createWorkspace,
	deleteWorkspace,
	getWorkspace,
	listWorkspaces,
	updateWorkspace
} from '../../../src/lib/persistence/workspaces.ts';
import { freshDb } from './support/fresh-db.ts';
import { TINY_PACK, writeSampleWorkspace } from './support/sample-workspace.ts';

describe('workspaces repository', () => {
	it('creates, renames and lists workspaces, most recently updated first', async () => {
		const { db, deps } = await freshDb();
		const a = await createWorkspace(db, 'A', deps);
		const b = await createWorkspace(db, 'B', deps);
		expect((await listWorkspaces(db)).map((w) => w.name)).toEqual(['B', 'A']);
		const renamed = await updateWorkspace(db, a.id, { name: 'A2', currentPackId: 'p' }, deps);
		expect(renamed).toMatchObject({ name: 'A2', currentPackId: 'p', currentSkillId: null });
		expect(await getWorkspace(db, a.id)).toEqual(renamed);
		expect((await listWorkspaces(db)).map((w) => w.id)).toEqual([a.id, b.id]);
	});

	it('deletes a workspace with everything in it and nothing of the others', async () => {
		const { db, deps } = await freshDb();
		const ids = await writeSampleWorkspace(db, deps);
		const other = await createWorkspace(db, 'Other', deps);
		await savePack(
			db,
			other.id,
			'kept',
			{ kind: 'built-in', familyId: 'x', difficulty: 1, seed: 1 },
			deps
		);
		await deleteWorkspace(db, ids.workspaceId);
		const counts = Object.fromEntries(
			await Promise.all(ALL_STORES.map(async (s) => [s, await db.count(s)] as const))
		);
		expect(counts).toEqual({
			workspaces: 1,
			skills: 0,
			skillVersions: 0,
			packs: 1,
			runs: 0,
			runSteps: 0,
			settings: 1,
			evaluations: 0
		});
	});
});

describe('packs repository', () => {
	it('stores built-in settings and imported packs and reads them back', async () => {
		const { db, deps } = await freshDb();
		const builtIn = await savePack(
			db,
			'ws',
			'Coin flip',
			{ kind: 'built-in', familyId: 'coin-flip', difficulty: 2, seed: 7 },
			deps
		);
		const imported = await savePack(
			db,
			'ws',
			'Capitals',
			{ kind: 'imported', pack: TINY_PACK, containsCode: false, url: 'https://example.org/p.json' },
			deps
		);
		expect(await getPack(db, imported.id)).toEqual(imported);
		expect(storedPack(imported.source)).toEqual(TINY_PACK);
		expect(storedPack(builtIn.source)).toBeUndefined();
		const edited = await updatePack(
			db,
			builtIn.id,
			{
				source: {
					kind: 'built-in',
					familyId: 'coin-flip',
					difficulty: 2,
					seed: 7,
					edited: TINY_PACK
				}
			},
			deps
		);
		expect(storedPack(edited.source)).toEqual(TINY_PACK);
		expect((await listPacks(db, 'ws')).map((p) => p.id)).toEqual([builtIn.id, imported.id]);
		await deletePack(db, imported.id);
		expect((await listPacks(db, 'ws')).map((p) => p.id)).toEqual([builtIn.id]);
	});
});

describe('settings repository', () => {
	it('round-trips values and parses what it reads back', async () => {
		const { db, deps } = await freshDb();
		await setSetting(db, 'engine', 'webllm', deps);
		await setSetting(db, 'models', { executor: 'Qwen3-0.6B' }, deps);
		await setSetting(db, 'temperature', 'not a number', deps);
		expect(await getSetting(db, 'engine', oneOf(['scripted', 'webllm', 'remote']))).toBe('webllm');
		expect(await getSetting(db, 'engine', oneOf(['scripted']))).toBeUndefined();
		expect(await getSetting(db, 'temperature', asNumber)).toBeUndefined();
		expect(await getSetting(db, 'missing', asString)).toBeUndefined();
		expect(await getSetting(db, 'models', (raw) => raw)).toEqual({ executor: 'Qwen3-0.6B' });
		await setSetting(db, 'persistAsked', true, deps);
		expect(await getSetting(db, 'persistAsked', asBoolean)).toBe(true);
		await deleteSetting(db, 'engine');
		expect(await listSettingKeys(db)).toEqual(['models', 'persistAsked', 'temperature']);
	});
});

describe('openLastWorkspace', () => {
	const starter = { workspaceName: 'My workspace', skillTitle: 'Untitled', skillText: '# start' };

	it('creates a workspace with a starter skill on first launch, then reopens it', async () => {
		const { db, deps } = await freshDb();
		const first = await openLastWorkspace(db, starter, deps);
		expect(first.created).toBe(true);
		expect(first.workspace.currentSkillId).toBe(first.skill.id);
		expect((await listVersions(db, first.skill.id)).map((v) => v.provenance)).toEqual(['starter']);
		const again = await openLastWorkspace(db, starter, deps);
		expect(again.created).toBe(false);
		expect(again.skill.id).toBe(first.skill.id);
		expect(await listWorkspaces(db)).toHaveLength(1);
	});

	it('falls back to another skill, or a new starter, when the current one was deleted', async () => {
		const { db, deps } = await freshDb();
		const ids = await writeSampleWorkspace(db, deps);
		await deleteSkill(db, ids.skillId);
		const opened = await openLastWorkspace(db, starter, deps);
		expect(opened.skill.id).toBe(ids.otherSkillId);
		expect(opened.workspace.currentSkillId).toBe(ids.otherSkillId);
		await deleteSkill(db, ids.otherSkillId);
		const fresh = await openLastWorkspace(db, starter, deps);
		expect(fresh.skill.text).toBe('# start');
		expect(fresh.workspace.id).toBe(ids.workspaceId);
	});
});

describe('quota errors', () => {
	it('recognises the ways browsers report a full disk', () => {
		expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
		expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
		expect(
			isQuotaError(new Error('wrapped', { cause: new DOMException('x', 'QuotaExceededError') }))
		).toBe(true);
		expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
		expect(isQuotaError('QuotaExceededError')).toBe(false);
	});

	it('maps them to StorageFullError with advice, and leaves other errors alone', () => {
		const mapped = toStorageError(new DOMException('x', 'QuotaExceededError'));
		expect(mapped).toBeInstanceOf(StorageFullError);
		expect((mapped as Error).message).toBe(
			'Storage is full: delete old runs or cached models, or allow persistent storage.'
		);
		const other = new TypeError('bad');
		expect(toStorageError(other)).toBe(other);
	});
});
