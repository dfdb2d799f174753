/**
 * The simulated optimiser: answers each SkillOpt stage from the request hints alone.
 *
 * Analysts look at the failed items they are shown, work out from the items' features which
 * lessons those items need that the current skill does not state, and propose edits teaching the
 * most common ones (one of each lesson's phrasings, placed under a matching heading with an exact
 * anchor). They never re-propose a lesson that is already stated or that the buffer says was
 * rejected, so the buffer matters. Merge and rank return indices (deduplicated by lesson), the
 * slow update restates the lessons that helped, the meta skill writes a short memo. The
 * imperfections a scenario asks for are applied on top by `imperfections.ts`; this module is the
 * well-behaved optimiser.
 */
import type { GenerateHints, ItemOutcomeHint, ListedEditHint } from '../../../src/core/ports.ts';
import type {
	AnalystOutput,
	MergeOutput,
	MetaSkillOutput,
	ProposedEdit,
	RankOutput,
	SlowUpdateOutput
} from '../../../src/core/optimiser-io.ts';
import type { FamilyLessons, Lesson } from './lesson-types.ts';
import { lessonApplies } from './executor.ts';
import { countOccurrences, lessonsIn, normalise, skillLines, statesLesson } from './skill-text.ts';

const MAX_FAILURE_TYPES = 4;

export type OptimiserHints = Extract<GenerateHints, { role: 'optimiser' }>;

export type StageOutput =
	AnalystOutput | MergeOutput | RankOutput | SlowUpdateOutput | MetaSkillOutput;

/** A deterministic source of numbers in [0, 1) for choices within one call. */
export type Draw = (label: string) => number;

/** The well-behaved answer of a stage (before imperfections). */
export function answerStage(
	hints: OptimiserHints,
	family: FamilyLessons | undefined,
	draw: Draw
): StageOutput {
	switch (hints.stage) {
		case 'failure-analyst':
			return failureAnalyst(hints, family, draw);
		case 'success-analyst':
			return successAnalyst(hints, family, draw);
		case 'merge':
			return merge(hints, family);
		case 'rank':
			return rank(hints, family);
		case 'slow-update':
			return slowUpdate(hints, family);
		case 'meta-skill':
			return metaSkill(hints, family);
	}
}

/** The lessons `text` states, or none when the family is unknown. */
function lessonsOf(text: string, family: FamilyLessons | undefined): Lesson[] {
	return family === undefined ? [] : lessonsIn(text, family);
}

/** Lesson ids (and, for edits teaching no lesson, normalised contents) the buffer rejected. */
function rejectedKeys(hints: OptimiserHints, family: FamilyLessons | undefined): Set<string> {
	const keys = new Set<string>();
	for (const edit of hints.rejectedEdits) {
		if (edit.op === 'delete') {
			for (const lesson of lessonsOf(edit.target ?? '', family)) keys.add(`remove:${lesson.id}`);
			continue;
		}
		const content = edit.content ?? '';
		for (const lesson of lessonsOf(content, family)) keys.add(lesson.id);
		if (content !== '') keys.add(normalise(content));
	}
	return keys;
}

/** Needed, unstated, unrejected lessons of the given items, most frequently needed first. */
function missingLessons(
	hints: OptimiserHints,
	family: FamilyLessons,
	items: ItemOutcomeHint[]
): { lesson: Lesson; count: number }[] {
	const present = new Set(lessonsOf(hints.skill, family).map((l) => l.id));
	const counts = new Map<string, number>();
	for (const item of items) {
		for (const lesson of family.lessons) {
			if (lesson.kind === 'harmful' || present.has(lesson.id)) continue;
			if (lessonApplies(lesson, item.features)) {
				counts.set(lesson.id, (counts.get(lesson.id) ?? 0) + 1);
			}
		}
	}
	return family.lessons
		.filter((l) => counts.has(l.id))
		.map((lesson) => ({ lesson, count: counts.get(lesson.id) ?? 0 }))
		.sort((a, b) => b.count - a.count);
}

