/** Key ranges over the compound keys of the schema, shared by the repositories. */

/** Every step key of one run: [runId, -∞] … [runId, +∞]. */
export function stepRange(runId: string): IDBKeyRange {
	return IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);
}

/** Every version of one skill in the `by-skill-created` index, oldest first. */
export function versionRange(skillId: string): IDBKeyRange {
	return IDBKeyRange.bound([skillId, -Infinity], [skillId, Infinity]);
}
