/**
 * "Import as a new skill": the only write a share link ever causes, and only after the person
 * chose it. The skill is added beside the others (never over the current one) with a first
 * version whose provenance is `shared`, through the persistence layer.
 */
import * as P from '../persistence/index.ts';
import type { ShareSnapshotV1 } from '../../core/share/index.ts';

export async function importSharedSkill(
	db: P.SkillOptDb,
	workspaceId: string,
	snapshot: ShareSnapshotV1,
	deps: P.RepoDeps = P.browserDeps
): Promise<P.SkillRecord> {
	return P.skills.createSkill(
		db,
		{
			workspaceId,
			title: snapshot.skill.name,
			text: snapshot.skill.text,
			provenance: 'shared'
		},
		deps
	);
}
