/**
 * Reading and writing Agent Skills `SKILL.md` files: YAML front matter (`name`, `description`)
 * between two `---` lines, then the skill's body, byte for byte.
 *
 * The body keeps its protected-region markers: they are HTML comments, which render as nothing
 * where the file is shown, and a re-import finds them again, so the slow block and the appendix
 * survive the trip. Writing puts the body straight after the closing `---` line and reading takes
 * everything after that line, so export then import gives back the identical body.
 *
 * This module pulls in the `yaml` parser, so the app imports it lazily (never at first paint);
 * the rules themselves live in `front-matter.ts`.
 */
import { parseDocument, stringify } from 'yaml';
import * as v from 'valibot';
import { SkillFrontMatterSchema, type SkillFrontMatter } from './front-matter.ts';
import { findRegions } from './regions.ts';

/** The largest `SKILL.md` accepted, in characters: far above any prompt a model can take. */
export const MAX_SKILL_MD_CHARS = 1_000_000;

export const SKILL_MD_FILE_NAME = 'SKILL.md';

/** A parsed `SKILL.md`. */
export interface SkillMd extends SkillFrontMatter {
	/** Everything after the front matter, exactly as in the file. */
	body: string;
	/** Marker problems in the body (the import goes ahead; the editor shows them). */
	warnings: string[];
}

export type SkillMdParse = { ok: true; skill: SkillMd } | { ok: false; message: string };

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

/**
 * Writes a `SKILL.md`: the front matter, then `body` unchanged.
 *
 * @throws RangeError when the name or description breaks its rule (the caller checks first and
 *   shows the rule; this guards against writing a file no agent would load).
 * @example
 * serializeSkillMd({ name: 'coins', description: 'Count real flips.' }, '# Skill\n')
 * // '---\nname: coins\ndescription: Count real flips.\n---\n# Skill\n'
 */
export function serializeSkillMd(front: SkillFrontMatter, body: string): string {
	const checked = v.safeParse(SkillFrontMatterSchema, front);
	if (!checked.success) throw new RangeError(checked.issues[0]?.message ?? 'bad front matter');
	// lineWidth 0: no folding, so a long description stays one line (and one YAML scalar).
	const yaml = stringify({ name: front.name, description: front.description }, { lineWidth: 0 });
	return `---\n${yaml}---\n${body}`;
}

/**
 * Reads a `SKILL.md`: a front matter block with a valid `name` and `description`, then the body.
 * Every refusal says what is wrong and, for a bad field, states the rule.
 *
 * @example parseSkillMd('---\nname: coins\ndescription: Count flips.\n---\n# Skill\n').ok // true
 */
export function parseSkillMd(text: string): SkillMdParse {
	if (text.length > MAX_SKILL_MD_CHARS) {
		return {
			ok: false,
			message: `The file holds ${text.length.toLocaleString('en')} characters; a SKILL.md may hold at most ${MAX_SKILL_MD_CHARS.toLocaleString('en')}.`
		};
	}
	const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const opening = OPENING.exec(source);
	if (opening === null) {
		return {
			ok: false,
			message:
				'A SKILL.md starts with front matter: a “---” line, “name:” and “description:” lines, and another “---” line. This file does not start with “---”.'
		};
	}
	const rest = source.slice(opening[0].length);
	const closing = CLOSING.exec(rest);
	if (closing === null) {
		return {
			ok: false,
			message: 'The front matter has no closing “---” line, so the body cannot be told apart.'
		};
	}
	const yamlText = rest.slice(0, closing.index);
	const body = rest.slice(closing.index + closing[0].length);

	const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
	const yamlError = doc.errors[0];
	if (yamlError !== undefined) {
		return { ok: false, message: `The front matter is not valid YAML: ${yamlError.message}` };
	}
	let data: unknown;
	try {
		data = doc.toJS({ maxAliasCount: 50 });
	} catch (error) {
		return {
			ok: false,
			message: `The front matter cannot be read: ${error instanceof Error ? error.message : String(error)}`
		};
	}
	if (data === null || data === undefined) {
		return { ok: false, message: 'The front matter is empty: it needs a name and a description.' };
	}
	const checked = v.safeParse(SkillFrontMatterSchema, data);
	if (!checked.success) {
		return { ok: false, message: checked.issues[0]?.message ?? 'The front matter is not valid.' };
	}
	return {
		ok: true,
		skill: {
			name: checked.output.name,
			description: checked.output.description,
			body,
			warnings: findRegions(body).problems.map((p) => p.message)
		}
	};
}
