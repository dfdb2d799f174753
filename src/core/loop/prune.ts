/**
 * Keeps the snapshot's caches bounded, so the bytes written per stage do not grow with the
 * step index: per-item results are kept only for the skills the run can still need them for
 * (seed, current, best, the skills their results stand in for, last epoch's skill and the
 * slow update's compared skill), the score cache for those and the most recent candidates, and
 * the step buffer for the entries any prompt reads.
 *
 * Dropping an entry loses nothing: every result is also in the run's item log (`newItems`, which
 * the caller stores once) and in the run's in-memory archive, which a resumed run rebuilds from
 * the stored log (`knownItems`), so a result is never paid for twice. Without the log (a bare
 * snapshot) a result asked for again is paid again and comes out the same: executors are called
 * greedily with fixed seeds. Pruning is itself a deterministic function of the state, so a
 * resumed run prunes exactly as the uninterrupted one.
 */
import { skillHash } from '../skill/index.ts';
import type { RunContext } from './context.ts';

/** Recent candidates whose val score stays cached (an identical candidate then costs nothing). */
export const SCORE_CACHE_RECENT = 64;
/** Buffer entries kept within an epoch (prompts show fewer; the meta skill reads these). */
export const BUFFER_KEEP = 32;

/** The skill hashes whose item results and scores are kept. */
async function liveHashes(ctx: RunContext): Promise<Set<string>> {
	const { state } = ctx;
	const live = new Set<string>([
		state.seed.hash,
		state.current.hash,
		state.current.resultsHash,
		state.best.hash,
		state.best.resultsHash,
		await skillHash(state.previousEpochSkill, ctx.hasher)
	]);
	if (state.work.comparedSkill !== undefined)
		live.add(await skillHash(state.work.comparedSkill, ctx.hasher));
	return live;
}

/** Drops what no later stage can need (see the module comment). */
export async function pruneCaches(ctx: RunContext): Promise<void> {
	const { state } = ctx;
	const live = await liveHashes(ctx);
	const items: typeof state.items = {};
	for (const [key, run] of Object.entries(state.items)) {
		const hash = key.slice(0, key.indexOf('|'));
		if (live.has(hash)) items[key] = run;
	}
	state.items = items;
	const hashes = Object.keys(state.scoreCache);
	const recent = new Set(hashes.slice(Math.max(0, hashes.length - SCORE_CACHE_RECENT)));
	const scores: typeof state.scoreCache = {};
	for (const hash of hashes) {
		const split = state.scoreCache[hash];
		if (split !== undefined && (live.has(hash) || recent.has(hash))) scores[hash] = split;
	}
	state.scoreCache = scores;
	if (state.buffer.length > BUFFER_KEEP) state.buffer = state.buffer.slice(-BUFFER_KEEP);
}
