/**
 * Rollouts: the executor answers one item with a skill in its system prompt, and the pack's
 * grader scores the answer.
 *
 * Results are cached by (skill hash, item id), so an item is never run twice with the same skill:
 * a candidate identical to an earlier one, the slow update's comparison of last epoch's skill,
 * and a run resumed after a reload all reuse what was already paid for. Each new result also
 * goes into the run's item log (`newItems`), so it survives the snapshot's pruning. Executor calls are greedy
 * with a fixed seed (the simulation and real engines alike give the same answer twice).
 */
import { AbortError, checkAborted, errorMessage, isAbortError } from '../errors.ts';
import { renderMessages } from '../packs/render.ts';
import type { PackItem, TaskPack } from '../packs/types.ts';
import type { GenerateRequest, GenerateResult } from '../ports.ts';
import { itemById, knownRun, type RunContext } from './context.ts';
import { ExecutorError } from './errors.ts';
import type { RolloutPurpose } from './events.ts';
import { itemKey, type ItemRun } from './state.ts';

const OUTPUT_CHARS = 400;

/** A skill as the rollouts need it. */
export interface SkillRef {
	text: string;
	hash: string;
}

function tail(text: string, max: number): string {
	return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

/**
 * The executor's request for one item: the skill as system prompt, the templated item with its
 * contract, greedy settings, and the hints the scripted simulation reads instead of the prompt.
 *
 * @example executorRequest(pack, item, skill, { temperature: 0, seed: 0, maxTokens: 256 })
 */
export function executorRequest(
	pack: TaskPack,
	item: PackItem,
	skill: string,
	settings: { temperature: number; seed: number; maxTokens: number; model?: string }
): GenerateRequest {
	return {
		messages: renderMessages(pack, item, skill),
		temperature: settings.temperature,
		seed: settings.seed,
		maxTokens: settings.maxTokens,
		stop: [...pack.generation.stop],
		hints: {
			role: 'executor',
			packId: pack.id,
			itemId: item.id,
			...(item.input === undefined ? {} : { input: item.input }),
			gold: item.answer,
			features: item.meta?.features ?? {},
			skill
		},
		...(settings.model === undefined ? {} : { model: settings.model })
	};
}

async function generate(ctx: RunContext, skill: string, itemId: string): Promise<GenerateResult> {
	const request = executorRequest(
		ctx.config.pack,
		itemById(ctx, itemId),
		skill,
		ctx.config.executor
	);
	let lastError: unknown;
	for (let attempt = 0; attempt < 2; attempt++) {
		checkAborted(ctx.signal);
		try {
			const result = await ctx.executor.generate(request, ctx.signal);
			if (result.finishReason === 'abort') {
				checkAborted(ctx.signal);
				throw new AbortError('the executor call was interrupted');
			}
			return result;
		} catch (err) {
			if (isAbortError(err)) throw err;
			lastError = err;
		}
	}
	// The cause's message, not its class name: people read this ("RangeError: …" says nothing).
	const detail = lastError === undefined ? 'error' : errorMessage(lastError);
	throw new ExecutorError(itemId, detail, { cause: lastError });
}

/**
 * The result of `itemId` under `skill`: from the cache, or one executor call (counted under
 * `purpose`).
 *
 * @throws AbortError when the run is stopped; ExecutorError when the executor fails twice.
 */
export async function rollItem(
	ctx: RunContext,
	skill: SkillRef,
	itemId: string,
	purpose: RolloutPurpose
): Promise<{ run: ItemRun; cached: boolean }> {
	const key = itemKey(skill.hash, itemId);
	const known = knownRun(ctx, key);
	const counters = ctx.state.counters.rollouts;
	if (known !== undefined) {
		// Back in the snapshot's cache while this stage may read it again (pruning decides after).
		ctx.state.items[key] = known;
		counters.cached++;
		ctx.emit({
			type: 'rollout:done',
			purpose,
			itemId,
			skillHash: skill.hash,
			hard: known.hard,
			soft: known.soft,
			cached: true
		});
		return { run: known, cached: true };
	}
	const result = await generate(ctx, skill.text, itemId);
	const grade = await ctx.grader.grade(result.text, itemById(ctx, itemId));
	const run: ItemRun = {
		id: itemId,
		hard: grade.hard,
		soft: grade.soft,
		output: tail(result.text, OUTPUT_CHARS),
		explanation: grade.explanation
	};
	ctx.state.items[key] = run;
	ctx.archive.set(key, run);
	(ctx.state.newItems ??= {})[key] = run;
	if (purpose === 'train') counters.train++;
	else if (purpose === 'test') counters.test++;
	else if (purpose === 'slow-update') counters.slow++;
	else counters.val++;
	ctx.emit({
		type: 'rollout:done',
		purpose,
		itemId,
		skillHash: skill.hash,
		hard: run.hard,
		soft: run.soft,
		cached: false
	});
	return { run, cached: false };
}

/** Results of several items in order; `spent` counts the executor calls made. */
export async function rollItems(
	ctx: RunContext,
	skill: SkillRef,
	itemIds: readonly string[],
	purpose: RolloutPurpose
): Promise<{ runs: ItemRun[]; cached: boolean[]; spent: number }> {
	const runs: ItemRun[] = [];
	const cached: boolean[] = [];
	let spent = 0;
	for (const id of itemIds) {
		const result = await rollItem(ctx, skill, id, purpose);
		runs.push(result.run);
		cached.push(result.cached);
		if (!result.cached) spent++;
	}
	return { runs, cached, spent };
}
