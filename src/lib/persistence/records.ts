/**
 * The shapes of the records stored in IndexedDB, version 2 (v2: a skill names its task pack and
 * always has a description; evaluations of skills on their packs and on other models).
 *
 * NOTE: these are persisted. Adding an optional field is safe; renaming, removing or changing the
 * meaning of a field needs a migration step in `db.ts` (and a new fixture in `test/fixtures/db/`).
 * Values that belong to other modules (run config, core snapshot, step records) are stored as
 * opaque structured-clone-safe data: their owners validate them when they read them back.
 */
import type { SplitName, TaskPack } from '../../core/packs/types.ts';

/** A workspace groups skills, packs and runs; the app opens one at a time. */
export interface WorkspaceRecord {
	id: string;
	name: string;
	createdAt: number;
	updatedAt: number;
	/** The skill open in the editor, or null before there is one. */
	currentSkillId: string | null;
	/** The task pack in use (an id in `packs`), or null. */
	currentPackId: string | null;
}

/** A skill and its current draft. Saved versions live in `skillVersions`. */
export interface SkillRecord {
	id: string;
	workspaceId: string;
	/** The skill's name in the skills list. */
	title: string;
	/** What the skill is for, in a sentence ('' when none was given). Since v2 always present. */
	description: string;
	/**
	 * The task pack the skill is trained and evaluated on (an id in `packs`), or null before it
	 * has one. Since v2; v1 skills were migrated from their latest run or the workspace's pack.
	 */
	packId: string | null;
	/** The current draft: what the editor shows, saved while typing (debounced). */
	text: string;
	createdAt: number;
	updatedAt: number;
}

/** Where a saved version of a skill came from. */
export type VersionProvenance =
	'typed' | 'proposed-edit' | 'slow-update' | 'imported' | 'shared' | 'starter';

export const VERSION_PROVENANCES: readonly VersionProvenance[] = [
	'typed',
	'proposed-edit',
	'slow-update',
	'imported',
	'shared',
	'starter'
];

/** One saved version of a skill: the skill's history (not the editor's undo stack). */
export interface SkillVersionRecord {
	id: string;
	skillId: string;
	text: string;
	/** SHA-256 of the UTF-8 text, lowercase hex (64 characters). */
	hash: string;
	/** Strictly increasing per skill, so "newest" is never ambiguous. */
	createdAt: number;
	provenance: VersionProvenance;
	/** The run that produced it (proposed edits, slow updates). */
	runId?: string;
	/** The run step that produced it. */
	step?: number;
	note?: string;
}

/** How a pack is stored: built-in packs are regenerated from their settings. */
export type PackSource =
	| {
			kind: 'built-in';
			familyId: string;
			difficulty: number;
			seed: number;
			/** Split sizes when they differ from the family's defaults. */
			sizes?: Partial<Record<SplitName, number>>;
			/** The generated pack after the user edited items, when they did. */
			edited?: TaskPack;
	  }
	| {
			kind: 'imported';
			pack: TaskPack;
			/** The file name or URL it came from, shown as its origin. */
			fileName?: string;
			url?: string;
			/** Whether it holds `js` graders (the UI asks for consent before running them). */
			containsCode: boolean;
	  };

export interface PackRecord {
	id: string;
	workspaceId: string;
	title: string;
	createdAt: number;
	updatedAt: number;
	source: PackSource;
}

export type RunStatus = 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export const RUN_STATUSES: readonly RunStatus[] = [
	'running',
	'paused',
	'stopped',
	'finished',
	'failed'
];

/**
 * A training run. `snapshot` is the core's latest run snapshot (which also carries the gate's
 * score cache), replaced in the same transaction as each appended step.
 */
export interface RunRecord {
	id: string;
	workspaceId: string;
	/** The skill and pack it trains on, when known (for listing; the config is authoritative). */
	skillId?: string;
	packId?: string;
	title?: string;
	createdAt: number;
	updatedAt: number;
	status: RunStatus;
	/** The resolved run configuration (opaque JSON, owned by the loop). */
	config: unknown;
	/** The latest core snapshot (opaque, owned by the loop), or null before the first one. */
	snapshot: unknown;
	/** A small summary for lists (best score, steps done...), or null. */
	summary: unknown;
	/** Index of the last step written, -1 before the first. */
	lastStepIndex: number;
	/** The tab that drove it last (a per-tab id), for "open in another tab" messages. */
	ownerTab?: string;
	/** Why it failed, when `status` is 'failed'. */
	error?: string;
}

/** One completed step of a run, keyed by [runId, index]. */
export interface RunStepRecord {
	runId: string;
	index: number;
	createdAt: number;
	/** The loop's step record (opaque JSON). */
	record: unknown;
	/** The gate verdict, when kept apart from the record. */
	gate?: unknown;
	/** The rollouts (per-item results and transcripts) of the step. */
	rollouts?: unknown;
}

/** A global setting (engine, models, remembered endpoint...). Not part of workspace files. */
export interface SettingRecord {
	key: string;
	value: unknown;
	updatedAt: number;
}

/** Which skill an evaluation arm ran: the skill itself, none (an empty skill), or its seed. */
export type EvaluationArm = 'skill' | 'none' | 'seed';

export const EVALUATION_ARMS: readonly EvaluationArm[] = ['skill', 'none', 'seed'];

/** Why an evaluation is in the library: the skill on its own pack, or on another model. */
export type EvaluationKind = 'library' | 'transfer';

export type EvaluationStatus = 'running' | 'finished' | 'stopped' | 'failed';

export const EVALUATION_STATUSES: readonly EvaluationStatus[] = [
	'running',
	'finished',
	'stopped',
	'failed'
];

/** One item's grade under one arm. */
export interface EvaluationItemResult {
	itemId: string;
	hard: number;
	soft: number;
}

/** The results of one arm: which text ran (by hash) and each item's grade, in item order. */
export interface EvaluationArmRecord {
	arm: EvaluationArm;
	/** SHA-256 of the skill text the arm ran ('' for the empty skill's hash too: it is hashed). */
	skillHash: string;
	results: EvaluationItemResult[];
}

/**
 * A skill evaluated on its pack's test split under several arms, with one engine (since v2).
 * Partial results of a stopped evaluation are kept: the statistics use the items every arm has.
 */
export interface EvaluationRecord {
	id: string;
	workspaceId: string;
	skillId: string;
	packId: string;
	kind: EvaluationKind;
	createdAt: number;
	updatedAt: number;
	status: EvaluationStatus;
	/** The engine it ran on: its kind, a label people read, and the model where there is one. */
	engine: { kind: string; label: string; model?: string };
	/** The executor's generation seed. */
	seed: number;
	/** How many test items the evaluation covers when complete. */
	itemCount: number;
	arms: EvaluationArmRecord[];
	/** Why it failed, when `status` is 'failed'. */
	error?: string;
}
