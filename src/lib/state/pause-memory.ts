/**
 * Remembers, per run, that the person pressed Pause, so a paused run survives a reload as a
 * paused run: resumed, it finishes the stage it restarts and waits again instead of running on.
 * (Step mode needs no memory: it is one of the run's stored settings.) localStorage, because
 * this is the tab's view of a run, not the run's data; storage that refuses only means the
 * resumed run does not pause by itself.
 */
import { tabStorage } from './local-storage.ts';

const PREFIX = 'skillopt-paused:';

/** Note that run `runId` was paused by the person (`on`), or that it went on or ended. */
export function rememberPause(runId: string, on: boolean): void {
	try {
		if (on) tabStorage()?.setItem(PREFIX + runId, '1');
		else tabStorage()?.removeItem(PREFIX + runId);
	} catch {
		// Not remembered: after a reload the run resumes without pausing, as before.
	}
}

/** Whether the person had paused run `runId` when the page last left it. */
export function pausedByPerson(runId: string): boolean {
	try {
		return tabStorage()?.getItem(PREFIX + runId) === '1';
	} catch {
		return false;
	}
}
