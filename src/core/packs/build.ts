/**
 * Builds a task pack from a built-in generated family: enough items for the requested sizes,
 * split by hashing their ids (so train, val and test are disjoint and stable for a seed).
 */
import type { Hasher } from '../ports.ts';
import { DEFAULT_GATE } from './pack-file.ts';
import { assignSplits } from './splits.ts';
import type { SplitName, TaskFamily, TaskPack } from './types.ts';
import { PACK_FORMAT_V1, SPLIT_NAMES } from './types.ts';

export interface BuildFamilyOptions {
	seed: number;
	/** One of `family.difficulties`; defaults to `family.defaultDifficulty`. */
	difficulty?: number;
	/** Overrides of `family.defaultSizes`. */
	sizes?: Partial<Record<SplitName, number>>;
}

/**
 * Generates items `0 … n-1` (n = train + val + test) with the family's generator and assigns
 * them to splits by `sha256(packId + ':' + id)`. The pack id is the family id, so a pack's
 * identity (hints, share links) does not change with the seed; item ids carry the seed.
 */
export async function buildFamilyPack(
	family: TaskFamily,
	options: BuildFamilyOptions,
	hasher: Hasher
): Promise<TaskPack> {
	const difficulty = options.difficulty ?? family.defaultDifficulty;
	if (!family.difficulties.includes(difficulty))
		throw new RangeError(
			`${family.id} has no difficulty ${difficulty} (offered: ${family.difficulties.join(', ')})`
		);
	const sizes = { ...family.defaultSizes, ...options.sizes };
	const total = SPLIT_NAMES.reduce((sum, name) => sum + sizes[name], 0);
	const items = Array.from({ length: total }, (_, index) =>
		family.generate(options.seed, index, difficulty)
	);
	const { splits } = await assignSplits(items, { sizes }, family.id, hasher);
	return {
		format: PACK_FORMAT_V1,
		id: family.id,
		title: family.title,
		description: family.description,
		license: 'MIT',
		source: `generated: ${family.id}, seed ${options.seed}, difficulty ${difficulty}`,
		prompt: { ...family.prompt },
		generation: { ...family.generation, stop: [...family.generation.stop] },
		grader: family.grader,
		gate: { ...DEFAULT_GATE },
		initialSkill: family.initialSkill,
		splits
	};
}
