/**
 * Validation scores by skill hash.
 *
 * A candidate identical to a skill already scored (for instance every edit was unmatched) costs
 * no rollouts: its score is looked up. Only complete evaluations are stored, so a cached score is
 * always exact; an early-rejected candidate's partial results belong in the trainer's per-item
 * cache keyed by (skill hash, item id). Keys are full SHA-256 hex strings.
 */
import { gateScore, type GateConfig, type SplitScore } from './score.ts';

/** Plain data for the run snapshot. */
export type ScoreCacheData = Record<string, SplitScore>;

/**
 * @example
 * const cache = new ScoreCache()
 * cache.set(hash, { hard: 0.6, soft: 0.7, n: 30 })
 * cache.gateScore(hash, DEFAULT_GATE_CONFIG) // 0.6
 * const saved = cache.toData() // structured-clone safe
 */
export class ScoreCache {
	#scores = new Map<string, SplitScore>();

	constructor(data?: Readonly<ScoreCacheData>) {
		if (data !== undefined) {
			for (const [hash, score] of Object.entries(data)) this.#scores.set(hash, { ...score });
		}
	}

	get size(): number {
		return this.#scores.size;
	}

	has(hash: string): boolean {
		return this.#scores.has(hash);
	}

	get(hash: string): SplitScore | undefined {
		const score = this.#scores.get(hash);
		return score === undefined ? undefined : { ...score };
	}

	/** The cached score projected onto the gate metric, if any. */
	gateScore(hash: string, config: Pick<GateConfig, 'metric' | 'mixedWeight'>): number | undefined {
		const score = this.#scores.get(hash);
		return score === undefined ? undefined : gateScore(config, score);
	}

	/** Stores the exact score of a fully evaluated skill. */
	set(hash: string, score: SplitScore): void {
		if (hash === '') throw new RangeError('a score needs a skill hash');
		this.#scores.set(hash, { hard: score.hard, soft: score.soft, n: score.n });
	}

	toData(): ScoreCacheData {
		const data: ScoreCacheData = {};
		for (const [hash, score] of this.#scores) data[hash] = { ...score };
		return data;
	}
}