function failureAnalyst(
	hints: OptimiserHints,
	family: FamilyLessons | undefined,
	draw: Draw
): AnalystOutput {
	const failed = hints.items.filter((item) => item.hard < 1);
	if (failed.length === 0) return { failures: [], edits: [] };
	if (family === undefined) return genericAnalyst(hints, failed.length);
	const rejected = rejectedKeys(hints, family);
	// Causes of the failures, most frequent first: rules the skill lacks, and harmful rules it
	// states (which a careful reader of the failures would ask to delete).
	const causes = [
		...missingLessons(hints, family, failed).map((c) => ({ ...c, remove: false })),
		...harmfulPresent(hints, family, failed).map((c) => ({ ...c, remove: true }))
	].sort((a, b) => b.count - a.count);
	// Short entries, at most four: the whole reply must fit a small max-tokens budget.
	const failures = causes.slice(0, MAX_FAILURE_TYPES).map(({ lesson, count, remove }) => ({
		type: lesson.id,
		count,
		description: `${count} of ${failed.length} failed items ${remove ? 'follow this wrong rule' : 'miss this rule'}`
	}));
	const explained = failed.filter((item) =>
		causes.some(({ lesson }) => lessonApplies(lesson, item.features))
	).length;
	if (explained < failed.length) {
		failures.push({
			type: 'unexplained',
			count: failed.length - explained,
			description: 'wrong although every rule they need is stated'
		});
	}
	const edits: ProposedEdit[] = [];
	for (const { lesson, remove } of causes) {
		if (edits.length >= hints.editBudget) break;
		if (remove) {
			const target = rejected.has(`remove:${lesson.id}`)
				? undefined
				: lineStating(hints.skill, lesson);
			if (target !== undefined) edits.push({ op: 'delete', target });
		} else if (!rejected.has(lesson.id)) {
			edits.push(teachingEdit(lesson, hints.skill, draw));
		}
	}
	return { failures, edits };
}

/** Harmful lessons the skill states that hurt some of `items`, with how many. */
function harmfulPresent(
	hints: OptimiserHints,
	family: FamilyLessons,
	items: ItemOutcomeHint[]
): { lesson: Lesson; count: number }[] {
	return lessonsOf(hints.skill, family)
		.filter((l) => l.kind === 'harmful')
		.map((lesson) => ({
			lesson,
			count: items.filter((item) => lessonApplies(lesson, item.features)).length
		}))
		.filter(({ count }) => count > 0);
}

/** The exact text of the unique, unprotected line stating `lesson`, if there is one. */
function lineStating(skill: string, lesson: Lesson): string | undefined {
	const line = skillLines(skill).find(
		(l) => !l.isProtected && statesLesson(normalise(l.text), lesson)
	);
	const text = line?.text.trim();
	return text !== undefined && text !== '' && countOccurrences(skill, text) === 1
		? text
		: undefined;
}

function successAnalyst(
	hints: OptimiserHints,
	family: FamilyLessons | undefined,
	draw: Draw
): AnalystOutput {
	const passed = hints.items.filter((item) => item.hard >= 1);
	if (family === undefined || passed.length === 0) return { failures: [], edits: [] };
	// Successes rarely reveal a missing rule: only one needed by most of them is worth stating.
	const rejected = rejectedKeys(hints, family);
	const edits = missingLessons(hints, family, passed)
		.filter(({ lesson, count }) => !rejected.has(lesson.id) && count * 2 >= passed.length)
		.slice(0, Math.min(1, hints.editBudget))
		.map(({ lesson }) => teachingEdit(lesson, hints.skill, draw));
	return { failures: [], edits };
}

/** For tasks without lessons: ask for an answer line once, then only harmless generic advice. */
function genericAnalyst(hints: OptimiserHints, failedCount: number): AnalystOutput {
	const rejected = rejectedKeys(hints, undefined);
	const norm = normalise(hints.skill);
	const candidates = [
		norm.includes('answer:') ? undefined : '- Finish with a final line `Answer: <answer>`.',
		'- Re-read the question and check the answer before writing it.'
	].filter((c): c is string => c !== undefined && !rejected.has(normalise(c)));
	return {
		failures: [
			{ type: 'wrong-answer', count: failedCount, description: 'answers that do not match' }
		],
		edits: candidates
			.filter((c) => !norm.includes(normalise(c)))
			.slice(0, Math.max(0, hints.editBudget))
			.map((content) => ({ op: 'append', content }))
	};
}

/** A lesson's phrasings that the executor would actually recognise as that lesson. */
function recognisedPhrasings(lesson: Lesson): string[] {
	const ok = lesson.phrasings.filter((p) => statesLesson(normalise(p), lesson));
	return ok.length > 0 ? ok : [...lesson.phrasings];
}

function firstPhrasing(lesson: Lesson): string {
	return recognisedPhrasings(lesson)[0] ?? lesson.id;
}

/** An edit stating `lesson` in one of its phrasings, under the best-matching heading. */
export function teachingEdit(lesson: Lesson, skill: string, draw: Draw): ProposedEdit {
	const phrasings = recognisedPhrasings(lesson);
	const phrasing =
		phrasings[Math.floor(draw(`phrasing/${lesson.id}`) * phrasings.length)] ?? lesson.id;
	const content = `- ${phrasing}`;
	const target = anchorFor(skill, lesson.kind);
	return target === undefined ? { op: 'append', content } : { op: 'insert_after', target, content };
}

const HEADING_CUES: Record<Lesson['kind'], RegExp> = {
	format: /format|answer|output|final|respon/i,
	procedure: /step|procedure|rule|how|method|approach|process|check|strateg/i,
	harmful: /step|procedure|rule|how|method|approach|process|strateg/i
};

