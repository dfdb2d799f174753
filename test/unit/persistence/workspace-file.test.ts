import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import { ALL_STORES, type SkillOptDb } from '../../../src/lib/persistence/db.ts';
import { findResumable, getRun, listRuns, listSteps } from '../../../src/lib/persistence/runs.ts';
import { listSkills, listVersions } from '../../../src/lib/persistence/skills.ts';
import {
	exportWorkspace,
	exportWorkspaceJson,
	restoreWorkspaceFile,
	WORKSPACE_FORMAT_V1,
	WORKSPACE_FORMAT_V2,
	workspaceFileName
} from '../../../src/lib/persistence/workspace-file.ts';
import { listEvaluations } from '../../../src/lib/persistence/evaluations.ts';
import { readFile } from 'node:fs/promises';
import { importWorkspace } from '../../../src/lib/persistence/workspace-import.ts';
import { getWorkspace, listWorkspaces } from '../../../src/lib/persistence/workspaces.ts';
import { freshDb, testDeps } from './support/fresh-db.ts';
import { failNextWrite } from './support/faults.ts';
import { writeSampleWorkspace } from './support/sample-workspace.ts';

const hasher = createSha256Hasher(crypto.subtle);

afterEach(() => {
	vi.restoreAllMocks();
});

/** Every record of every store, for "nothing changed" checks. */
async function everything(db: SkillOptDb): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const store of ALL_STORES) out[store] = await db.getAll(store);
	return out;
}

async function exported() {
	const source = await freshDb();
	const ids = await writeSampleWorkspace(source.db, source.deps);
	const text = await exportWorkspaceJson(source.db, ids.workspaceId, { clock: source.deps.clock });
	return { source, ids, text };
}

function mutate(text: string, change: (file: Record<string, unknown>) => void): unknown {
	const file = JSON.parse(text) as Record<string, unknown>;
	change(file);
	return file;
}

function at(file: Record<string, unknown>, key: string, index: number): Record<string, unknown> {
	return (file[key] as Record<string, unknown>[])[index] as Record<string, unknown>;
}

describe('workspace export', () => {
	it('writes a versioned document holding every record of the workspace', async () => {
		const { source, ids } = await exported();
		const file = await exportWorkspace(source.db, ids.workspaceId, { clock: source.deps.clock });
		expect(file.format).toBe(WORKSPACE_FORMAT_V2);
		expect(file.schemaVersion).toBe(2);
		expect(file.exportedAt).toMatch(/^2025-01-01T00:00:\d\d\.000Z$/);
		expect(file.skills).toHaveLength(2);
		expect(file.skillVersions).toHaveLength(3);
		expect(file.packs).toHaveLength(2);
		expect(file.runs).toHaveLength(2);
		expect(file.runSteps).toHaveLength(3);
		expect(file.evaluations).toHaveLength(1);
		expect(file.skills.find((s) => s.id === ids.skillId)?.packId).toBe(ids.builtInPackId);
		const noRuns = await exportWorkspace(source.db, ids.workspaceId, { includeRuns: false });
		expect([noRuns.runs.length, noRuns.runSteps.length]).toEqual([0, 0]);
		expect(workspaceFileName(file.workspace, Date.UTC(2025, 4, 6))).toBe(
			'skillopt-workspace-coin-flip-study-2025-05-06.json'
		);
	});
});

