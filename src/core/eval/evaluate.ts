/**
 * Evaluating skills on a split: the executor answers every item once per arm (the skill, no
 * skill, the seed skill...) and the pack's grader scores it — the same request a training
 * rollout makes (`executorRequest`) and the same grader, so an evaluation measures exactly what
 * training optimised. Items go in order with every arm per item, so an evaluation stopped half
 * way still holds complete pairs. Arms with the same text share one call per item.
 */
import { AbortError, checkAborted, isAbortError } from '../errors.ts';
import { executorRequest } from '../loop/rollout.ts';
import type { Grader, PackItem, TaskPack } from '../packs/types.ts';
import type { ChatEngine, SignalLike } from '../ports.ts';

export interface ArmSpec<A extends string = string> {
	arm: A;
	/** The skill text in the system prompt ('' for no skill). */
	skill: string;
}

export interface ItemResult {
	itemId: string;
	hard: number;
	soft: number;
}

export interface EvaluateInput<A extends string> {
	pack: TaskPack;
	items: readonly PackItem[];
	arms: readonly ArmSpec<A>[];
	engine: ChatEngine;
	grader: Grader;
	/** The executor's generation seed. */
	seed: number;
	signal: SignalLike;
	/** Results already known per arm (a resumed evaluation); those items are not run again. */
	known?: Partial<Record<A, readonly ItemResult[]>>;
	/** Told after each item, with every arm's result for it. */
	onItem?: (results: Record<A, ItemResult>, done: number, total: number) => void | Promise<void>;
}

/** The executor failed twice on an item. */
export class EvaluationError extends Error {
	readonly itemId: string;
	constructor(itemId: string, detail: string, options?: { cause?: unknown }) {
		super(`the model failed on item ${itemId}: ${detail}`, options);
		this.name = 'EvaluationError';
		this.itemId = itemId;
	}
}

/**
 * Runs every arm on every item.
 *
 * @returns Each arm's results, in item order.
 * @throws AbortError when `signal` aborts (results so far went to `onItem`); EvaluationError.
 * @example await evaluateArms({ pack, items: pack.splits.test, arms: [{ arm: 'skill', skill }, { arm: 'none', skill: '' }], engine, grader, seed: 0, signal })
 */
export async function evaluateArms<A extends string>(
	input: EvaluateInput<A>
): Promise<Record<A, ItemResult[]>> {
	const { pack, items, arms } = input;
	const out = Object.fromEntries(arms.map((a) => [a.arm, [] as ItemResult[]])) as Record<
		A,
		ItemResult[]
	>;
	const known = new Map<string, ItemResult>();
	for (const arm of arms)
		for (const r of input.known?.[arm.arm] ?? []) known.set(`${arm.arm}\u0000${r.itemId}`, r);
	for (const [index, item] of items.entries()) {
		const byText = new Map<string, ItemResult>();
		const row = {} as Record<A, ItemResult>;
		for (const arm of arms) {
			const result =
				known.get(`${arm.arm}\u0000${item.id}`) ??
				byText.get(arm.skill) ??
				(await runItem(input, pack, item, arm.skill));
			byText.set(arm.skill, result);
			row[arm.arm] = result;
			out[arm.arm].push(result);
		}
		// A finished item is reported even if a stop came meanwhile: the next call checks it.
		await input.onItem?.(row, index + 1, items.length);
	}
	return out;
}

async function runItem<A extends string>(
	input: EvaluateInput<A>,
	pack: TaskPack,
	item: PackItem,
	skill: string
): Promise<ItemResult> {
	const request = executorRequest(pack, item, skill, {
		temperature: pack.generation.temperature,
		seed: input.seed,
		maxTokens: pack.generation.maxTokens
	});
	let lastError: unknown;
	for (let attempt = 0; attempt < 2; attempt++) {
		checkAborted(input.signal);
		try {
			const reply = await input.engine.generate(request, input.signal);
			if (reply.finishReason === 'abort') {
				checkAborted(input.signal);
				throw new AbortError('the evaluation call was interrupted');
			}
			const grade = await input.grader.grade(reply.text, item);
			return { itemId: item.id, hard: grade.hard, soft: grade.soft };
		} catch (error) {
			if (isAbortError(error)) throw error;
			lastError = error;
		}
	}
	const detail = lastError instanceof Error ? lastError.message : String(lastError);
	throw new EvaluationError(item.id, detail, { cause: lastError });
}
