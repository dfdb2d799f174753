/**
 * Which skill versions the History list shows and which it folds away. Automatic versions pile
 * up (a copy is kept before every wholesale replacement: 46 in twenty minutes of use), which
 * buried the ones a person cares about. Shown: every version a person saved (or imported,
 * shared, started from), each run's starting skill and best skill, and the latest automatic
 * copy. The other automatic copies are folded, never deleted: nothing leaves the history.
 */
import type { SkillVersionRecord } from '../persistence/index.ts';

/** The note on the copy kept before a wholesale replacement (starter, best skill, restore). */
export const AUTOSAVE_NOTE = 'kept before a replacement';
/** The note on the skill a training run started from. */
export const RUN_START_NOTE = 'skill a run started from';

export type VersionKind = 'saved' | 'run-start' | 'run-best' | 'autosave' | 'other';

/** What a version is, from its provenance, run and note. */
export function versionKind(version: SkillVersionRecord): VersionKind {
	if (version.note === AUTOSAVE_NOTE) return 'autosave';
	if (version.runId !== undefined && version.note === RUN_START_NOTE) return 'run-start';
	if (version.runId !== undefined && version.provenance === 'proposed-edit') return 'run-best';
	if (version.provenance === 'slow-update') return 'other';
	return 'saved';
}

export interface FoldedHistory {
	/** Newest first, as given. */
	shown: SkillVersionRecord[];
	/** Automatic copies other than the latest one, newest first. */
	folded: SkillVersionRecord[];
}

/** Split `versions` (newest first) into shown and folded. */
export function foldHistory(versions: readonly SkillVersionRecord[]): FoldedHistory {
	const shown: SkillVersionRecord[] = [];
	const folded: SkillVersionRecord[] = [];
	let latestAutoSeen = false;
	for (const version of versions) {
		const kind = versionKind(version);
		if (kind === 'autosave' || kind === 'other') {
			if (!latestAutoSeen && kind === 'autosave') {
				latestAutoSeen = true;
				shown.push(version);
			} else {
				folded.push(version);
			}
		} else {
			shown.push(version);
		}
	}
	return { shown, folded };
}

/** One piece of a diff between two texts, for display. */
export interface DiffPiece {
	kind: 'same' | 'removed' | 'added';
	text: string;
}

/**
 * The difference from `a` to `b` as pieces, using @codemirror/merge's diff (loaded lazily: the
 * History dialog is the only place that needs it).
 */
export async function diffPieces(a: string, b: string): Promise<DiffPiece[]> {
	const { presentableDiff } = await import('@codemirror/merge');
	const pieces: DiffPiece[] = [];
	let posA = 0;
	for (const change of presentableDiff(a, b)) {
		if (change.fromA > posA) pieces.push({ kind: 'same', text: a.slice(posA, change.fromA) });
		if (change.toA > change.fromA) {
			pieces.push({ kind: 'removed', text: a.slice(change.fromA, change.toA) });
		}
		if (change.toB > change.fromB) {
			pieces.push({ kind: 'added', text: b.slice(change.fromB, change.toB) });
		}
		posA = change.toA;
	}
	if (posA < a.length) pieces.push({ kind: 'same', text: a.slice(posA) });
	return pieces;
}
