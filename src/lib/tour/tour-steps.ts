/**
 * The guided tour's steps: each is a short text, then Space (or the button), then the action
 * happens on the real app — pick coin flip, load the simulated model, start a quick run, look at
 * the first verdict row. Actions work through the same state and controls a person uses, and
 * answer with a problem sentence (or null) so the tour can say what went wrong and go on.
 */
import type { TaskPackState } from '../state/task-pack.svelte.ts';
import type { ModelState } from '../state/model-state.svelte.ts';
import type { RunController } from '../state/run-controller.svelte.ts';
import { chooseQuickTask, loadSimulation, pressStart, QUICK_RUN } from './quick-run.ts';

export interface TourParts {
	tasks: TaskPackState;
	model: ModelState;
	run: RunController;
}

export interface TourStep {
	id: string;
	title: string;
	text: string;
	/** The primary button's label: what Space does. */
	action: string;
	/** What to outline on the page while the step is shown. */
	target: string | null;
	/** Does the step's action; a sentence when it could not, else a note (or null). */
	run: (parts: TourParts) => Promise<{ problem: string } | { note: string | null }>;
}

export const TOUR_STEPS: readonly TourStep[] = [
	{
		id: 'task',
		title: 'Pick a task',
		text: 'SkillOpt trains a skill — the markdown on the left, which the model reads as instructions — on a task with graded items: train items to learn from, val items for the gate, test items held out. Coin flip asks where a coin ends up after a few flips.',
		action: 'Pick coin flip',
		target: '.task-picker',
		run: async ({ tasks }) => {
			await chooseQuickTask(tasks);
			return tasks.pack ? { note: null } : { problem: tasks.error ?? 'The task did not load.' };
		}
	},
	{
		id: 'model',
		title: 'Choose the simulated model',
		text: 'The model stays frozen; only the skill changes, like weights in deep learning. The simulated model runs anywhere and reacts to the rules a skill states. It is a simulation, not a language model.',
		action: 'Load the simulated model',
		target: '.model-panel',
		run: async ({ model }) => {
			await loadSimulation(model);
			return model.ready
				? { note: null }
				: { problem: model.error ?? 'The simulated model did not load.' };
		}
	},
	{
		id: 'start',
		title: 'Start a quick run',
		text: 'One epoch in small batches: the model answers train items (the forward pass), the optimiser reads the failures and proposes edits (the backward pass), and the gate keeps a candidate only if it does better on val.',
		action: 'Start the run',
		target: '[data-testid="run-toggle"]',
		run: async ({ run }) => {
			run.settings = { ...QUICK_RUN.settings };
			return (await pressStart())
				? { note: null }
				: { problem: 'The run could not start: the run panel says why.' };
		}
	},
	{
		id: 'verdict',
		title: 'Read the first verdict',
		text: 'Each row of the run view is one step: the candidate’s score on val against the best so far, and whether the gate kept the candidate or rejected it.',
		action: 'Show the first verdict',
		target: '[data-testid="step-row"]',
		run: async () => {
			const row = await waitFor('[data-testid="step-row"]', 90_000);
			if (!row) return { problem: 'No step has finished yet; the run view will show it.' };
			row.scrollIntoView({ block: 'center', behavior: 'smooth' });
			const verdict = row.querySelector('td.verdict')?.textContent?.trim() ?? '';
			return { note: verdict ? `First verdict: ${verdict}` : null };
		}
	},
	{
		id: 'done',
		title: 'That is the loop',
		text: 'Let the run finish: its best skill lands in the editor, and History keeps the skill you started from. Quick run repeats this run; the Tour button opens this tour again.',
		action: 'Finish the tour',
		target: null,
		run: async () => ({ note: null })
	}
];

async function waitFor(selector: string, timeoutMs: number): Promise<Element | null> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const found = document.querySelector(selector);
		if (found) return found;
		await new Promise((resolve) => setTimeout(resolve, 150));
	}
	return null;
}
