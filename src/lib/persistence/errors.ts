/**
 * Named errors of the persistence layer. The UI branches on `err.name` (they survive comlink and
 * `structuredClone` that way) and shows `err.message` as it is, so every message says what to do.
 */

/** The browser refused a write because the origin's storage quota is used up. */
export class StorageFullError extends Error {
	constructor(options?: { cause?: unknown }) {
		super(
			'Storage is full: delete old runs or cached models, or allow persistent storage.',
			options
		);
		this.name = 'StorageFullError';
	}
}

/** Another tab holds an older connection open, so the database cannot be upgraded now. */
export class DatabaseBlockedError extends Error {
	constructor(options?: { cause?: unknown }) {
		super(
			'The local database is being upgraded, but another tab of this app still has it open: ' +
				'close the other SkillOpt Playground tabs, then reload this one.',
			options
		);
		this.name = 'DatabaseBlockedError';
	}
}

/** The database on disk was written by a newer version of the app than this one. */
export class DatabaseVersionError extends Error {
	constructor(options?: { cause?: unknown }) {
		super(
			'The local database was written by a newer version of SkillOpt Playground: reload the ' +
				'page to get the latest version (your data has not been changed).',
			options
		);
		this.name = 'DatabaseVersionError';
	}
}

/** A record that a repository call needs does not exist (deleted in another tab, bad id). */
export class RecordNotFoundError extends Error {
	constructor(what: string, id: string) {
		super(`${what} '${id}' was not found in local storage (it may have been deleted).`);
		this.name = 'RecordNotFoundError';
	}
}

/** A run step was appended out of order (at or before the run's last written step). */
export class StepOrderError extends Error {
	constructor(runId: string, index: number, lastStepIndex: number) {
		super(
			`Run '${runId}': step ${index} cannot follow step ${lastStepIndex} (steps are written once, ` +
				'in increasing order).'
		);
		this.name = 'StepOrderError';
	}
}

/** A workspace file (or other outside document) that cannot be read; `path` names the field. */
export class WorkspaceFileError extends Error {
	readonly path: string;
	constructor(path: string, problem: string) {
		super(path === '' ? problem : `${path}: ${problem}`);
		this.name = 'WorkspaceFileError';
		this.path = path;
	}
}

/**
 * True for the quota errors browsers raise: the `QuotaExceededError` DOMException (also as the
 * `error` of an aborted transaction), Firefox's older `NS_ERROR_DOM_QUOTA_REACHED`, or legacy
 * code 22.
 */
export function isQuotaError(err: unknown): boolean {
	if (typeof err !== 'object' || err === null) return false;
	const name = 'name' in err ? err.name : undefined;
	if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
	if ('code' in err && err.code === 22 && name !== undefined) return true;
	return 'cause' in err && err.cause !== err && isQuotaError(err.cause);
}

/** Maps a low-level IndexedDB failure to the named error the UI knows, or returns it as it is. */
export function toStorageError(err: unknown): unknown {
	if (err instanceof StorageFullError) return err;
	return isQuotaError(err) ? new StorageFullError({ cause: err }) : err;
}
