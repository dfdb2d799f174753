/**
 * "Quick run": a small, fast training run with the simulation, for a first look at the loop —
 * coin flip with small splits, one epoch, small batches, the simulated model. Used by the Quick
 * run button and by the guided tour.
 */
import { findFamily } from '../../core/packs/families/index.ts';
import type { TaskPackState } from '../state/task-pack.svelte.ts';
import type { ModelState } from '../state/model-state.svelte.ts';
import { DEFAULT_RUN_SETTINGS, type RunController } from '../state/run-controller.svelte.ts';

export const QUICK_RUN = {
	family: 'coin-flip',
	sizes: { train: 8, val: 10, test: 10 },
	settings: { ...DEFAULT_RUN_SETTINGS, epochs: 1, batchSize: 4, budgetMax: 2, budgetMin: 1 }
} as const;

/** Coin flip at its easiest level with small splits. */
export async function chooseQuickTask(tasks: TaskPackState): Promise<void> {
	const family = findFamily(QUICK_RUN.family);
	if (!family) return;
	tasks.selection = {
		familyId: family.id,
		difficulty: family.difficulties[0] ?? family.defaultDifficulty,
		seed: tasks.selection.seed,
		sizes: { ...QUICK_RUN.sizes }
	};
	await tasks.applySelection();
}

/** Select the simulation (default scenario) and load it unless it is loaded already. */
export async function loadSimulation(model: ModelState): Promise<void> {
	const loaded = model.loaded;
	if (model.ready && loaded?.kind === 'scripted') return;
	model.choice = 'scripted';
	model.scenario = 'default';
	await model.load();
}

/** Everything a quick run needs, short of pressing Start (the run panel owns starting). */
export async function prepareQuickRun(parts: {
	tasks: TaskPackState;
	model: ModelState;
	run: RunController;
}): Promise<void> {
	await chooseQuickTask(parts.tasks);
	parts.run.settings = { ...QUICK_RUN.settings };
	await loadSimulation(parts.model);
}

/**
 * Press the run panel's Start button once it is enabled (the pack and the model may still be
 * getting ready). Going through the button keeps one way to start a run: the panel records it,
 * saves the starting skill and hands the best skill back to the editor.
 */
export async function pressStart(timeoutMs = 20_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const button = document.querySelector<HTMLButtonElement>('[data-testid="run-toggle"]');
		if (button && !button.disabled && button.textContent?.trim() === 'Start training') {
			button.click();
			return true;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return false;
}
