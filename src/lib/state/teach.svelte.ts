/**
 * Teaching aids that are not run settings: whether the deep-learning analogy panel is open.
 * (Step mode is a run setting, `RunSettings.stepMode`, because a resumed run needs it.)
 *
 * Lesson links preset both: `useTeach().setAnalogyOpen(true)` and
 * `useRunController().setStepMode(true)`.
 */
import { getContext, setContext } from 'svelte';

export class TeachState {
	#analogyOpen = $state(false);

	/** Whether the analogy panel is shown. */
	get analogyOpen(): boolean {
		return this.#analogyOpen;
	}

	/** Open or close the analogy panel (the toggle button, a lesson link). */
	setAnalogyOpen(open: boolean): void {
		this.#analogyOpen = open;
	}
}

const KEY = Symbol('teach');

export function createTeachState(): TeachState {
	return setContext(KEY, new TeachState());
}

export function useTeach(): TeachState {
	return getContext<TeachState>(KEY);
}
