/**
 * The task pack a stored pack record stands for, rebuilt for an evaluation: an imported pack is
 * stored whole, a built-in one is regenerated from its settings (or is its edited copy). The
 * same rebuild the workspace does when it restores its current pack.
 */
import { buildFamilyPack } from '../../core/packs/build.ts';
import { findFamily } from '../../core/packs/families/index.ts';
import type { TaskPack } from '../../core/packs/types.ts';
import type { PackRecord } from '../persistence/index.ts';
import { browserHasher } from '../platform.ts';

export async function packOfRecord(record: PackRecord): Promise<TaskPack> {
	const source = record.source;
	if (source.kind === 'imported') return source.pack;
	if (source.edited) return source.edited;
	const family = findFamily(source.familyId);
	if (!family) throw new Error(`This app has no task family “${source.familyId}”.`);
	return buildFamilyPack(
		family,
		{
			seed: source.seed,
			difficulty: source.difficulty,
			...(source.sizes ? { sizes: source.sizes } : {})
		},
		browserHasher
	);
}
