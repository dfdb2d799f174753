/**
 * The method as deep learning, in our own words: every stage of a run and every setting of the
 * run panel with its deep-learning counterpart and a short explanation. Teachers run workshops
 * on SkillOpt because it *is* training, done on text; this puts the vocabulary on screen.
 *
 * One data module, so the analogy panel, the stage strip, the pause panel and lesson links all
 * read the same text. It loads lazily (with the panel or the pause view), never at first paint.
 */

export interface AnalogyEntry {
	/** Stable id (lesson links and tests name entries by it). */
	id: string;
	/** The SkillOpt term as the app shows it. */
	term: string;
	/** The deep-learning counterpart. */
	counterpart: string;
	/** One or two short sentences: why the counterpart fits, and what to watch. */
	text: string;
}

/** The stages of a run, in the order they happen. */
export const STAGE_ANALOGY: readonly AnalogyEntry[] = [
	{
		id: 'skill',
		term: 'The skill',
		counterpart: 'the weights',
		text: 'The skill document is what training changes. The model stays frozen: only the text in its system prompt is learned.'
	},
	{
		id: 'baseline',
		term: 'Score the seed skill',
		counterpart: 'initial validation',
		text: 'The starting skill is scored once on the val split; every later candidate must beat the current score.'
	},
	{
		id: 'rollout',
		term: 'Rollout',
		counterpart: 'forward pass',
		text: 'The executor answers a train batch with the current skill, and each answer is graded — the loss on a mini-batch.'
	},
	{
		id: 'reflect',
		term: 'Failure and success analysis',
		counterpart: 'backward pass (textual gradients)',
		text: 'Analysts read the graded answers and propose edits that would fix the failures or keep the successes: the direction to move, written as text.'
	},
	{
		id: 'merge',
		term: 'Merge',
		counterpart: 'gradient accumulation',
		text: 'The analysts’ edit lists are combined into one: duplicates removed, conflicts resolved, recurring ideas kept.'
	},
	{
		id: 'select',
		term: 'Rank and clip',
		counterpart: 'gradient clipping',
		text: 'Only the most important edits, up to this step’s edit budget, are kept, so one step cannot rewrite the whole skill.'
	},
	{
		id: 'propose',
		term: 'Your edits',
		counterpart: 'a hand-written gradient',
		text: 'You play the optimiser: you read the batch’s failures and write the edits. The gate judges them like any other.'
	},
	{
		id: 'review',
		term: 'Review before the gate',
		counterpart: 'inspecting the update',
		text: 'In step mode you may drop a kept edit or rewrite it before it is applied; the change is recorded as yours.'
	},
	{
		id: 'apply',
		term: 'Apply the kept edits',
		counterpart: 'the optimiser step',
		text: 'The kept edits are applied to a copy of the skill, one after another, giving this step’s candidate.'
	},
	{
		id: 'validate',
		term: 'The val gate',
		counterpart: 'validation / model selection',
		text: 'The candidate is scored on the val split and kept only if it strictly beats the current skill; a tie is rejected.'
	},
	{
		id: 'buffer',
		term: 'Rejected-edit buffer',
		counterpart: 'negative feedback',
		text: 'What each step tried, and which edits the gate rejected, is shown to the analysts for the rest of the epoch, so they stop repeating them.'
	},
	{
		id: 'slow-update',
		term: 'Slow update',
		counterpart: 'momentum / slow weights',
		text: 'At the end of an epoch, guidance distilled from the whole epoch is written into a protected block that step edits cannot touch.'
	},
	{
		id: 'slow-gate',
		term: 'The slow update’s gate',
		counterpart: 'validating the slow weights',
		text: 'The skill with the new guidance goes through the same strict val gate as a step candidate.'
	},
	{
		id: 'meta-skill',
		term: 'Meta skill',
		counterpart: 'optimiser state',
		text: 'Notes for the optimiser about which kinds of edits helped or hurt, carried into the next epoch. The executor never sees them.'
	},
	{
		id: 'final',
		term: 'Test split',
		counterpart: 'held-out test set',
		text: 'At the end the seed, best and final skills are scored once on test, which training never looked at: the honest number.'
	}
];

/** The run panel's settings. */
export const SETTING_ANALOGY: readonly AnalogyEntry[] = [
	{
		id: 'epochs',
		term: 'Epochs',
		counterpart: 'epochs',
		text: 'One epoch is one pass over the train split; the slow update and meta skill run between epochs.'
	},
	{
		id: 'batchSize',
		term: 'Batch',
		counterpart: 'mini-batch size',
		text: 'Train items rolled out per step. Larger batches give the analysts more evidence per step, and cost more calls.'
	},
	{
		id: 'seed',
		term: 'Seed',
		counterpart: 'random seed',
		text: 'Fixes the batch order and every sampled choice, so the same settings reproduce the same run.'
	},
	{
		id: 'budget',
		term: 'Edit budget and schedule',
		counterpart: 'learning rate and its decay',
		text: 'How many edits a step may keep, and how that number falls over the run (cosine by default): big moves early, small ones late.'
	},
	{
		id: 'gate',
		term: 'Gate on / off',
		counterpart: 'model selection on / off',
		text: 'With the gate off every candidate is accepted; comparing both shows what selection on val protects against.'
	},
	{
		id: 'metric',
		term: 'Gate metric',
		counterpart: 'validation metric',
		text: 'What the gate compares: hard (exact answers), soft (partial credit) or a mix of both.'
	},
	{
		id: 'minDelta',
		term: 'Min. improvement',
		counterpart: 'improvement threshold',
		text: 'How many more val items a candidate must get right to be accepted; a guard against noise on a small val split.'
	},
	{
		id: 'proposer',
		term: 'Edits proposed by',
		counterpart: 'who computes the gradient',
		text: 'The optimiser model’s stages, or you: either way the gate decides what is kept.'
	},
	{
		id: 'rerun',
		term: 'Compare with the gate off / Run again with…',
		counterpart: 'an ablation: one hyperparameter changed',
		text: 'The same task, seed, batches, model and starting skill with one setting changed, so the curves differ by that setting alone — and, on a small val split, by some noise.'
	},
	{
		id: 'stepMode',
		term: 'Pause after each stage',
		counterpart: 'stepping through training',
		text: 'The run waits after every stage and shows what it produced; before each gate you may drop or rewrite a kept edit.'
	}
];

const ALL = new Map([...STAGE_ANALOGY, ...SETTING_ANALOGY].map((e) => [e.id, e]));

/** The entry with this id, if any. */
export function analogyFor(id: string | null | undefined): AnalogyEntry | undefined {
	return id === null || id === undefined ? undefined : ALL.get(id);
}

/** "Rollout — forward pass: …", for a name or description read by a screen reader. */
export function analogyLine(entry: AnalogyEntry): string {
	return `${entry.term} — ${entry.counterpart}: ${entry.text}`;
}
