import { describe, expect, it } from 'vitest';
import {
	SKILL_NAME_RULE,
	skillDescriptionProblem,
	skillNameFromTitle,
	skillNameProblem
} from '../../../src/core/skill/front-matter.ts';
import { parseSkillMd, serializeSkillMd } from '../../../src/core/skill/skill-md.ts';

const BODY = `# Skill: coins

- Count real flips only.

<!-- SLOW_UPDATE_START -->
Check the units.
<!-- SLOW_UPDATE_END -->
`;

describe('skill names', () => {
	it('accepts lowercase letters, digits and single hyphens up to 64 characters', () => {
		expect(skillNameProblem('coins-2')).toBeNull();
		expect(skillNameProblem('a'.repeat(64))).toBeNull();
	});

	it('refuses a 70-character name, an uppercase name and bad hyphens, stating the rule', () => {
		const long = skillNameProblem('a'.repeat(70));
		expect(long).toContain('70 characters');
		expect(long).toContain(SKILL_NAME_RULE);
		expect(skillNameProblem('Coins')).toContain(SKILL_NAME_RULE);
		for (const bad of ['-coins', 'coins-', 'co--ins', 'co ins', 'coïns', '']) {
			expect(skillNameProblem(bad), bad).not.toBeNull();
		}
	});

	it('derives a valid name from any title, and a valid name is its own slug', () => {
		expect(skillNameFromTitle('Unit conversion (v2)')).toBe('unit-conversion-v2');
		expect(skillNameFromTitle('Café — Straße')).toBe('cafe-strasse');
		expect(skillNameFromTitle('  !!! ')).toBe('skill');
		const long = skillNameFromTitle('word '.repeat(30));
		expect(long.length).toBeLessThanOrEqual(64);
		expect(skillNameProblem(long)).toBeNull();
		expect(long.endsWith('-')).toBe(false);
		for (const name of ['coins', 'unit-conversion-v2', long]) {
			expect(skillNameFromTitle(name)).toBe(name);
		}
	});

	it('limits a description to 1,024 characters and refuses an empty one', () => {
		expect(skillDescriptionProblem('x'.repeat(1024))).toBeNull();
		expect(skillDescriptionProblem('x'.repeat(1025))).toContain('1,025');
		expect(skillDescriptionProblem('  ')).toContain('empty');
	});
});

describe('SKILL.md', () => {
	it('writes front matter then the body unchanged', () => {
		const text = serializeSkillMd({ name: 'coins', description: 'Count real flips.' }, BODY);
		expect(text).toBe(`---\nname: coins\ndescription: Count real flips.\n---\n${BODY}`);
	});

	it('round-trips the body byte for byte, markers and awkward text included', () => {
		const bodies = [
			BODY,
			'',
			'\n\n---\nnot front matter\n---\n',
			'line one\r\nline two\r\n',
			'no final newline'
		];
		const description = 'Use when: flips, "quotes", #hashes and — dashes; 2: colons.';
		for (const body of bodies) {
			const parsed = parseSkillMd(serializeSkillMd({ name: 'coins', description }, body));
			expect(parsed).toEqual({
				ok: true,
				skill: { name: 'coins', description, body, warnings: [] }
			});
		}
	});

	it('reads a hand-written file with extra fields, a BOM and CRLF line ends', () => {
		const parsed = parseSkillMd(
			'\uFEFF---\r\nname: pdf-tools\r\ndescription: >\r\n  Extract text from PDFs.\r\nlicense: MIT\r\n---\r\n# PDF\r\n'
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.skill.name).toBe('pdf-tools');
		expect(parsed.skill.description.trim()).toBe('Extract text from PDFs.');
		expect(parsed.skill.body).toBe('# PDF\r\n');
	});

	it('refuses a bad name with the rule, and each other malformed file with its own message', () => {
		const named = (name: string) => `---\nname: ${name}\ndescription: d\n---\nbody`;
		const long = parseSkillMd(named('a'.repeat(70)));
		expect(long.ok).toBe(false);
		if (!long.ok) expect(long.message).toContain(SKILL_NAME_RULE);
		const upper = parseSkillMd(named('Coins'));
		if (!upper.ok) expect(upper.message).toContain(SKILL_NAME_RULE);
		expect(upper.ok).toBe(false);

		const cases: [string, string][] = [
			['# just markdown', 'does not start with “---”'],
			['---\nname: a\ndescription: b\n', 'no closing'],
			['---\nname: [a\n---\n', 'not valid YAML'],
			['---\nname: a\nname: b\ndescription: c\n---\n', 'not valid YAML'],
			['---\n---\nbody', 'empty'],
			['---\n- a\n- b\n---\n', 'front matter must be'],
			['---\ndescription: d\n---\n', 'no name'],
			['---\nname: a\n---\n', 'no description'],
			['---\nname: 12\ndescription: d\n---\n', 'must be text'],
			[`---\nname: a\ndescription: ${'x'.repeat(1100)}\n---\n`, '1,100 characters']
		];
		for (const [text, message] of cases) {
			const parsed = parseSkillMd(text);
			expect(parsed.ok, text).toBe(false);
			if (!parsed.ok) expect(parsed.message, text).toContain(message);
		}
	});

	it('imports a body with broken markers but reports them', () => {
		const parsed = parseSkillMd(
			'---\nname: a\ndescription: b\n---\n<!-- SLOW_UPDATE_START -->\nx\n'
		);
		expect(parsed.ok).toBe(true);
		if (parsed.ok) expect(parsed.skill.warnings[0]).toContain('no matching end marker');
	});

	it('refuses to write a file with a bad name', () => {
		expect(() => serializeSkillMd({ name: 'Bad Name', description: 'd' }, '')).toThrow(
			SKILL_NAME_RULE
		);
	});
});
