/**
 * Where a finished run's best skill is saved: into the skill the run started from, whichever
 * skill is open in the editor when it ends (a person may switch skills while a run trains).
 *
 * The best is always added to that skill's history. It also becomes the skill's draft when the
 * draft is still the text the run started from; a draft the person changed meanwhile stays as it
 * is (the best is one click away in History). A skill deleted during the run is recreated from
 * the best, so a run's result is never lost.
 */
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import * as skills from './skills.ts';

/** The skill a run trains, as it was when the run started (or resumed) in this tab. */
export interface RunSkill {
	id: string;
	/** Its text then: a draft still equal to it takes the best. */
	startText: string;
}

export interface SavedBest {
	/** The skill that now holds the best (a new one when the run's skill was deleted). */
	skillId: string;
	/** Whether the best became the skill's draft (false: the person's draft was kept). */
	draft: boolean;
}

export const RUN_BEST_NOTE = 'best skill of a training run';

/**
 * Saves `best` into the run's skill.
 *
 * @param openText the editor's text when the run's skill is the one open (it is newer than the
 *   stored draft), else null.
 */
export async function saveRunBest(
	db: SkillOptDb,
	workspaceId: string,
	target: RunSkill,
	best: string,
	details: { runId?: string; openText: string | null },
	deps: RepoDeps = browserDeps
): Promise<SavedBest> {
	const note = { ...(details.runId ? { runId: details.runId } : {}), note: RUN_BEST_NOTE };
	const skill = await skills.getSkill(db, target.id);
	if (skill === undefined) {
		const made = await skills.createSkill(
			db,
			{ workspaceId, title: 'Best of a run', text: best, provenance: 'proposed-edit' },
			deps
		);
		return { skillId: made.id, draft: true };
	}
	const now = details.openText ?? skill.text;
	await skills.saveVersion(db, target.id, best, 'proposed-edit', note, deps);
	if (now === best || now === target.startText) return { skillId: target.id, draft: true };
	// Saving the version set the draft to the best: put the person's draft back.
	await skills.saveDraft(db, target.id, now, deps);
	return { skillId: target.id, draft: false };
}
