/**
 * The optimiser imperfections a scenario can switch on, as pure transformations of a
 * well-behaved answer.
 *
 * Each one imitates a failure seen with small optimiser models and exercises one defence of the
 * loop: harmful rules (the gate), paraphrased anchors (`unmatched`, or the reported
 * insert_after → append fallback), anchors that occur twice (`ambiguous`), and malformed JSON
 * (tolerant parsing, retry, degraded stages). Whether one fires is a seeded draw per edit or per
 * call, made by the caller.
 */
import type { AnalystOutput, ProposedEdit } from '../../../src/core/optimiser-io.ts';
import type { FamilyLessons } from './lesson-types.ts';
import type { Draw, OptimiserHints } from './optimiser.ts';
import { teachingEdit } from './optimiser.ts';
import type { OptimiserKnobs } from './scenarios.ts';
import {
	countOccurrences,
	lessonsIn,
	normalise,
	skillLines,
	unprotectedText
} from './skill-text.ts';

/** An analyst answer with the imperfections applied, and what fired (for logs and tests). */
export interface ImperfectAnalyst {
	output: AnalystOutput;
	fired: string[];
}

/** Apply the per-edit imperfections (harmful, duplicate anchor, paraphrased anchor). */
export function imperfectEdits(
	output: AnalystOutput,
	hints: OptimiserHints,
	family: FamilyLessons | undefined,
	knobs: OptimiserKnobs,
	draw: Draw
): ImperfectAnalyst {
	const fired: string[] = [];
	let edits = output.edits.map((edit, i) => {
		if (draw(`harmful/${i}`) >= knobs.harmfulEditRate) return edit;
		const harmful = harmfulEdit(hints, family, draw, String(i));
		if (harmful === undefined) return edit;
		fired.push(`harmful:${harmful.lessonId}`);
		return harmful.edit;
	});
	// A harmful rule can also come on its own, when the analyst found nothing useful to say.
	const failuresShown = hints.items.some((i) => i.hard < 1);
	if (edits.length === 0 && hints.editBudget > 0 && failuresShown) {
		const harmful = harmfulEdit(hints, family, draw, 'alone');
		if (harmful !== undefined && draw('harmful/alone') < knobs.harmfulEditRate) {
			edits.push(harmful.edit);
			fired.push(`harmful:${harmful.lessonId}`);
		}
	}
	edits = edits.map((edit, i) => {
		if (draw(`duplicate/${i}`) < knobs.duplicateAnchorRate) {
			const target = duplicatedText(hints.skill);
			if (target !== undefined) {
				fired.push('duplicate-anchor');
				return { op: 'insert_after', target, content: edit.content ?? '' };
			}
		}
		if (draw(`paraphrase/${i}`) < knobs.paraphrasedAnchorRate) {
			const paraphrased = paraphrasedEdit(edit, hints.skill, draw(`paraphrase-op/${i}`));
			if (paraphrased !== undefined) {
				fired.push(`paraphrased-anchor:${paraphrased.op}`);
				return paraphrased;
			}
		}
		return edit;
	});
	return { output: { ...output, edits }, fired };
}

/** An edit stating a harmful lesson the skill lacks and the buffer has not rejected. */
function harmfulEdit(
	hints: OptimiserHints,
	family: FamilyLessons | undefined,
	draw: Draw,
	slot: string
): { edit: ProposedEdit; lessonId: string } | undefined {
	if (family === undefined) return undefined;
	const present = new Set(lessonsIn(hints.skill, family).map((l) => l.id));
	const rejected = new Set(
		hints.rejectedEdits.flatMap((e) => lessonsIn(e.content ?? '', family).map((l) => l.id))
	);
	const options = family.lessons.filter(
		(l) => l.kind === 'harmful' && !present.has(l.id) && !rejected.has(l.id)
	);
	const lesson = options[Math.floor(draw(`harmful-pick/${slot}`) * options.length)];
	if (lesson === undefined) return undefined;
	return { edit: teachingEdit(lesson, hints.skill, draw), lessonId: lesson.id };
}

/** A word that occurs more than once in the skill (first occurrence outside protected regions). */
function duplicatedText(skill: string): string | undefined {
	const editable = unprotectedText(skill);
	for (const minLength of [4, 2]) {
		const words = editable.match(new RegExp(`\\p{L}{${minLength},}`, 'gu')) ?? [];
		const word = words.find((w) => countOccurrences(skill, w) >= 2);
		if (word !== undefined) return word;
	}
	return undefined;
}

/**
 * The edit re-addressed by a paraphrase of an existing line (not present in the skill even after
 * normalisation): as `insert_after` (→ append fallback) or as a `replace` (→ unmatched).
 */
function paraphrasedEdit(edit: ProposedEdit, skill: string, u: number): ProposedEdit | undefined {
	const editable = skillLines(skill).filter((l) => !l.isProtected && l.text.trim() !== '');
	const line = edit.target ?? editable.at(-1)?.text.trim();
	if (line === undefined) return undefined;
	const target = paraphrase(line, skill);
	const content = edit.content ?? '';
	return u < 0.5
		? { op: 'insert_after', target, content }
		: { op: 'replace', target, content: `${line}\n${content}` };
}

/** A plausible rewording of `line` that does not occur in `skill`. */
export function paraphrase(line: string, skill: string): string {
	const isHeading = /^\s*#/.test(line);
	const bare = line
		.replace(/^\s*(#{1,6}|[-*+]|\d+[.)])\s*/, '')
		.replace(/[.:;!]+\s*$/, '')
		.trim();
	let text = bare === '' ? 'the instructions above' : bare;
	if (isHeading) text = `${text} section`;
	else if (/\bthe\b/i.test(text)) text = text.replace(/\bthe\b/i, 'each');
	else text = `${text} carefully`;
	const norm = normalise(skill);
	while (norm.includes(normalise(text))) text = `${text} (as above)`;
	return text;
}

export type Malformation = 'truncated' | 'prose';

/** JSON text broken the way small models break it. */
export function malformed(json: string, kind: Malformation): string {
	if (kind === 'truncated') return json.slice(0, Math.max(1, Math.floor(json.length * 0.6)));
	return `Sure! Here is the JSON you asked for:\n\n${json}\n\nLet me know if you need anything else.`;
}
