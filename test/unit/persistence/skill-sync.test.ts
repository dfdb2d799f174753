import { afterEach, describe, expect, it, vi } from 'vitest';
import * as P from '../../../src/lib/persistence/index.ts';
import { SkillDraft } from '../../../src/lib/state/skill-draft.svelte.ts';
import {
	FROM_ANOTHER_TAB,
	REPLACED_BY_ANOTHER_TAB,
	SkillSync
} from '../../../src/lib/state/skill-sync.svelte.ts';
import { freshDb } from './support/fresh-db.ts';

const syncs: SkillSync[] = [];
afterEach(() => {
	for (const sync of syncs.splice(0)) sync.close();
});

async function twoTabs() {
	const { db } = await freshDb();
	const skill = await P.skills.createSkill(db, { workspaceId: 'w', title: 'S', text: 'start' });
	const tab = (id: string) => {
		const draft = new SkillDraft('start');
		const sync = new SkillSync({
			db,
			skillId: skill.id,
			draft,
			tabId: id,
			onVersions: async () => undefined
		});
		syncs.push(sync);
		return { draft, sync };
	};
	return { db, skillId: skill.id, a: tab('a'), b: tab('b') };
}

describe('SkillSync', () => {
	it('hears another tab’s save, and keeps that text as a version before saving over it', async () => {
		const { db, skillId, a, b } = await twoTabs();
		b.draft.text = 'text of tab B';
		await b.sync.save(b.draft.text);
		await vi.waitFor(() => expect(a.sync.incoming).toBe('text of tab B'));
		expect(b.sync.incoming).toBeNull();

		a.draft.text = 'text of tab A';
		await a.sync.save(a.draft.text);
		const versions = await P.skills.listVersions(db, skillId);
		expect(versions.map((v) => [v.text, v.note])).toEqual([['text of tab B', FROM_ANOTHER_TAB]]);
		expect((await P.skills.getSkill(db, skillId))?.text).toBe('text of tab A');
		// Its own later saves overwrite only its own text: no more versions.
		a.draft.text = 'text of tab A, again';
		await a.sync.save(a.draft.text);
		expect(await P.skills.listVersions(db, skillId)).toHaveLength(1);
	});

	it('loads the other tab’s text, keeping this tab’s own as a version first', async () => {
		const { db, skillId, a, b } = await twoTabs();
		a.draft.text = 'unsaved text of tab A';
		b.draft.text = 'text of tab B';
		await b.sync.save(b.draft.text);
		await vi.waitFor(() => expect(a.sync.incoming).toBe('text of tab B'));
		await a.sync.load();
		expect(a.draft.text).toBe('text of tab B');
		expect(a.sync.incoming).toBeNull();
		const versions = await P.skills.listVersions(db, skillId);
		expect(versions.map((v) => [v.text, v.note])).toEqual([
			['unsaved text of tab A', REPLACED_BY_ANOTHER_TAB]
		]);
		// Saving the loaded text is no conflict.
		await a.sync.save(a.draft.text);
		expect(await P.skills.listVersions(db, skillId)).toHaveLength(1);
	});

	it('says nothing when the other tab saved the same text', async () => {
		const { a, b } = await twoTabs();
		await b.sync.save('start');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(a.sync.incoming).toBeNull();
	});
});
