/**
 * Which task pack a skill belongs to, for skills recorded before skills named their pack
 * (IndexedDB v1, workspace file v1). One rule for both migrations, so a database and a file of
 * the same workspace migrate alike: the pack of the skill's latest run, else the pack its
 * workspace had open, else none. A pack that no longer exists counts as none.
 */

export interface RunPackRef {
	skillId?: string | undefined;
	packId?: string | undefined;
	createdAt: number;
}

/**
 * @param skill The skill being migrated.
 * @param runs Every run of the workspace (any order).
 * @param workspacePackId The workspace's current pack, or null.
 * @param packIds The ids of the packs that exist.
 * @example migratedPackId({ id: 's1' }, [{ skillId: 's1', packId: 'p2', createdAt: 5 }], 'p1', new Set(['p1', 'p2'])) // 'p2'
 */
export function migratedPackId(
	skill: { id: string },
	runs: readonly RunPackRef[],
	workspacePackId: string | null,
	packIds: ReadonlySet<string>
): string | null {
	let latest: RunPackRef | undefined;
	for (const run of runs) {
		if (run.skillId !== skill.id || run.packId === undefined || !packIds.has(run.packId)) continue;
		if (latest === undefined || run.createdAt > latest.createdAt) latest = run;
	}
	if (latest?.packId !== undefined) return latest.packId;
	return workspacePackId !== null && packIds.has(workspacePackId) ? workspacePackId : null;
}
