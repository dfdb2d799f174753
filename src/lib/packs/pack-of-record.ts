/**
 * The task pack a stored pack record stands for: an imported or edited pack as stored, a
 * built-in family regenerated from its settings (generation is deterministic, so the items are
 * the ones the skill was trained on). Used wherever a skill's pack is needed outside the task
 * panel (router check, library evaluations).
 */
import { buildFamilyPack } from '../../core/packs/build.ts';
import { findFamily } from '../../core/packs/families/index.ts';
import type { TaskPack } from '../../core/packs/types.ts';
import type { Hasher } from '../../core/ports.ts';
import type { PackRecord } from '../persistence/records.ts';

/** The pack, or null when the record names a family this app does not have. */
export async function packOfRecord(record: PackRecord, hasher: Hasher): Promise<TaskPack | null> {
	const source = record.source;
	if (source.kind === 'imported') return source.pack;
	if (source.edited !== undefined) return source.edited;
	const family = findFamily(source.familyId);
	if (family === undefined) return null;
	return buildFamilyPack(
		family,
		{
			seed: source.seed,
			difficulty: source.difficulty,
			...(source.sizes === undefined ? {} : { sizes: source.sizes })
		},
		hasher
	);
}
