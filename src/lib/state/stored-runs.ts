/**
 * Reading a stored run back: its snapshot in the current format (older formats migrated, then
 * validated), its records with a format-v1 run's epoch records put back after their epoch, and
 * whether a record is a rerun's. Plain functions, shared by the workspace store (opening and
 * resuming runs) and the rerun launcher.
 */
import type { EpochRecord, LogRecord, RunSnapshot } from '../../core/loop/state.ts';
import { RUN_SNAPSHOT_FORMAT_V1 } from '../../core/loop/state.ts';
import { validateSnapshot } from '../../core/loop/snapshot-check.ts';
import { legacyEpochRecords, migrateSnapshot, snapshotFormat } from '../../core/loop/migrate.ts';

/**
 * Whether a stored run config is a rerun's (a comparison). A loose look, not the schema: that
 * (`run-view/variants.ts`) loads with the run view, not at first paint.
 */
export function isRerun(config: unknown): boolean {
	return typeof config === 'object' && config !== null && 'variant' in config;
}

/** A stored snapshot in the current format (older formats migrated), validated; throws if not. */
export function restoreSnapshot(value: unknown): RunSnapshot {
	const migrated = migrateSnapshot(value);
	validateSnapshot(migrated);
	return migrated;
}

/** A stored snapshot restored, or null when it cannot be read. */
export function readSnapshot(value: unknown): RunSnapshot | null {
	try {
		return restoreSnapshot(value);
	} catch {
		return null;
	}
}

/**
 * A run's records as the run view and a resume read them. Format v1 kept epoch records in the
 * snapshot only: they are put after their epoch's steps (and `legacy` says the run is v1).
 */
export function storedRecords(
	snapshot: unknown,
	logged: LogRecord[]
): { records: LogRecord[]; legacy: boolean } {
	const legacy = snapshotFormat(snapshot) === RUN_SNAPSHOT_FORMAT_V1;
	return { records: legacy ? withEpochs(logged, legacyEpochRecords(snapshot)) : logged, legacy };
}

/** v1 step records with the epoch records of the snapshot, each after its epoch's last record. */
function withEpochs(stored: LogRecord[], epochs: EpochRecord[]): LogRecord[] {
	const out: LogRecord[] = [];
	const pending = [...epochs].sort((a, b) => a.epoch - b.epoch);
	for (const record of stored) {
		while (pending[0] !== undefined && pending[0].epoch < record.epoch) {
			const next = pending.shift();
			if (next) out.push(next);
		}
		out.push(record);
	}
	return [...out, ...pending];
}
