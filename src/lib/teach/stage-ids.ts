/**
 * Which analogy entry (see `analogy.ts`) a run's stage belongs to. Kept apart from the text so
 * that code needing only the id does not load the text.
 */
import type { Cursor } from '../../core/loop/state.ts';

/** The analogy id of the stage at `cursor` (the stage that runs, or has just run, there). */
export function analogyIdOf(cursor: Cursor | null): string | null {
	if (cursor === null) return null;
	switch (cursor.at) {
		case 'baseline':
			return 'baseline';
		case 'step':
			return cursor.stage;
		case 'epoch-end':
			return cursor.stage === 'slow-block' ? 'slow-update' : cursor.stage;
		case 'final':
			return cursor.stage === 'test' ? 'final' : 'validate';
		case 'done':
			return null;
	}
}
