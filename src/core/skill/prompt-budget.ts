/**
 * How much of the executor's context window a skill takes, next to what else each prompt needs.
 *
 * Every item re-sends the skill as the system prompt, so a skill that grows during a run (or by
 * hand) can crowd out the item and the answer: on a 4k-token model the window runs out long before
 * the skill looks long. The editor shows this budget live and warns while there is still room to
 * act. The item part is the longest item of the pack as rendered without a skill, the reserve is
 * the pack's answer length (`generation.maxTokens`); both are estimates unless a tokenizer counted.
 */
import { renderMessages, type PromptSource } from '../packs/render.ts';
import type { PackItem } from '../packs/types.ts';
import { approxTokenCount } from '../text-stats.ts';

/** Share of the window above which the budget is called tight. */
export const TIGHT_SHARE = 0.8;

// Chat templates wrap each message in role tokens; a small allowance per message.
const TOKENS_PER_MESSAGE = 8;

export type BudgetLevel = 'ok' | 'tight' | 'over';

export interface PromptBudget {
	skillTokens: number;
	/** The longest item's prompt without the skill (template, item, contract). */
	itemTokens: number;
	/** Tokens kept free for the answer. */
	reserveTokens: number;
	window: number;
	/** Skill + item + reserve. */
	total: number;
	/** Window minus total (negative when the prompt does not fit). */
	free: number;
	level: BudgetLevel;
}

/**
 * The budget of one prompt in `window` tokens.
 *
 * @example promptBudget({ skillTokens: 3000, itemTokens: 400, reserveTokens: 256, window: 4096 }).level // 'tight'
 */
export function promptBudget(input: {
	skillTokens: number;
	itemTokens: number;
	reserveTokens: number;
	window: number;
}): PromptBudget {
	const total = input.skillTokens + input.itemTokens + input.reserveTokens;
	const level: BudgetLevel =
		total > input.window ? 'over' : total > input.window * TIGHT_SHARE ? 'tight' : 'ok';
	return { ...input, total, free: input.window - total, level };
}

/**
 * The approximate tokens of the longest item prompt of a pack, without the skill: what each
 * executor call adds to the skill.
 *
 * @example longestItemTokens(pack, pack.splits.train) // 143
 */
export function longestItemTokens(pack: PromptSource, items: readonly PackItem[]): number {
	let longest = 0;
	for (const item of items) {
		const messages = renderMessages(pack, item, '');
		let tokens = 0;
		for (const message of messages)
			tokens += approxTokenCount(message.content) + TOKENS_PER_MESSAGE;
		if (tokens > longest) longest = tokens;
	}
	return longest;
}
