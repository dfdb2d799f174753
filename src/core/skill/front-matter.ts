/**
 * The Agent Skills `SKILL.md` front matter: its two required fields, the rules they follow, and
 * how a skill's title becomes a `name`.
 *
 * Agents load a skill folder's `SKILL.md` and route on its front matter alone: `name` names the
 * skill, `description` is all a router reads when it decides whether to load the body. The rules
 * are the format's (lowercase letters, digits and hyphens, at most 64 characters; a description
 * of at most 1,024 characters), so a skill exported here loads in any agent that reads the format.
 * This module needs no YAML parser (the parser is loaded lazily, see `skill-md.ts`), so the
 * editor can check a name as it is typed.
 */
import * as v from 'valibot';

export const SKILL_NAME_MAX = 64;
export const SKILL_DESCRIPTION_MAX = 1024;

/** The name rule in words: every refusal quotes it, so the user knows what would be accepted. */
export const SKILL_NAME_RULE =
	'A skill name is 1–64 characters of lowercase letters (a–z), digits and hyphens, and does not start or end with a hyphen or hold two in a row.';

export const SKILL_DESCRIPTION_RULE =
	'A description is 1–1,024 characters saying what the skill does and when to use it.';

const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The `name` field: a string that follows {@link SKILL_NAME_RULE}. */
export const SkillNameSchema = v.pipe(
	v.string('The name must be text.'),
	v.check((name) => name.length >= 1, `The name is empty. ${SKILL_NAME_RULE}`),
	v.check(
		(name) => name.length <= SKILL_NAME_MAX,
		(issue) => `The name is ${String(issue.input).length} characters long. ${SKILL_NAME_RULE}`
	),
	v.check(
		(name) => NAME_PATTERN.test(name),
		(issue) => `The name “${String(issue.input)}” is not allowed. ${SKILL_NAME_RULE}`
	)
);

/** The `description` field. */
export const SkillDescriptionSchema = v.pipe(
	v.string('The description must be text.'),
	v.check((text) => text.trim().length >= 1, `The description is empty. ${SKILL_DESCRIPTION_RULE}`),
	v.check(
		(text) => [...text].length <= SKILL_DESCRIPTION_MAX,
		(issue) =>
			`The description is ${[...String(issue.input)].length.toLocaleString('en')} characters long. ${SKILL_DESCRIPTION_RULE}`
	)
);

/**
 * The front matter as this app reads it: `name` and `description` are required and must follow
 * their rules; other fields the format allows (`license`, `metadata`, `allowed-tools`…) are
 * accepted and ignored. A missing key gets its own message (valibot's would name the object).
 */
export const SkillFrontMatterSchema = v.pipe(
	v.custom<Record<string, unknown>>(
		(value) => typeof value === 'object' && value !== null && !Array.isArray(value),
		'The front matter must be a set of “key: value” lines.'
	),
	v.check((data) => data.name !== undefined, `The front matter has no name. ${SKILL_NAME_RULE}`),
	v.check(
		(data) => data.description !== undefined,
		`The front matter has no description. ${SKILL_DESCRIPTION_RULE}`
	),
	v.looseObject({ name: SkillNameSchema, description: SkillDescriptionSchema })
);

export interface SkillFrontMatter {
	name: string;
	description: string;
}

/**
 * The first problem with `name`, in words, or `null` when it is a valid skill name.
 *
 * @example skillNameProblem('Unit-Conversion') // 'The name “Unit-Conversion” is not allowed. A skill name is …'
 */
export function skillNameProblem(name: string): string | null {
	const result = v.safeParse(SkillNameSchema, name);
	return result.success ? null : (result.issues[0]?.message ?? SKILL_NAME_RULE);
}

/** The first problem with `description`, in words, or `null`. */
export function skillDescriptionProblem(description: string): string | null {
	const result = v.safeParse(SkillDescriptionSchema, description);
	return result.success ? null : (result.issues[0]?.message ?? SKILL_DESCRIPTION_RULE);
}

/** What {@link skillNameFromTitle} gives a title with no letters or digits at all. */
export const FALLBACK_SKILL_NAME = 'skill';

/**
 * The slug rule that turns a skill's title into a valid `name`: accents are dropped
 * (`é` → `e`), letters are lowercased, every run of other characters becomes one hyphen, hyphens
 * at either end are trimmed, and the result is cut to 64 characters at a hyphen where possible.
 * A valid name is its own slug, so a name survives export and re-import unchanged.
 *
 * @example skillNameFromTitle('Unit conversion (v2)') // 'unit-conversion-v2'
 * @example skillNameFromTitle('Café — Straße') // 'cafe-strasse'
 */
export function skillNameFromTitle(title: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.replace(/ß/g, 'ss')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (slug === '') return FALLBACK_SKILL_NAME;
	if (slug.length <= SKILL_NAME_MAX) return slug;
	const cut = slug.slice(0, SKILL_NAME_MAX);
	const lastHyphen = cut.lastIndexOf('-');
	// Cut at a word boundary unless that would throw most of the name away.
	return (lastHyphen >= SKILL_NAME_MAX / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/g, '');
}
