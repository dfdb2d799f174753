/**
 * The check a stored snapshot passes before a run resumes from it, apart from the trainer, so
 * that the app can vet stored runs at start-up without loading the training loop itself.
 */
import { errorMessage } from '../errors.ts';
import { checkConfig } from './config.ts';
import { SnapshotError } from './errors.ts';
import { checkSnapshot } from './snapshot-schema.ts';
import type { RunSnapshot } from './state.ts';

/**
 * Checks that a stored value is a run snapshot this version can resume.
 *
 * @throws SnapshotError naming what is wrong.
 */
export function validateSnapshot(snapshot: unknown): asserts snapshot is RunSnapshot {
	const checked = checkSnapshot(snapshot);
	if (!checked.ok) {
		const more = checked.errors.length > 3 ? ` (and ${checked.errors.length - 3} more)` : '';
		throw new SnapshotError(`${checked.errors.slice(0, 3).join('; ')}${more}`);
	}
	// Resumed settings get the checks a new run's get: a stored `mergeBatchSize: 1` would spin
	// the merge loop forever, an unknown schedule kind would silently run as something else.
	try {
		checkConfig((snapshot as Partial<RunSnapshot>).config);
	} catch (err) {
		throw new SnapshotError(`its settings are invalid: ${errorMessage(err)}`);
	}
}
