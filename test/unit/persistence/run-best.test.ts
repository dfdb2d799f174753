/**
 * A run's best goes into the skill the run started from: its draft when unchanged, its history
 * always, a changed draft kept, and a deleted skill recreated so the result is never lost.
 */
import { describe, expect, it } from 'vitest';
import { RUN_BEST_NOTE, saveRunBest } from '../../../src/lib/persistence/run-best.ts';
import {
	createSkill,
	deleteSkill,
	getSkill,
	listSkills,
	listVersions
} from '../../../src/lib/persistence/skills.ts';
import { createWorkspace } from '../../../src/lib/persistence/workspaces.ts';
import { freshDb } from './support/fresh-db.ts';

async function setUp() {
	const { db, deps } = await freshDb();
	const ws = await createWorkspace(db, 'Main', deps);
	const trained = await createSkill(
		db,
		{ workspaceId: ws.id, title: 'Coins', text: 'start' },
		deps
	);
	const other = await createSkill(db, { workspaceId: ws.id, title: 'Other', text: 'mine' }, deps);
	return { db, deps, ws, trained, other };
}

describe('saveRunBest', () => {
	it('puts the best into the run’s skill (not the open one) when its draft is unchanged', async () => {
		const { db, deps, ws, trained, other } = await setUp();
		const target = { id: trained.id, startText: 'start' };
		const saved = await saveRunBest(
			db,
			ws.id,
			target,
			'best',
			{ runId: 'r1', openText: null },
			deps
		);
		expect(saved).toEqual({ skillId: trained.id, draft: true });
		expect((await getSkill(db, trained.id))?.text).toBe('best');
		const [newest] = await listVersions(db, trained.id);
		expect(newest).toMatchObject({ text: 'best', runId: 'r1', note: RUN_BEST_NOTE });
		expect((await getSkill(db, other.id))?.text).toBe('mine');
		expect(await listVersions(db, other.id)).toEqual([]);
	});

	it('keeps a draft changed during the run, with the best in its history', async () => {
		const { db, deps, ws, trained } = await setUp();
		const target = { id: trained.id, startText: 'start' };
		const saved = await saveRunBest(db, ws.id, target, 'best', { openText: 'edited' }, deps);
		expect(saved.draft).toBe(false);
		expect((await getSkill(db, trained.id))?.text).toBe('edited');
		expect((await listVersions(db, trained.id)).map((v) => v.text)).toContain('best');
	});

	it('recreates a skill deleted during the run from its best', async () => {
		const { db, deps, ws, trained } = await setUp();
		await deleteSkill(db, trained.id);
		const target = { id: trained.id, startText: 'start' };
		const saved = await saveRunBest(db, ws.id, target, 'best', { openText: null }, deps);
		expect(saved.skillId).not.toBe(trained.id);
		expect((await getSkill(db, saved.skillId))?.text).toBe('best');
		expect((await listSkills(db, ws.id)).map((s) => s.title).sort()).toEqual([
			'Best of a run',
			'Other'
		]);
	});
});
