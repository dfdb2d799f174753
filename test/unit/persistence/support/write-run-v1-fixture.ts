/**
 * Writes `test/fixtures/runs/run-v1.workspace.json`: a workspace file holding one finished run
 * recorded in run format v1 (step records with counts and hashes only, every step inside the
 * snapshot). Run once, with the code of run format v1, then never again (the fixture is frozen):
 *
 *   npx tsx test/unit/persistence/support/write-run-v1-fixture.ts
 */
import 'fake-indexeddb/auto';
import { writeFile } from 'node:fs/promises';
import { IDBFactory } from 'fake-indexeddb';
import { format, resolveConfig } from 'prettier';
import { runOptimization } from '../../../../src/core/loop/index.ts';
import { RUN_SNAPSHOT_FORMAT } from '../../../../src/core/loop/state.ts';
import { buildFamilyPack } from '../../../../src/core/packs/build.ts';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import { openSkillOptDb } from '../../../../src/lib/persistence/db.ts';
import { openLastWorkspace } from '../../../../src/lib/persistence/bootstrap.ts';
import * as runs from '../../../../src/lib/persistence/runs.ts';
import { exportWorkspaceJson } from '../../../../src/lib/persistence/workspace-file.ts';
import { scriptedChatEngine } from '../../../../scripts/node-ports.ts';
import { testDeps } from './fresh-db.ts';

if ((RUN_SNAPSHOT_FORMAT as string) !== 'skillopt-playground.run.v1')
	throw new Error('run-v1.workspace.json is frozen: it must be written by run format v1 code');
const deps = testDeps('v1run');
const db = await openSkillOptDb(new IDBFactory(), 'fixture');
const opened = await openLastWorkspace(
	db,
	{ workspaceName: 'My workspace', skillTitle: 'Skill', skillText: '# Coin flip\n' },
	deps
);
const family = findFamily('coin-flip');
if (family === undefined) throw new Error('no coin-flip family');
const pack = await buildFamilyPack(
	family,
	{ seed: 1, sizes: { train: 8, val: 8, test: 4 } },
	deps.hasher
);
const engine = scriptedChatEngine('default');
const settings = {
	epochs: 2,
	batchSize: 4,
	seed: 1,
	gateEnabled: true,
	metric: 'hard',
	minDeltaItems: 1,
	schedule: 'cosine',
	budgetMax: 3,
	budgetMin: 1,
	proposer: 'model'
};
const config = {
	settings,
	model: { engine: 'scripted', scenario: 'default' },
	packTitle: pack.title,
	engineLabel: 'simulation (scripted), scenario “default”'
};
const run = await runs.createRun(
	db,
	{ workspaceId: opened.workspace.id, config, title: `${pack.title} · simulation`, packId: 'none' },
	deps
);
let stored = 0;
const result = await runOptimization(
	{ pack, initialSkill: pack.initialSkill, seed: 1, epochs: 2, batchSize: 4 },
	{ executor: engine, optimiser: engine, hasher: deps.hasher },
	{
		async onSnapshot(current) {
			// Written by the v1 code, whose snapshots carried every step record.
			const snapshot = current as unknown as { steps: unknown[] };
			for (let position = stored + 1; position <= snapshot.steps.length; position++) {
				await runs.appendStep(
					db,
					run.id,
					position,
					snapshot.steps[position - 1],
					snapshot,
					{},
					deps
				);
				stored = position;
			}
			if (snapshot.steps.length === stored) await runs.saveSnapshot(db, run.id, snapshot, deps);
		}
	}
);
await runs.setRunStatus(db, run.id, 'finished', { summary: result.summary }, deps);
const json = await exportWorkspaceJson(db, opened.workspace.id);
db.close();
const url = new URL('../../../fixtures/runs/run-v1.workspace.json', import.meta.url);
const options = (await resolveConfig(url.pathname)) ?? {};
await writeFile(url, await format(json, { ...options, filepath: url.pathname }));
console.log(`wrote ${url.pathname}: ${stored} step records`);
