/**
 * The persistence layer's public surface: import from here, not from the files behind it.
 *
 * Repositories are namespaces of functions that take the database first, as idb's methods do:
 * `skills.saveVersion(db, skillId, text, 'typed')`. See README.md in this folder for the map.
 */
import type * as WorkspaceFile from './workspace-file.ts';
import type { RestoredWorkspace } from './workspace-export.ts';
export {
	ALL_STORES,
	DB_NAME,
	DB_VERSION,
	INDEXES,
	openSkillOptDb,
	STORES,
	type OpenOptions,
	type SkillOptDb,
	type SkillOptSchema,
	type StoreName
} from './db.ts';
export type * from './records.ts';
export {
	EVALUATION_ARMS,
	EVALUATION_STATUSES,
	RUN_STATUSES,
	VERSION_PROVENANCES
} from './records.ts';
export {
	DatabaseBlockedError,
	DatabaseVersionError,
	isQuotaError,
	RecordNotFoundError,
	StepOrderError,
	StorageFullError,
	WorkspaceFileError
} from './errors.ts';
export { browserDeps, type RepoDeps } from './deps.ts';
export { tx, type Tx } from './tx.ts';
export * as workspaces from './workspaces.ts';
export * as skills from './skills.ts';
export * as packs from './packs.ts';
export * as runs from './runs.ts';
export * as settings from './settings.ts';
export * as evaluations from './evaluations.ts';
export { RUN_BEST_NOTE, saveRunBest, type RunSkill, type SavedBest } from './run-best.ts';
export { openLastWorkspace, type OpenedWorkspace, type Starter } from './bootstrap.ts';
export {
	DEFAULT_SAVE_DELAY_MS,
	DebouncedSaver,
	flushOnHide,
	type DebouncedSaverOptions
} from './debounced-saver.ts';
export {
	exportWorkspace,
	exportWorkspaceJson,
	WORKSPACE_FORMAT_V1,
	WORKSPACE_FORMAT_V2,
	workspaceFileName,
	type RestoredWorkspace,
	type WorkspaceContents,
	type WorkspaceFileV2
} from './workspace-export.ts';

/**
 * `workspace-file.ts`'s reader, fetched on first use: its schemas and the pack parser are only
 * needed when a file is imported, so they stay out of the first paint.
 */
export async function restoreWorkspaceFile(
	...args: Parameters<typeof WorkspaceFile.restoreWorkspaceFile>
): Promise<RestoredWorkspace> {
	const { restoreWorkspaceFile: restore } = await import('./workspace-file.ts');
	return restore(...args);
}
export { importWorkspace, type ImportMode, type ImportOptions } from './workspace-import.ts';
export {
	browserLockEnv,
	runLockName,
	tryAcquireRunLock,
	waitForRunLock,
	type LockEnv,
	type RunLock
} from './locks.ts';
export {
	createTabId,
	parseRunMessage,
	RUN_CHANNEL_NAME,
	RunChannel,
	type RunChannelMessage
} from './run-channel.ts';
export {
	formatBytes,
	getStorageReport,
	requestPersistentStorage,
	runSizes,
	type RunSize,
	type StorageReport
} from './storage-estimate.ts';
