/**
 * The optimiser's prompts, written for 4k-token windows and small models (method doc, section
 * P): one job and one small JSON object per call; the skill shown once, with line numbers, so an
 * edit can name a line instead of copying text; each trajectory reduced to question, the
 * model's answer (its tail, where the answer line is), the expected answer and the grader's
 * reason; the step buffer capped. Each builder takes `keep`, the number of entries to show, so
 * the caller can drop entries until the prompt fits.
 *
 * Real models read the text; the scripted engine reads only the hints, which always describe
 * exactly the entries shown.
 */
import { lineView, SLOW_UPDATE_END, SLOW_UPDATE_START } from '../skill/index.ts';
import type { PackItem } from '../packs/types.ts';
import type {
	ItemOutcomeHint,
	ListedEditHint,
	OptimiserStage,
	RejectedEditHint
} from '../ports.ts';
import type { LoopConfig } from './config.ts';
import { describeEdit } from './buffer.ts';
import type { OptimiserHints, StagePrompt } from './optimiser-call.ts';
import type { ItemRun, PoolEdit } from './state.ts';

/** An item with its result under some skill. */
export interface Trajectory {
	item: PackItem;
	run: ItemRun;
}

const EDIT_RULES = [
	'Edit ops: "append" (content), "insert_after" (line or target, content), "replace" (line or target, content), "delete" (line or target).',
	'Address a line by its number ("line": 7) or copy its text exactly ("target"). Line numbers are not part of the text.',
	'One rule per edit, one or two short sentences. Keep rules general: never an answer to one specific question.',
	`Never edit the lines between ${SLOW_UPDATE_START} and ${SLOW_UPDATE_END}; never write those markers.`
].join('\n');