/**
 * Exact text of an existing, unique, unprotected line to insert after: the last line of the
 * section whose heading matches the lesson's kind (else of the last section), else its heading.
 * Undefined means append.
 */
function anchorFor(skill: string, kind: Lesson['kind']): string | undefined {
	const lines = skillLines(skill);
	const headings = lines.filter((l) => l.isHeading && !l.isProtected);
	if (headings.length === 0) return undefined;
	const heading = headings.find((h) => HEADING_CUES[kind].test(h.text)) ?? headings.at(-1);
	if (heading === undefined) return undefined;
	let last = heading;
	for (const line of lines.slice(heading.index + 1)) {
		if (line.isHeading || line.isProtected) break;
		if (line.text.trim() !== '') last = line;
	}
	for (const candidate of [last, heading]) {
		const text = candidate.text.trim();
		if (text !== '' && countOccurrences(skill, text) === 1) return text;
	}
	return undefined;
}

/** Key by which two listed edits count as the same: the lessons they state, else their text. */
function editKey(edit: ListedEditHint, family: FamilyLessons | undefined): string {
	const content = edit.content ?? '';
	const ids = lessonsOf(content, family).map((l) => l.id);
	return ids.length > 0 ? `lesson:${ids.join('+')}` : `text:${edit.op}:${normalise(content)}`;
}

function merge(hints: OptimiserHints, family: FamilyLessons | undefined): MergeOutput {
	const list = hints.listEdits;
	if (list === undefined) return { keep: range(hints.listSize ?? 0) };
	const seen = new Set<string>();
	const keep: number[] = [];
	list.forEach((edit, i) => {
		const key = editKey(edit, family);
		if (seen.has(key)) return;
		seen.add(key);
		keep.push(i);
	});
	return { keep };
}

function rank(hints: OptimiserHints, family: FamilyLessons | undefined): RankOutput {
	const budget = Math.max(0, hints.editBudget);
	const list = hints.listEdits;
	if (list === undefined) return { selected: range(Math.min(budget, hints.listSize ?? 0)) };
	const failed = hints.items.filter((item) => item.hard < 1);
	const needed = family === undefined ? new Set<string>() : neededIds(hints, family, failed);
	const priority = (edit: ListedEditHint): number => {
		const lessons = lessonsOf(edit.content ?? '', family);
		if (lessons.some((l) => needed.has(l.id))) return 0;
		return edit.source === 'success' ? 2 : 1;
	};
	const seen = new Set<string>();
	const selected = list
		.map((edit, index) => ({ index, priority: priority(edit), key: editKey(edit, family) }))
		.sort((a, b) => a.priority - b.priority || a.index - b.index)
		.filter(({ key }) => (seen.has(key) ? false : (seen.add(key), true)))
		.slice(0, budget)
		.map(({ index }) => index);
	return { selected };
}

function neededIds(
	hints: OptimiserHints,
	family: FamilyLessons,
	items: ItemOutcomeHint[]
): Set<string> {
	return new Set(missingLessons(hints, family, items).map(({ lesson }) => lesson.id));
}

function slowUpdate(hints: OptimiserHints, family: FamilyLessons | undefined): SlowUpdateOutput {
	if (family === undefined) {
		return { guidance: '- Keep the steps above; check the final answer line before finishing.' };
	}
	const helped = lessonsOf(hints.skill, family).filter(
		(l) => l.kind !== 'harmful' && hints.items.some((item) => lessonApplies(l, item.features))
	);
	const rejected = rejectedKeys(hints, family);
	const stillMissing = missingLessons(
		hints,
		family,
		hints.items.filter((item) => item.hard < 1)
	).find(({ lesson }) => !rejected.has(lesson.id));
	const lines = helped.slice(0, 4).map((l) => `- ${firstPhrasing(l)}`);
	if (stillMissing !== undefined) lines.push(`- ${firstPhrasing(stillMissing.lesson)}`);
	return {
		guidance:
			lines.length > 0 ? lines.join('\n') : '- Keep the steps above; they worked on most items.'
	};
}

function metaSkill(hints: OptimiserHints, family: FamilyLessons | undefined): MetaSkillOutput {
	const helped = lessonsOf(hints.skill, family)
		.filter((l) => l.kind !== 'harmful')
		.map((l) => l.id);
	const rejected = [
		...new Set(hints.rejectedEdits.flatMap((e) => lessonsOf(e.content ?? '', family)))
	].map((l) => l.id);
	const parts = [
		helped.length > 0
			? `Rules that helped: ${helped.join(', ')}.`
			: 'No rule has clearly helped yet.',
		rejected.length > 0 ? `Rejected before: ${rejected.join(', ')}; do not repeat them.` : '',
		'Prefer one short rule per edit, inserted under the heading it belongs to.'
	];
	return { metaSkill: parts.filter((p) => p !== '').join(' ') };
}

function range(n: number): number[] {
	return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}
