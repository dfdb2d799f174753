/**
 * What the app does on start: open the most recently used workspace with its current skill,
 * creating both on first launch (or when the current skill was deleted), so the UI always has a
 * skill to show. Everything it creates goes through the repositories.
 */
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import type { SkillRecord, WorkspaceRecord } from './records.ts';
import { createSkill, getSkill, listSkills } from './skills.ts';
import { createWorkspace, listWorkspaces, updateWorkspace } from './workspaces.ts';

export interface Starter {
	workspaceName: string;
	skillTitle: string;
	/** The starter skill text; saved as the first version with provenance 'starter'. */
	skillText: string;
}

export interface OpenedWorkspace {
	workspace: WorkspaceRecord;
	skill: SkillRecord;
	/** True when this call created the workspace (first launch). */
	created: boolean;
}

/**
 * @example
 * const { workspace, skill } = await openLastWorkspace(db, {
 * 	workspaceName: 'My workspace', skillTitle: 'Untitled skill', skillText: STARTER_SKILL
 * });
 */
export async function openLastWorkspace(
	db: SkillOptDb,
	starter: Starter,
	deps: RepoDeps = browserDeps
): Promise<OpenedWorkspace> {
	const [last] = await listWorkspaces(db);
	const created = last === undefined;
	let workspace = last ?? (await createWorkspace(db, starter.workspaceName, deps));
	const current =
		workspace.currentSkillId === null ? undefined : await getSkill(db, workspace.currentSkillId);
	if (current !== undefined) return { workspace, skill: current, created };
	const skill =
		(await listSkills(db, workspace.id))[0] ??
		(await createSkill(
			db,
			{
				workspaceId: workspace.id,
				title: starter.skillTitle,
				text: starter.skillText,
				provenance: 'starter'
			},
			deps
		));
	workspace = await updateWorkspace(db, workspace.id, { currentSkillId: skill.id }, deps);
	return { workspace, skill, created };
}
