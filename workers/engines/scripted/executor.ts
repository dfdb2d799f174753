/**
 * The simulated executor: given an item (from the request hints) and the skill, decide whether a
 * small model would answer it correctly and on the contract line, and write text that looks like
 * its reply.
 *
 * p(correct) starts at the scenario's base accuracy and drops for each lesson the item needs that
 * the skill does not state, for each harmful lesson present that hurts the item, and for each
 * length bucket past the token budget. The "random" draw is a hash of (seed, item id, sorted set
 * of the lessons present that bear on the item, length bucket), so the same skill always gives
 * the same outcome (like greedy decoding), and an edit that teaches nothing this item needs (or
 * is hurt by) and keeps the length bucket leaves its answer unchanged. A seeded fraction of items is wrong whatever the skill says (label noise). Tasks with
 * no lessons (imported data) get a weak model with a fixed seeded accuracy.
 */
import type { GenerateHints } from '../../../src/core/ports.ts';
import type { JsonValue, PackItem } from '../../../src/core/packs/types.ts';
import { hash32, unitHash } from '../../../src/core/random.ts';
import { approxTokenCount } from '../../../src/core/text-stats.ts';
import type { FamilyLessons, Features, Lesson } from './lesson-types.ts';
import type { ExecutorKnobs, Scenario } from './scenarios.ts';
import { lessonsIn, normalise } from './skill-text.ts';

export type ExecutorHints = Extract<GenerateHints, { role: 'executor' }>;

/** What the simulation decided for one item, with the reasons (for tests and debugging). */
export interface ExecutorOutcome {
	text: string;
	correct: boolean;
	/** Whether the answer is on the contract line (`Answer: …`, or bare JSON). */
	onContractLine: boolean;
	/** p(correct) before the draw. */
	p: number;
	/** Lesson ids the skill states (empty for unknown tasks). */
	present: string[];
	/** Needed lesson ids (procedure and format) the skill lacks. */
	missing: string[];
	/** Harmful lesson ids present that hurt this item. */
	hurting: string[];
	labelNoise: boolean;
	lengthBucket: number;
}

/** 0 within the budget, then 1, 2, … per `lengthBucketTokens` past it. */
export function lengthBucket(skill: string, knobs: ExecutorKnobs): number {
	const over = approxTokenCount(skill) - knobs.lengthBudgetTokens;
	return over <= 0 ? 0 : 1 + Math.floor(over / knobs.lengthBucketTokens);
}

/** Whether a lesson applies to an item: `needs` for procedure/format, `hurts` for harmful. */
export function lessonApplies(lesson: Lesson, features: Features): boolean {
	const predicate = lesson.kind === 'harmful' ? lesson.hurts : lesson.needs;
	return predicate === undefined ? true : predicate(features);
}

/**
 * Simulate the executor on one item.
 *
 * @param family the item's lessons, or undefined for a task the simulation does not know
 * @param fallbackInput the user message, used as the item's input when the hints carry none
 */
export function simulateExecutor(
	hints: ExecutorHints,
	scenario: Scenario,
	family: FamilyLessons | undefined,
	fallbackInput?: string
): ExecutorOutcome {
	const knobs = scenario.executor;
	const item: PackItem = {
		id: hints.itemId,
		input: hints.input ?? fallbackInput ?? '',
		answer: hints.gold ?? null,
		meta: { features: hints.features }
	};
	const labelNoise = unitHash(`${scenario.seed}|noise|${hints.itemId}`) < knobs.labelNoiseRate;
	if (family === undefined) return unknownTask(hints, scenario, item, labelNoise);

	const features = hints.features;
	const presentLessons = lessonsIn(hints.skill, family);
	const present = presentLessons.map((l) => l.id);
	const bucket = lengthBucket(hints.skill, knobs);
	const needed = family.lessons.filter((l) => l.kind !== 'harmful' && lessonApplies(l, features));
	const missingProcedure = needed.filter((l) => l.kind === 'procedure' && !present.includes(l.id));
	const missingFormat = needed.filter((l) => l.kind === 'format' && !present.includes(l.id));
	const hurting = presentLessons.filter((l) => l.kind === 'harmful' && lessonApplies(l, features));

	const p = labelNoise
		? 0
		: clamp01(
				knobs.baseAccuracy -
					knobs.missingLessonPenalty * missingProcedure.length -
					knobs.harmfulLessonPenalty * hurting.length -
					knobs.lengthDecayPerBucket * bucket
			);
	// Only the present lessons that bear on this item enter the draw: teaching a rule an item does
	// not need leaves that item's answer exactly as it was, so noise comes from relevant changes.
	const relevant = presentLessons
		.filter((l) => lessonApplies(l, features))
		.map((l) => l.id)
		.sort();
	const key = `${scenario.seed}|executor|${hints.itemId}|${relevant.join(',')}|${bucket}`;
	const correct = unitHash(`${key}/correct`) < p;
	const onContractLine =
		missingFormat.length === 0 || unitHash(`${key}/format`) < knobs.contractRateWithoutFormat;
	const answer = correct
		? family.renderAnswer(hints.gold, item)
		: family.wrongAnswer(item, hash32(`${key}/variant`) % 3);
	const reasoning = family.reasoning(item, correct).slice(0, 4);
	return {
		text: replyText(reasoning, answer, onContractLine),
		correct,
		onContractLine,
		p,
		present,
		missing: [...missingProcedure, ...missingFormat].map((l) => l.id),
		hurting: hurting.map((l) => l.id),
		labelNoise,
		lengthBucket: bucket
	};
}

