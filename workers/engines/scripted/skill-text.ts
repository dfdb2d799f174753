/**
 * How the simulation reads a skill: which lessons it states, and where its lines, headings and
 * protected regions are.
 *
 * The simulated executor "understands" a skill only through lesson triggers found in the
 * normalised text (lowercase, collapsed whitespace), so rewording that keeps a trigger, or
 * reordering lines, changes nothing — a deliberate simplification that keeps outcomes
 * deterministic and explainable. The simulated optimiser uses the line helpers to pick anchors
 * that exist (or, for imperfections, that do not or occur twice).
 */
import type { FamilyLessons, Lesson } from './lesson-types.ts';

/** Lowercase and collapse runs of whitespace to one space. */
export function normalise(text: string): string {
	return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether `lesson` is stated in already-normalised text. */
export function statesLesson(normalisedText: string, lesson: Lesson): boolean {
	return lesson.triggers.some((t) => {
		const trigger = normalise(t);
		return trigger !== '' && normalisedText.includes(trigger);
	});
}

/** The lessons of `family` that `text` states, in the family's declaration order. */
export function lessonsIn(text: string, family: FamilyLessons): Lesson[] {
	const norm = normalise(text);
	return family.lessons.filter((lesson) => statesLesson(norm, lesson));
}

/** Number of (possibly overlapping) occurrences of `needle` in `haystack`. */
export function countOccurrences(haystack: string, needle: string): number {
	if (needle === '') return 0;
	let count = 0;
	for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
		count++;
	}
	return count;
}

export const SLOW_START = '<!-- SLOW_UPDATE_START -->';
export const SLOW_END = '<!-- SLOW_UPDATE_END -->';
const PROTECTED_PAIRS: readonly [string, string][] = [
	[SLOW_START, SLOW_END],
	['<!-- APPENDIX_START -->', '<!-- APPENDIX_END -->']
];

/** A line of the skill with its index and whether it lies in (or is) a protected region. */
export interface SkillLine {
	index: number;
	text: string;
	isProtected: boolean;
	isHeading: boolean;
}

/** The skill's lines, marking those inside protected regions (markers included). */
export function skillLines(skill: string): SkillLine[] {
	let open: string | undefined;
	return skill.split('\n').map((text, index) => {
		const trimmed = text.trim();
		let isProtected = open !== undefined;
		if (open === undefined) {
			const pair = PROTECTED_PAIRS.find(([start]) => trimmed.includes(start));
			if (pair !== undefined) {
				isProtected = true;
				if (!trimmed.includes(pair[1])) open = pair[1];
			}
		} else if (trimmed.includes(open)) {
			open = undefined;
		}
		return { index, text, isProtected, isHeading: /^#{1,6}\s+\S/.test(trimmed) };
	});
}

/** The skill with protected regions removed: where step edits may act. */
export function unprotectedText(skill: string): string {
	return skillLines(skill)
		.filter((line) => !line.isProtected)
		.map((line) => line.text)
		.join('\n');
}
