/**
 * Starting a rerun: its settings are what the run trained with (its snapshot's config), not
 * what its stored panel settings say; only finished runs whose edits a model proposed can be
 * rerun; a rerun that cannot be recorded does not start, and says why.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunRecord } from '../../../src/lib/persistence/records.ts';
import type { RunSnapshot } from '../../../src/core/loop/state.ts';
import { RerunLauncher, rerunBase } from '../../../src/lib/state/rerun.svelte.ts';
import {
	DEFAULT_RUN_SETTINGS,
	RunController
} from '../../../src/lib/state/run-controller.svelte.ts';
import type { WorkspaceStore } from '../../../src/lib/state/workspace.svelte.ts';
import type { ModelState } from '../../../src/lib/state/model-state.svelte.ts';
import type { TaskPackState } from '../../../src/lib/state/task-pack.svelte.ts';
import { pack, scriptedRun } from '../core/loop/helpers.ts';

let snapshot: RunSnapshot;
beforeAll(async () => {
	const p = await pack('coin-flip');
	const { result } = await scriptedRun({ pack: p, seed: 7, epochs: 1, batchSize: 10 });
	snapshot = result.snapshot;
}, 60_000);

function record(over: Partial<RunRecord> = {}): RunRecord {
	return {
		id: 'run-1',
		workspaceId: 'w',
		createdAt: 1,
		updatedAt: 2,
		status: 'finished',
		// The stored panel settings disagree with what the run trained with: the snapshot wins.
		config: {
			settings: { ...DEFAULT_RUN_SETTINGS, seed: 99, batchSize: 3 },
			engineLabel: 'sim',
			packTitle: 'Coin flip'
		},
		snapshot,
		summary: null,
		lastStepIndex: 4,
		...over
	};
}

describe('a run as a base for reruns', () => {
	it('takes its settings from what it trained with', () => {
		const base = rerunBase(record());
		if (typeof base === 'string') throw new Error(base);
		expect(base.settings.seed).toBe(7);
		expect(base.settings.batchSize).toBe(10);
		expect(base.settings.epochs).toBe(1);
		expect(base.engineLabel).toBe('sim');
	});

	it('refuses an unfinished run, an unreadable snapshot and a person-proposed run', () => {
		expect(rerunBase(record({ status: 'paused' }))).toMatch(/finished/);
		expect(rerunBase(record({ snapshot: { broken: true } }))).toMatch(/cannot be read/);
		const mine = record({
			config: { settings: { ...DEFAULT_RUN_SETTINGS, proposer: 'me' }, engineLabel: 'sim' }
		});
		expect(rerunBase(mine)).toMatch(/You proposed/);
	});
});

describe('starting a rerun', () => {
	function parts(recordNewRun: WorkspaceStore['recordNewRun']) {
		const run = new RunController();
		const start = vi.spyOn(run, 'start');
		// Only what the launcher reads; the rest of each store is not involved.
		const workspace = { db: {}, following: null, recordNewRun } as unknown as WorkspaceStore;
		const model = { ready: true, loadedLabel: 'sim' } as unknown as ModelState;
		const tasks = {} as unknown as TaskPackState;
		return { launcher: new RerunLauncher({ workspace, run, model, tasks }), start };
	}

	it('does not start when the rerun cannot be recorded, and says why', async () => {
		const base = rerunBase(record());
		if (typeof base === 'string') throw new Error(base);
		const full = parts(() =>
			Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
		);
		await full.launcher.start(base, { setting: 'gate', enabled: false });
		expect(full.launcher.problem).toMatch(/could not be recorded, so it did not start: The quota/);
		expect(full.start).not.toHaveBeenCalled();

		const same = parts(() => Promise.resolve(null));
		await same.launcher.start(base, { setting: 'gate', enabled: true });
		expect(same.launcher.problem).toBe('That is the run’s own setting: choose a different value.');
		expect(same.start).not.toHaveBeenCalled();
	});

	it('names the model to load when another one is loaded', () => {
		const base = rerunBase(record());
		if (typeof base === 'string') throw new Error(base);
		const { launcher } = parts(() => Promise.resolve(null));
		expect(launcher.blocker(base)).toBeNull();
		const other = new RerunLauncher({
			workspace: { db: {}, following: null } as unknown as WorkspaceStore,
			run: new RunController(),
			model: { ready: true, loadedLabel: 'another model' } as unknown as ModelState,
			tasks: {} as unknown as TaskPackState
		});
		expect(other.blocker(base)).toMatch(
			/run’s own model, “sim”; the loaded one is “another model”/
		);
	});
});
