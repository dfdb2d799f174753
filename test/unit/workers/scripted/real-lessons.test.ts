import { describe, expect, it } from 'vitest';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import type { PackItem, TaskFamily } from '../../../../src/core/packs/types.ts';
import type { GenerateHints } from '../../../../src/core/ports.ts';
import type { FamilyLessons } from '../../../../workers/engines/scripted/lesson-types.ts';
import { FAMILY_LESSONS } from '../../../../workers/engines/scripted/lessons/index.ts';
import { createScriptedEngine } from '../../../../workers/engines/scripted/scripted-engine.ts';
import { lessonsIn } from '../../../../workers/engines/scripted/skill-text.ts';

/** The family's seed skill plus the first phrasing of every procedure and format lesson. */
function taughtSkill(family: TaskFamily, lessons: FamilyLessons): string {
	const rules = lessons.lessons
		.filter((l) => l.kind !== 'harmful')
		.map((l) => `- ${l.phrasings[0] ?? ''}`);
	return `${family.initialSkill.trimEnd()}\n\n## Steps\n${rules.join('\n')}\n`;
}

async function score(family: TaskFamily, skill: string, items: PackItem[]) {
	const engine = createScriptedEngine('clean');
	const grader = createGrader(family.grader);
	let hard = 0;
	let soft = 0;
	for (const item of items) {
		const hints: GenerateHints = {
			role: 'executor',
			packId: family.id,
			itemId: item.id,
			input: item.input,
			gold: item.answer,
			features: item.meta?.features ?? {},
			skill
		};
		const result = await engine.generate({
			messages: [
				{ role: 'system', content: skill },
				{ role: 'user', content: item.input ?? '' }
			],
			temperature: 0,
			maxTokens: family.generation.maxTokens,
			stop: family.generation.stop,
			hints
		});
		const grade = await grader.grade(result.text, item);
		const decision = engine.lastCall?.executor;
		// The simulation and the family's grader must agree on what a right answer looks like.
		if (decision?.correct === true && decision.onContractLine) {
			expect(grade, `${item.id}: ${result.text}`).toMatchObject({ hard: 1 });
		}
		if (decision?.correct === false) expect(grade.hard, `${item.id}: ${result.text}`).toBe(0);
		hard += grade.hard;
		soft += grade.soft;
	}
	return { hard: hard / items.length, soft: soft / items.length };
}

const registered = [...FAMILY_LESSONS.keys()];

describe('scripted engine over the built-in families', () => {
	it('knows the coin-flip family', () => {
		expect(registered).toContain('coin-flip');
	});

	it('scores the coin-flip seed skill clearly below a skill stating every useful lesson', async () => {
		const family = findFamily('coin-flip');
		const lessons = FAMILY_LESSONS.get('coin-flip');
		if (family === undefined || lessons === undefined) return expect.unreachable('coin-flip');
		const items = Array.from({ length: 60 }, (_, i) => family.generate(11, i, 2));
		const seed = await score(family, family.initialSkill, items);
		const taught = await score(family, taughtSkill(family, lessons), items);
		expect(taught.hard - seed.hard).toBeGreaterThan(0.3);
		expect(taught.hard).toBeGreaterThan(0.75);
		expect(taught.hard).toBeLessThan(1.01);
	});

	it.each(registered)('%s: every phrasing states its own lesson and no other', (id) => {
		const lessons = FAMILY_LESSONS.get(id);
		if (lessons === undefined) return expect.unreachable(id);
		for (const lesson of lessons.lessons) {
			for (const phrasing of lesson.phrasings) {
				expect(
					lessonsIn(phrasing, lessons).map((l) => l.id),
					phrasing
				).toEqual([lesson.id]);
			}
		}
	});

	it.each(registered)('%s: grades simulated answers as the simulation decided them', async (id) => {
		const family = findFamily(id);
		const lessons = FAMILY_LESSONS.get(id);
		if (family === undefined || lessons === undefined) return expect.unreachable(id);
		const difficulty = family.defaultDifficulty;
		const items = Array.from({ length: 30 }, (_, i) => family.generate(5, i, difficulty));
		const seed = await score(family, family.initialSkill, items);
		const taught = await score(family, taughtSkill(family, lessons), items);
		expect(taught.hard).toBeGreaterThan(seed.hard);
	});
});
