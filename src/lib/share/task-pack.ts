/**
 * The task pack a shared snapshot describes, rebuilt locally for "Check here": a built-in
 * family is regenerated from its settings, an included dataset is read by the pack parser.
 * Nothing is fetched and nothing is stored.
 */
import { buildFamilyPack } from '../../core/packs/build.ts';
import { findFamily } from '../../core/packs/families/index.ts';
import { parsePack } from '../../core/packs/format.ts';
import type { TaskPack } from '../../core/packs/types.ts';
import type { ShareTask } from '../../core/share/index.ts';
import { browserHasher } from '../platform.ts';

export type SharedPack = { ok: true; pack: TaskPack } | { ok: false; reason: string };

export async function packForTask(task: ShareTask | undefined): Promise<SharedPack> {
	if (!task) return { ok: false, reason: 'The link names no task, so there is nothing to check.' };
	switch (task.kind) {
		case 'named':
			return {
				ok: false,
				reason: 'The link does not include its dataset, so it cannot be checked here.'
			};
		case 'family': {
			const family = findFamily(task.family);
			if (!family) return { ok: false, reason: `This app has no task family “${task.family}”.` };
			try {
				const pack = await buildFamilyPack(
					family,
					{
						seed: task.seed,
						difficulty: task.difficulty,
						...(task.sizes ? { sizes: task.sizes } : {})
					},
					browserHasher
				);
				return { ok: true, pack };
			} catch (error) {
				return { ok: false, reason: error instanceof Error ? error.message : String(error) };
			}
		}
		case 'inline': {
			const parsed = await parsePack(task.pack, browserHasher);
			if (parsed.ok) return { ok: true, pack: parsed.pack };
			return {
				ok: false,
				reason: `The included dataset is not a valid pack: ${parsed.errors[0]?.message ?? 'unknown problem'}.`
			};
		}
	}
}
