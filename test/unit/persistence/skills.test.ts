import { describe, expect, it } from 'vitest';
import {
	createSkill,
	deleteSkill,
	describeSkill,
	getSkill,
	listSkills,
	listVersions,
	restoreVersion,
	saveDraft,
	saveVersion,
	setSkillPack
} from '../../../src/lib/persistence/skills.ts';
import { createWorkspace } from '../../../src/lib/persistence/workspaces.ts';
import { freshDb } from './support/fresh-db.ts';

async function setup() {
	const env = await freshDb();
	const ws = await createWorkspace(env.db, 'Main', env.deps);
	const skill = await createSkill(
		env.db,
		{ workspaceId: ws.id, title: 'Coin flip', text: '# v1', provenance: 'starter' },
		env.deps
	);
	return { ...env, ws, skill };
}

describe('skills repository', () => {
	it('creates a skill with its first version and reads it back', async () => {
		const { db, ws, skill } = await setup();
		expect(await getSkill(db, skill.id)).toEqual(skill);
		expect((await listSkills(db, ws.id)).map((s) => s.id)).toEqual([skill.id]);
		const versions = await listVersions(db, skill.id);
		expect(versions).toHaveLength(1);
		expect(versions[0]).toMatchObject({ text: '# v1', provenance: 'starter' });
		expect(versions[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('gives a skill a name and an optional description, and clears it with an empty one', async () => {
		const { db, deps, ws, skill } = await setup();
		expect((await getSkill(db, skill.id))?.description).toBe('');
		await describeSkill(db, skill.id, 'Coins', 'Counts real flips only', deps);
		expect(await getSkill(db, skill.id)).toMatchObject({
			title: 'Coins',
			description: 'Counts real flips only',
			text: '# v1'
		});
		await describeSkill(db, skill.id, 'Coins', '', deps);
		expect((await getSkill(db, skill.id))?.description).toBe('');
		const other = await createSkill(
			db,
			{ workspaceId: ws.id, title: 'Dates', text: '# d', description: 'Date arithmetic' },
			deps
		);
		expect(other.description).toBe('Date arithmetic');
	});

	it('ties a skill to its pack, and a new skill to the pack it was created for', async () => {
		const { db, deps, ws, skill } = await setup();
		expect((await getSkill(db, skill.id))?.packId).toBeNull();
		await setSkillPack(db, skill.id, 'pack-1', deps);
		expect((await getSkill(db, skill.id))?.packId).toBe('pack-1');
		const other = await createSkill(
			db,
			{ workspaceId: ws.id, title: 'Dates', text: '# d', packId: 'pack-2' },
			deps
		);
		expect(other.packId).toBe('pack-2');
	});

	it('saves drafts without adding versions', async () => {
		const { db, deps, skill } = await setup();
		await saveDraft(db, skill.id, '# typing...', deps);
		expect((await getSkill(db, skill.id))?.text).toBe('# typing...');
		expect(await listVersions(db, skill.id)).toHaveLength(1);
	});

	it('adds a version only when the text differs from the newest version', async () => {
		const { db, deps, skill } = await setup();
		const same = await saveVersion(db, skill.id, '# v1', 'typed', {}, deps);
		expect(same.added).toBe(false);
		const v2 = await saveVersion(
			db,
			skill.id,
			'# v2',
			'proposed-edit',
			{ runId: 'r', step: 3 },
			deps
		);
		expect(v2.added).toBe(true);
		expect(v2.version).toMatchObject({ provenance: 'proposed-edit', runId: 'r', step: 3 });
		expect(v2.version).not.toHaveProperty('note');
		const again = await saveVersion(db, skill.id, '# v2', 'typed', {}, deps);
		expect(again.added).toBe(false);
		expect(again.version.id).toBe(v2.version.id);
		const texts = (await listVersions(db, skill.id)).map((v) => v.text);
		expect(texts).toEqual(['# v2', '# v1']);
		expect((await getSkill(db, skill.id))?.text).toBe('# v2');
	});

	it('keeps versions strictly ordered even when the clock goes backwards', async () => {
		const { db, deps, skill } = await setup();
		deps.setTime(0);
		await saveVersion(db, skill.id, '# older clock', 'typed', {}, deps);
		deps.setTime(0);
		await saveVersion(db, skill.id, '# same clock', 'typed', {}, deps);
		const versions = await listVersions(db, skill.id);
		expect(versions.map((v) => v.text)).toEqual(['# same clock', '# older clock', '# v1']);
		const times = versions.map((v) => v.createdAt);
		expect(new Set(times).size).toBe(3);
		// Re-saving the first text later is a new version: only the newest is compared.
		expect((await saveVersion(db, skill.id, '# v1', 'typed', {}, deps)).added).toBe(true);
	});

	it('restores an old version as the draft without changing the history', async () => {
		const { db, deps, skill } = await setup();
		await saveVersion(db, skill.id, '# v2', 'typed', {}, deps);
		const first = (await listVersions(db, skill.id)).at(-1);
		expect(first?.text).toBe('# v1');
		const restored = await restoreVersion(db, skill.id, first?.id ?? '', deps);
		expect(restored.text).toBe('# v1');
		expect(await listVersions(db, skill.id)).toHaveLength(2);
		await expect(restoreVersion(db, skill.id, 'nope', deps)).rejects.toMatchObject({
			name: 'RecordNotFoundError'
		});
	});

	it('deletes a skill with its versions', async () => {
		const { db, deps, skill } = await setup();
		await saveVersion(db, skill.id, '# v2', 'typed', {}, deps);
		await deleteSkill(db, skill.id);
		expect(await getSkill(db, skill.id)).toBeUndefined();
		expect(await listVersions(db, skill.id)).toEqual([]);
	});

	it('refuses to save a draft of a skill that does not exist and writes nothing', async () => {
		const { db, deps } = await setup();
		await expect(saveDraft(db, 'missing', 'x', deps)).rejects.toMatchObject({
			name: 'RecordNotFoundError'
		});
		expect(await getSkill(db, 'missing')).toBeUndefined();
	});
});