describe('workspace import', () => {
	it('restores everything into a fresh database', async () => {
		const { source, ids, text } = await exported();
		const target = await freshDb();
		const restored = await restoreWorkspaceFile(text, hasher);
		const ws = await importWorkspace(target.db, restored, { mode: 'replace', deps: target.deps });
		expect(ws.id).toBe(ids.workspaceId);
		const before = await everything(source.db);
		const after = await everything(target.db);
		expect(after['skills']).toEqual(before['skills']);
		expect(after['skillVersions']).toEqual(before['skillVersions']);
		expect(after['packs']).toEqual(before['packs']);
		expect(after['runSteps']).toEqual(before['runSteps']);
		expect(after['settings']).toEqual([]);
		// The run that was running elsewhere arrives paused, without its owner tab.
		const running = await getRun(target.db, ids.runningRunId);
		expect(running?.status).toBe('paused');
		expect(running).not.toHaveProperty('ownerTab');
		expect(await getRun(target.db, ids.finishedRunId)).toEqual(
			await getRun(source.db, ids.finishedRunId)
		);
		expect(await findResumable(target.db)).toEqual([]);
	});

	it('replaces the local workspace with the same id, dropping records the file lacks', async () => {
		const { source, ids, text } = await exported();
		const restored = await restoreWorkspaceFile(text, hasher);
		restored.skills = restored.skills.filter((s) => s.id !== ids.otherSkillId);
		await importWorkspace(source.db, restored, { mode: 'replace', deps: source.deps });
		expect((await listSkills(source.db, ids.workspaceId)).map((s) => s.id)).toEqual([ids.skillId]);
		expect(await listWorkspaces(source.db)).toHaveLength(1);
	});

	it('merges as a new workspace with fresh ids and remapped references', async () => {
		const { source, ids, text } = await exported();
		const restored = await restoreWorkspaceFile(text, hasher);
		const deps = testDeps('copy');
		const ws = await importWorkspace(source.db, restored, { mode: 'merge-as-new', deps });
		expect(ws.id).not.toBe(ids.workspaceId);
		expect(ws.name).toBe('Coin flip study (imported)');
		expect(await listWorkspaces(source.db)).toHaveLength(2);
		const skills = await listSkills(source.db, ws.id);
		expect(skills).toHaveLength(2);
		const current = skills.find((s) => s.id === ws.currentSkillId);
		expect(current?.title).toBe('Coin flip');
		const versions = await listVersions(source.db, current?.id ?? '');
		expect(versions.map((v) => v.provenance)).toEqual(['proposed-edit', 'typed', 'starter']);
		const runs = await listRuns(source.db, ws.id);
		const finished = runs.find((r) => r.status === 'finished');
		expect(versions[0]?.runId).toBe(finished?.id);
		expect(finished?.skillId).toBe(current?.id);
		expect(await listSteps(source.db, finished?.id ?? '')).toHaveLength(2);
		// The original is untouched.
		expect(await listSkills(source.db, ids.workspaceId)).toHaveLength(2);
		expect(await listSteps(source.db, ids.finishedRunId)).toHaveLength(2);
	});

	it('remaps the run a rerun names, whichever of the two comes first in the file', async () => {
		const { source, ids, text } = await exported();
		for (const reversed of [false, true]) {
			const file = mutate(text, (f) => {
				const runs = f['runs'] as Record<string, unknown>[];
				const rerun = runs.find((r) => r['id'] === ids.finishedRunId);
				if (rerun)
					rerun['config'] = {
						...(rerun['config'] as object),
						variant: { of: ids.runningRunId, change: { setting: 'gate', enabled: false } }
					};
				if (reversed) runs.reverse();
			});
			const ws = await importWorkspace(source.db, await restoreWorkspaceFile(file, hasher), {
				mode: 'merge-as-new',
				deps: testDeps(reversed ? 'r' : 'f')
			});
			const runs = await listRuns(source.db, ws.id);
			const rerun = runs.find((r) => r.status === 'finished');
			const base = runs.find((r) => r.status !== 'finished');
			expect(base?.id).not.toBe(ids.runningRunId);
			expect((rerun?.config as { variant?: { of: string } }).variant?.of).toBe(base?.id);
		}
	});

	it('changes nothing when the quota is reached half-way through an import', async () => {
		const { source, ids, text } = await exported();
		const restored = await restoreWorkspaceFile(text, hasher);
		restored.skills = restored.skills.filter((s) => s.id !== ids.otherSkillId);
		const before = await everything(source.db);
		// Old records are deleted and skills, versions and packs added before the runs fail.
		failNextWrite('add', 'runs', new DOMException('full', 'QuotaExceededError'));
		await expect(
			importWorkspace(source.db, restored, { mode: 'replace', deps: source.deps })
		).rejects.toMatchObject({ name: 'StorageFullError' });
		expect(await everything(source.db)).toEqual(before);
	});

	it('refuses ids that belong to another local workspace and changes nothing', async () => {
		const { source, text } = await exported();
		const restored = await restoreWorkspaceFile(text, hasher);
		restored.workspace = { ...restored.workspace, id: 'another-workspace' };
		for (const list of [restored.skills, restored.packs, restored.runs])
			for (const record of list) record.workspaceId = 'another-workspace';
		const before = await everything(source.db);
		const error = await importWorkspace(source.db, restored, {
			mode: 'replace',
			deps: source.deps
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({ name: 'WorkspaceFileError', path: 'skills[0].id' });
		expect((error as Error).message).toContain('import the file as a new workspace');
		expect(await everything(source.db)).toEqual(before);
		expect(await getWorkspace(source.db, 'another-workspace')).toBeUndefined();
	});
});

describe('restoreWorkspaceFile', () => {
	const cases: [string, (f: Record<string, unknown>) => void, string, string | RegExp][] = [
		['a missing format', (f) => delete f['format'], 'format', /missing/],
		[
			'a newer format',
			(f) => (f['format'] = 'skillopt-playground.workspace.v9'),
			'format',
			/newer version/
		],
		[
			'a task pack file',
			(f) => (f['format'] = 'skillopt-playground.pack.v1'),
			'format',
			/task pack/
		],
		[
			'a workspace without id',
			(f) => delete (f['workspace'] as Record<string, unknown>)['id'],
			'workspace.id',
			/expected a string, got nothing/
		],
		[
			'a skill text that is a number',
			(f) => (at(f, 'skills', 1)['text'] = 42),
			'skills[1].text',
			/got a number/
		],
		[
			'a skill of another workspace',
			(f) => (at(f, 'skills', 0)['workspaceId'] = 'x'),
			'skills[0].workspaceId',
			/not this file's workspace/
		],
		[
			'duplicate skill ids',
			(f) => (at(f, 'skills', 1)['id'] = at(f, 'skills', 0)['id']),
			'skills[1].id',
			/duplicate id/
		],
		[
			'a version of an unknown skill',
			(f) => (at(f, 'skillVersions', 2)['skillId'] = 'ghost'),
			'skillVersions[2].skillId',
			/no skill 'ghost'/
		],
		[
			'an unknown provenance',
			(f) => (at(f, 'skillVersions', 0)['provenance'] = 'magic'),
			'skillVersions[0].provenance',
			/expected one of/
		],
		[
			'a run with a bad status',
			(f) => (at(f, 'runs', 0)['status'] = 'done'),
			'runs[0].status',
			/'running'/
		],
		[
			'a step beyond its run',
			(f) => (at(f, 'runSteps', 0)['index'] = 7),
			'runSteps[0].index',
			/after its run's last step/
		],
		[
			'a step of an unknown run',
			(f) => (at(f, 'runSteps', 0)['runId'] = 'ghost'),
			'runSteps[0].runId',
			/no run 'ghost'/
		],
		[
			'a current skill that is not in the file',
			(f) => ((f['workspace'] as Record<string, unknown>)['currentSkillId'] = 'ghost'),
			'workspace.currentSkillId',
			/no skill/
		],
		['skills that are not an array', (f) => (f['skills'] = {}), 'skills', /expected an array/],
		[
			'an imported pack without a grader',
			(f) => {
				const source = at(f, 'packs', 1)['source'] as Record<string, unknown>;
				delete (source['pack'] as Record<string, unknown>)['grader'];
			},
			'packs[1].source.pack.grader',
			/grader/
		]
	];

	it.each(cases)('rejects %s, naming the path', async (_what, change, path, message) => {
		const { text } = await exported();
		const error = await restoreWorkspaceFile(mutate(text, change), hasher).catch((e: unknown) => e);
		expect(error).toMatchObject({ name: 'WorkspaceFileError', path });
		expect((error as Error).message).toMatch(message);
		expect((error as Error).message.startsWith(path === '' ? '' : `${path}: `)).toBe(true);
	});

	it('rejects text that is not JSON, and JSON that is not an object', async () => {
		await expect(restoreWorkspaceFile('{"format": ', hasher)).rejects.toThrow(/not valid JSON/);
		await expect(restoreWorkspaceFile('[1, 2]', hasher)).rejects.toThrow(/this is an array/);
	});

	it('recomputes version hashes instead of trusting the file, and fills defaults', async () => {
		const { text } = await exported();
		const file = mutate(text, (f) => {
			at(f, 'skillVersions', 0)['hash'] = 'forged';
			delete at(f, 'skills', 0)['title'];
			delete at(f, 'runs', 0)['snapshot'];
		});
		const restored = await restoreWorkspaceFile(file, hasher);
		const v = restored.skillVersions[0];
		expect(v?.hash).toBe(await hasher.sha256Hex(v?.text ?? ''));
		expect(restored.skills[0]?.title).toBe('');
		expect(restored.runs[0]?.snapshot).toBeNull();
		expect(restored.sourceFormat).toBe(WORKSPACE_FORMAT_V2);
	});

	it('imports the committed v1 file, tying each skill to a pack by the database’s rule', async () => {
		const url = new URL('../../fixtures/workspace/workspace-v1.json', import.meta.url);
		const text = await readFile(url, 'utf8');
		expect(JSON.parse(text)).toMatchObject({ format: WORKSPACE_FORMAT_V1 });
		const restored = await restoreWorkspaceFile(text, hasher);
		expect(restored.sourceFormat).toBe(WORKSPACE_FORMAT_V1);
		const byTitle = new Map(restored.skills.map((s) => [s.title, s]));
		const builtIn = restored.packs.find((p) => p.source.kind === 'built-in')?.id;
		// Trained in the finished run on the built-in pack; the other takes the workspace's pack.
		expect(byTitle.get('Coin flip')).toMatchObject({ packId: builtIn, description: '' });
		expect(byTitle.get('Scratch')?.packId).toBe(restored.workspace.currentPackId);
		expect(restored.evaluations).toEqual([]);
		const target = await freshDb();
		const ws = await importWorkspace(target.db, restored, { mode: 'replace', deps: target.deps });
		expect((await listSkills(target.db, ws.id)).map((s) => s.packId).sort()).toEqual(
			[builtIn, restored.workspace.currentPackId].sort()
		);
	});

	it('round-trips evaluations, remapping them in a merge, and refuses one naming no skill', async () => {
		const { source, ids, text } = await exported();
		const target = await freshDb();
		await importWorkspace(target.db, await restoreWorkspaceFile(text, hasher), {
			mode: 'replace',
			deps: target.deps
		});
		expect(await listEvaluations(target.db, ids.workspaceId)).toEqual(
			await listEvaluations(source.db, ids.workspaceId)
		);
		const merged = await importWorkspace(source.db, await restoreWorkspaceFile(text, hasher), {
			mode: 'merge-as-new',
			deps: testDeps('m')
		});
		const [copy] = await listEvaluations(source.db, merged.id);
		const skills = await listSkills(source.db, merged.id);
		expect(skills.map((s) => s.id)).toContain(copy?.skillId);
		expect(skills.find((s) => s.id === copy?.skillId)?.packId).toBe(copy?.packId);
		const bad = mutate(text, (f) => (at(f, 'evaluations', 0)['skillId'] = 'ghost'));
		await expect(restoreWorkspaceFile(bad, hasher)).rejects.toMatchObject({
			name: 'WorkspaceFileError',
			path: 'evaluations[0].skillId'
		});
	});

	it('leaves the database untouched when a corrupt file is rejected', async () => {
		const { source, text } = await exported();
		const before = await everything(source.db);
		const bad = mutate(text, (f) => (at(f, 'runSteps', 2)['runId'] = 'ghost'));
		await expect(restoreWorkspaceFile(bad, hasher)).rejects.toMatchObject({
			name: 'WorkspaceFileError'
		});
		expect(await everything(source.db)).toEqual(before);
	});
});