function clip(text: string, max: number): string {
	const flat = text.trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function tail(text: string, max: number): string {
	const flat = text.trim();
	return flat.length > max ? `…${flat.slice(flat.length - max + 1)}` : flat;
}

function question(item: PackItem): string {
	if (item.input !== undefined) return item.input;
	const vars = item.vars === undefined ? '' : Object.values(item.vars).join('\n');
	if (vars !== '') return vars;
	return item.messages?.findLast((m) => m.role === 'user')?.content ?? '';
}

function gold(item: PackItem): string {
	const answer = item.answer;
	if (answer === undefined) return '(checked by rules)';
	return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

/** An item as the optimiser's hints describe it. */
export function outcomeHint(t: Trajectory): ItemOutcomeHint {
	return {
		id: t.item.id,
		features: t.item.meta?.features ?? {},
		hard: t.run.hard,
		soft: t.run.soft
	};
}

function renderTrajectory(t: Trajectory, n: number, config: LoopConfig): string {
	return [
		`### ${n}`,
		`Question: ${clip(question(t.item), config.prompts.questionChars)}`,
		`Model answer: ${tail(t.run.output, config.prompts.answerChars)}`,
		`Expected: ${clip(gold(t.item), 160)}`,
		`Grader: ${clip(t.run.explanation, 160)}`
	].join('\n');
}

function section(title: string, body: string): string {
	return body.trim() === '' ? '' : `## ${title}\n${body.trim()}`;
}

function join(parts: readonly string[]): string {
	return parts.filter((p) => p !== '').join('\n\n');
}

function taskLine(config: LoopConfig): string {
	const pack = config.pack;
	return `${pack.title}. Output contract: ${clip(pack.prompt.contract, 200)}`;
}

function baseHints(
	stage: OptimiserStage,
	config: LoopConfig,
	skill: string,
	items: ItemOutcomeHint[],
	rejectedEdits: RejectedEditHint[],
	editBudget: number
): OptimiserHints {
	return {
		role: 'optimiser',
		stage,
		packId: config.pack.id,
		skill,
		items,
		rejectedEdits,
		editBudget
	};
}

/** The failure or success analyst's prompt. */
export function analystPrompt(input: {
	config: LoopConfig;
	kind: 'failure' | 'success';
	skill: string;
	trajectories: readonly Trajectory[];
	buffer: string;
	rejected: RejectedEditHint[];
	metaSkill: string;
	budget: number;
}): (keep: number) => StagePrompt {
	const { config, kind, budget } = input;
	const job =
		kind === 'failure'
			? 'Find the most common reason these attempts failed, then propose edits to the skill that would fix it for future tasks.'
			: 'These attempts succeeded. Propose an edit only for a helpful behaviour that several of them share and that the skill does not state yet; otherwise return no edits.';
	const system = join([
		'You improve a skill: a short markdown guide that a small model reads before solving each task.',
		job,
		`Propose at most ${budget} edit(s); fewer is fine, and an empty list is fine. Do not repeat rules the skill already has.`,
		EDIT_RULES,
		'Reply with one JSON object and nothing else: {"failures":[{"type":"short-name","count":2,"description":"one line"}],"edits":[{"op":"insert_after","line":3,"content":"- rule"}]}'
	]);
	const stage: OptimiserStage = kind === 'failure' ? 'failure-analyst' : 'success-analyst';
	return (keep) => {
		const shown = input.trajectories.slice(0, keep);
		const user = join([
			section('Task', taskLine(config)),
			section('Skill (with line numbers)', lineView(input.skill)),
			section('Previous steps in this epoch', input.buffer),
			section('Notes from earlier epochs (for you, not the model)', input.metaSkill),
			section(
				`${kind === 'failure' ? 'Failed' : 'Successful'} attempts (${shown.length})`,
				shown.map((t, i) => renderTrajectory(t, i + 1, config)).join('\n\n')
			),
			`Budget: at most ${budget} edit(s). Answer with the JSON object only.`
		]);
		return {
			system,
			user,
			hints: baseHints(stage, config, input.skill, shown.map(outcomeHint), input.rejected, budget)
		};
	};
}

/** A pool entry as the list hints describe it. */
export function listedHint(p: PoolEdit): ListedEditHint {
	const hint: ListedEditHint = { op: p.edit.op };
	if (p.edit.target !== undefined) hint.target = p.edit.target;
	if (p.edit.line !== undefined) hint.line = p.edit.line;
	if (p.edit.content !== undefined) hint.content = p.edit.content;
	if (p.source === 'failure' || p.source === 'success') hint.source = p.source;
	return hint;
}

function renderList(list: readonly PoolEdit[]): string {
	return list.map((p, i) => `${i}. [${p.source}] ${describeEdit(p.edit)}`).join('\n');
}

/**
 * The merge prompt: keep one of each group of duplicates or contradictions. Entries cannot be
 * dropped to fit (the indices must stay stable), so `keep` is all or nothing.
 */
export function mergePrompt(input: {
	config: LoopConfig;
	skill: string;
	list: readonly PoolEdit[];
	metaSkill: string;
}): (keep: number) => StagePrompt {
	const { config, list } = input;
	const system = join([
		'You tidy a list of proposed edits to a skill (a short guide a small model reads).',
		'Keep one edit per idea: drop duplicates (keep the clearest wording), drop an edit that contradicts a better one, and drop edits that repeat what the skill already says. Prefer [failure] edits over [success] edits.',
		'Reply with one JSON object and nothing else: {"keep":[0,2,3]} (the numbers of the edits to keep).'
	]);
	return () => ({
		system,
		user: join([
			section('Skill (with line numbers)', lineView(input.skill)),
			section('Notes from earlier epochs (for you, not the model)', input.metaSkill),
			section(`Proposed edits (${list.length}, numbered from 0)`, renderList(list)),
			'Answer with the JSON object only.'
		]),
		hints: {
			...baseHints('merge', config, input.skill, [], [], list.length),
			listSize: list.length,
			listEdits: list.map(listedHint)
		}
	});
}

/** The ranking prompt: the `budget` most important edits, most important first. */
export function rankPrompt(input: {
	config: LoopConfig;
	skill: string;
	list: readonly PoolEdit[];
	budget: number;
	patterns: readonly { label: string; count: number }[];
	failed: readonly Trajectory[];
	metaSkill: string;
}): (keep: number) => StagePrompt {
	const { config, list, budget } = input;
	const system = join([
		'You choose which proposed edits to a skill to try now. The skill is a short guide a small model reads.',
		`Select the ${budget} most important edit(s), most important first: fixes for failures that recur across many tasks first, then edits that fill a real gap, general and actionable ones over narrow ones.`,
		'Reply with one JSON object and nothing else: {"selected":[3,0]} (numbers from the list).'
	]);
	return () => ({
		system,
		user: join([
			section('Skill (with line numbers)', lineView(input.skill)),
			section(
				'Failure patterns this step',
				input.patterns.map((p) => `- (${p.count}) ${clip(p.label, 120)}`).join('\n')
			),
			section('Notes from earlier epochs (for you, not the model)', input.metaSkill),
			section(`Proposed edits (${list.length}, numbered from 0)`, renderList(list)),
			`Select at most ${budget}. Answer with the JSON object only.`
		]),
		hints: {
			...baseHints('rank', config, input.skill, input.failed.map(outcomeHint), [], budget),
			listSize: list.length,
			listEdits: list.map(listedHint)
		}
	});
}

/** One train item compared under last epoch's and this epoch's skill. */
export interface Comparison {
	item: PackItem;
	before: ItemRun;
	after: ItemRun;
	category: 'regressed' | 'persistent_fail' | 'improved' | 'stable_success';
}

const CATEGORY_ORDER: Comparison['category'][] = [
	'regressed',
	'persistent_fail',
	'improved',
	'stable_success'
];

/** Comparisons in the order they are shown: regressions first (highest priority). */
export function orderComparisons(list: readonly Comparison[]): Comparison[] {
	return [...list].sort(
		(a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category)
	);
}

function renderComparisons(list: readonly Comparison[], config: LoopConfig): string {
	const counts = CATEGORY_ORDER.map(
		(c) => `${c.replace('_', ' ')}: ${list.filter((x) => x.category === c).length}`
	).join(', ');
	const blocks = list
		.filter((c) => c.category !== 'stable_success')
		.map((c, i) =>
			[
				`### ${i + 1} (${c.category.replace('_', ' ')})`,
				`Question: ${clip(question(c.item), Math.floor(config.prompts.questionChars / 2))}`,
				`Before: ${tail(c.before.output, 160)} — ${clip(c.before.explanation, 100)}`,
				`Now: ${tail(c.after.output, 160)} — ${clip(c.after.explanation, 100)}`,
				`Expected: ${clip(gold(c.item), 120)}`
			].join('\n')
		);
	return [counts, ...blocks].join('\n\n');
}

/** The slow update's prompt: rewrite the protected guidance block. */
export function slowUpdatePrompt(input: {
	config: LoopConfig;
	previousSkill: string;
	skill: string;
	previousGuidance: string;
	comparisons: readonly Comparison[];
	rejected: RejectedEditHint[];
}): (keep: number) => StagePrompt {
	const { config } = input;
	const system = join([
		'You advise at the end of a training epoch. A small model reads a skill (a short guide); you write the guidance block kept at the end of it, addressed to the model.',
		'Compare last epoch with this one: keep guidance that helped, drop what did not, add a rule for each new regression or persistent failure. Do not repeat the body of the skill. At most 6 short lines; every sentence must earn its place.',
		'Reply with one JSON object and nothing else: {"guidance":"- rule one\\n- rule two"}'
	]);
	return (keep) => {
		const shown = orderComparisons(input.comparisons).slice(0, keep);
		return {
			system,
			user: join([
				section('Task', taskLine(config)),
				section('Skill last epoch', input.previousSkill),
				section('Skill now (with line numbers)', lineView(input.skill)),
				section(
					'Current guidance block',
					input.previousGuidance === ''
						? '(empty: this is the first guidance)'
						: input.previousGuidance
				),
				section('Same train items, last epoch vs now', renderComparisons(shown, config)),
				'Answer with the JSON object only.'
			]),
			hints: baseHints(
				'slow-update',
				config,
				input.skill,
				shown.map((c) => outcomeHint({ item: c.item, run: c.after })),
				input.rejected,
				0
			)
		};
	};
}

/** The meta skill's prompt: notes for the optimiser itself, never shown to the model. */
export function metaSkillPrompt(input: {
	config: LoopConfig;
	previousSkill: string;
	skill: string;
	previousMeta: string;
	comparisons: readonly Comparison[];
	rejected: RejectedEditHint[];
}): (keep: number) => StagePrompt {
	const { config } = input;
	const system = join([
		'You keep notes for the optimiser that edits a skill (not for the model that reads the skill).',
		'From the evidence, say compactly which kinds of edits helped, which hurt or were rejected, the right level of generality, and which failures to fix first. At most 6 short lines.',
		'Reply with one JSON object and nothing else: {"metaSkill":"- note one\\n- note two"}'
	]);
	return (keep) => {
		const shown = orderComparisons(input.comparisons).slice(0, keep);
		const rejected = input.rejected
			.slice(0, 6)
			.map((r) => `- ${describeEdit(r)}`)
			.join('\n');
		return {
			system,
			user: join([
				section('Task', taskLine(config)),
				section('Skill last epoch', input.previousSkill),
				section('Skill now', input.skill),
				section('Your previous notes', input.previousMeta),
				section('Edits rejected this epoch', rejected),
				section('Same train items, last epoch vs now', renderComparisons(shown, config)),
				'Answer with the JSON object only.'
			]),
			hints: baseHints(
				'meta-skill',
				config,
				input.skill,
				shown.map((c) => outcomeHint({ item: c.item, run: c.after })),
				input.rejected,
				0
			)
		};
	};
}
