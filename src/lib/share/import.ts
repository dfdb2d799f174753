/**
 * "Import as a new skill": the only write a share link ever causes, and only after the person
 * chose it. The skill is added beside the others (never over the current one) with a first
 * version whose provenance is `shared`, through the persistence layer. A link's task becomes
 * the skill's pack (stored beside the others, or the same pack already stored): a built-in family
 * by its settings, an included dataset whole. A task named without its data leaves it without one.
 */
import * as P from '../persistence/index.ts';
import { parsePack } from '../../core/packs/format.ts';
import { findFamily } from '../../core/packs/families/index.ts';
import { inlinePackHasCode, type ShareSnapshotV1 } from '../../core/share/index.ts';
import { browserHasher } from '../platform.ts';

async function sharedPackSource(
	snapshot: ShareSnapshotV1
): Promise<{ title: string; source: P.PackSource } | null> {
	const task = snapshot.task;
	if (task?.kind === 'family') {
		const family = findFamily(task.family);
		if (!family) return null;
		return {
			title: `${family.title} (level ${task.difficulty})`,
			source: {
				kind: 'built-in',
				familyId: task.family,
				difficulty: task.difficulty,
				seed: task.seed,
				...(task.sizes ? { sizes: task.sizes } : {})
			}
		};
	}
	if (task?.kind === 'inline') {
		const parsed = await parsePack(task.pack, browserHasher);
		if (!parsed.ok) return null;
		return {
			title: parsed.pack.title,
			source: {
				kind: 'imported',
				pack: parsed.pack,
				fileName: 'share link',
				containsCode: inlinePackHasCode(snapshot)
			}
		};
	}
	return null;
}

export async function importSharedSkill(
	db: P.SkillOptDb,
	workspaceId: string,
	snapshot: ShareSnapshotV1,
	deps: P.RepoDeps = P.browserDeps
): Promise<P.SkillRecord> {
	const shared = await sharedPackSource(snapshot);
	const pack = shared
		? await P.packs.findOrSavePack(db, workspaceId, shared.title, shared.source, deps)
		: null;
	return P.skills.createSkill(
		db,
		{
			workspaceId,
			title: snapshot.skill.name,
			text: snapshot.skill.text,
			...(snapshot.skill.description ? { description: snapshot.skill.description } : {}),
			packId: pack?.id ?? null,
			provenance: 'shared'
		},
		deps
	);
}
