/** The History list keeps what people care about and folds (never drops) automatic copies. */
import { describe, expect, it } from 'vitest';
import type { SkillVersionRecord } from '../../../src/lib/persistence/index.ts';
import {
	AUTOSAVE_NOTE,
	RUN_START_NOTE,
	diffPieces,
	foldHistory,
	versionKind
} from '../../../src/lib/state/history-fold.ts';

let n = 0;
function v(partial: Partial<SkillVersionRecord>): SkillVersionRecord {
	n++;
	return {
		id: `v${n}`,
		skillId: 's',
		text: `text ${n}`,
		hash: `h${n}`,
		createdAt: 1000 - n,
		provenance: 'typed',
		...partial
	};
}

describe('foldHistory', () => {
	it('shows saved versions, run starts and bests, and the latest autosave; folds the rest', () => {
		const latestAuto = v({ note: AUTOSAVE_NOTE });
		const saved = v({});
		const best = v({
			provenance: 'proposed-edit',
			runId: 'r1',
			note: 'best skill of a training run'
		});
		const olderAutos = Array.from({ length: 40 }, () => v({ note: AUTOSAVE_NOTE }));
		const start = v({ runId: 'r1', note: RUN_START_NOTE });
		const slow = v({ provenance: 'slow-update', runId: 'r1' });
		const starter = v({ provenance: 'starter' });
		const all = [latestAuto, saved, best, ...olderAutos, start, slow, starter];

		const { shown, folded } = foldHistory(all);
		expect(shown.map((x) => x.id)).toEqual(
			[latestAuto, saved, best, start, starter].map((x) => x.id)
		);
		expect(folded).toHaveLength(41);
		// Nothing is lost: shown and folded together are every version.
		expect(new Set([...shown, ...folded].map((x) => x.id))).toEqual(new Set(all.map((x) => x.id)));
		expect(versionKind(start)).toBe('run-start');
		expect(versionKind(best)).toBe('run-best');
		expect(versionKind(saved)).toBe('saved');
	});
});

describe('diffPieces', () => {
	it('rebuilds both texts from the pieces and marks what changed', async () => {
		const a = '# Skill\n\nAnswer with yes or no.\n';
		const b = '# Skill\n\nAnswer with one word: yes or no.\nCount flips.\n';
		const pieces = await diffPieces(a, b);
		const join = (kinds: string[]) =>
			pieces
				.filter((p) => kinds.includes(p.kind))
				.map((p) => p.text)
				.join('');
		expect(join(['same', 'removed'])).toBe(a);
		expect(join(['same', 'added'])).toBe(b);
		expect(pieces.some((p) => p.kind === 'added' && p.text.includes('Count flips'))).toBe(true);
	});
});