// Phrases by which a skill asks for a final answer line; only unknown tasks look for them.
const ANSWER_LINE_CUES = ['answer:', 'answer line', 'final line', '<answer>', 'final answer'];

function unknownTask(
	hints: ExecutorHints,
	scenario: Scenario,
	item: PackItem,
	labelNoise: boolean
): ExecutorOutcome {
	const key = `${scenario.seed}|unknown|${hints.itemId}`;
	const p = labelNoise ? 0 : scenario.executor.unknownTaskAccuracy;
	const correct = unitHash(`${key}/correct`) < p;
	const norm = normalise(hints.skill);
	const onContractLine = ANSWER_LINE_CUES.some((cue) => norm.includes(cue));
	const gold = renderGold(item.answer);
	const answer = correct ? gold : plausibleWrong(item.answer, hash32(`${key}/variant`) % 3);
	const reasoning = [
		'Let me read the question carefully.',
		correct ? 'I work through it one step at a time.' : 'I think I see what is being asked.'
	];
	return {
		text: replyText(reasoning, answer, onContractLine),
		correct,
		onContractLine,
		p,
		present: [],
		missing: [],
		hurting: [],
		labelNoise,
		lengthBucket: 0
	};
}

function replyText(reasoning: string[], answer: string, onContractLine: boolean): string {
	// Structured answers (JSON) are graded bare: the contract form is the object alone.
	if (/^\s*[[{]/.test(answer)) {
		return onContractLine
			? answer
			: [...reasoning, 'Here is the result:', '```json', answer, '```'].join('\n');
	}
	const last = onContractLine ? `Answer: ${answer}` : `So the answer is ${answer}`;
	return [...reasoning, last].join('\n');
}

function renderGold(gold: JsonValue | undefined): string {
	if (gold === undefined || gold === null) return 'I am not sure.';
	if (Array.isArray(gold)) return gold.length > 0 ? renderGold(gold[0]) : 'I am not sure.';
	if (typeof gold === 'object') return JSON.stringify(gold);
	return String(gold);
}

/** A wrong answer of the same shape as the gold, for tasks without lessons. */
function plausibleWrong(gold: JsonValue | undefined, variant: number): string {
	if (Array.isArray(gold)) return plausibleWrong(gold[0], variant);
	if (typeof gold === 'boolean') return String(!gold);
	const asNumber = typeof gold === 'number' ? gold : Number(gold);
	if (typeof gold !== 'object' && gold !== '' && Number.isFinite(asNumber)) {
		return String(asNumber + (variant + 1) * (variant % 2 === 0 ? 1 : -1));
	}
	if (typeof gold === 'string') {
		const lower = gold.trim().toLowerCase();
		if (lower === 'yes') return 'no';
		if (lower === 'no') return 'yes';
		if (/^\(?[a-z]\)?$/i.test(gold.trim())) {
			const letter = gold.replace(/[()\s]/g, '').toUpperCase();
			const next = String.fromCharCode(((letter.charCodeAt(0) - 64 + variant) % 5) + 65);
			return gold.includes('(') ? `(${next})` : next;
		}
		return variant === 0 ? 'I am not sure.' : gold.split('').reverse().join('');
	}
	if (gold !== null && typeof gold === 'object') {
		const keys = Object.keys(gold);
		const first = keys[variant % Math.max(1, keys.length)];
		return JSON.stringify(first === undefined ? {} : { ...gold, [first]: null });
	}
	return 'I am not sure.';
}

function clamp01(x: number): number {
	return Math.min(1, Math.max(0, x));
}
