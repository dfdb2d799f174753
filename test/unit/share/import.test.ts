import { describe, expect, it } from 'vitest';
import { importSharedSkill } from '../../../src/lib/share/import.ts';
import { decodeShareFragment } from '../../../src/lib/share/codec.ts';
import {
	createSkill,
	getSkill,
	listSkills,
	listVersions
} from '../../../src/lib/persistence/skills.ts';
import { listPacks } from '../../../src/lib/persistence/packs.ts';
import { createWorkspace, getWorkspace } from '../../../src/lib/persistence/workspaces.ts';
import { freshDb } from '../persistence/support/fresh-db.ts';
import { readFileSync } from 'node:fs';

const link = readFileSync(new URL('../../fixtures/share/link-v1.txt', import.meta.url), 'utf8');

describe('importing a shared skill', () => {
	it('adds a new skill beside the current one, with a first version marked shared', async () => {
		const { db, deps } = await freshDb();
		const ws = await createWorkspace(db, 'Main', deps);
		const mine = await createSkill(
			db,
			{ workspaceId: ws.id, title: 'Mine', text: '# my skill', provenance: 'starter' },
			deps
		);
		const decoded = await decodeShareFragment(link);
		if (decoded.kind !== 'ok') throw new Error('the fixture link decodes');

		const imported = await importSharedSkill(db, ws.id, decoded.snapshot, deps);

		expect(imported.title).toBe('Date arithmetic');
		expect(imported.text).toBe(decoded.snapshot.skill.text);
		expect((await listSkills(db, ws.id)).map((s) => s.id).sort()).toEqual(
			[mine.id, imported.id].sort()
		);
		expect(await getSkill(db, mine.id)).toEqual(mine);
		const versions = await listVersions(db, imported.id);
		expect(versions.map((v) => v.provenance)).toEqual(['shared']);
		// The link's task becomes the skill's pack, stored once however often it is imported.
		const packs = await listPacks(db, ws.id);
		expect(packs.map((p) => p.id)).toEqual([imported.packId]);
		expect(packs[0]?.source).toMatchObject({ kind: 'built-in' });
		const again = await importSharedSkill(db, ws.id, decoded.snapshot, deps);
		expect(again.packId).toBe(imported.packId);
		expect(await listPacks(db, ws.id)).toHaveLength(1);
		// The workspace's current skill is not switched by an import.
		expect((await getWorkspace(db, ws.id))?.currentSkillId).toBe(ws.currentSkillId);
	});
});
