/**
 * A deliberately small SkillOpt-like loop (executor batch → failure analyst → apply → gate on val)
 * driven by the scripted engine over generated coin-flip items, to check that the scenarios'
 * expected outcomes hold: the simulation gives an optimiser something real to climb, and the
 * gate has harmful edits to reject.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../../src/core/edits/index.ts';
import type { AnalystOutput } from '../../../../src/core/optimiser-io.ts';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import type { PackItem } from '../../../../src/core/packs/types.ts';
import type { ItemOutcomeHint, RejectedEditHint } from '../../../../src/core/ports.ts';
import { FAMILY_LESSONS } from '../../../../workers/engines/scripted/lessons/index.ts';
import { createScriptedEngine } from '../../../../workers/engines/scripted/scripted-engine.ts';
import { lessonsIn } from '../../../../workers/engines/scripted/skill-text.ts';

const family = findFamily('coin-flip');
const lessons = FAMILY_LESSONS.get('coin-flip');

async function miniLoop(scenario: string, steps: number) {
	if (family === undefined || lessons === undefined) throw new Error('coin-flip missing');
	const engine = createScriptedEngine(scenario);
	const grader = createGrader(family.grader);
	const train = Array.from({ length: 40 }, (_, i) => family.generate(21, i, 2));
	const val = Array.from({ length: 30 }, (_, i) => family.generate(22, i, 2));
	const run = async (skill: string, items: PackItem[]): Promise<ItemOutcomeHint[]> => {
		const out: ItemOutcomeHint[] = [];
		for (const item of items) {
			const features = item.meta?.features ?? {};
			const result = await engine.generate({
				messages: [],
				temperature: 0,
				maxTokens: family.generation.maxTokens,
				hints: {
					role: 'executor',
					packId: family.id,
					itemId: item.id,
					gold: item.answer,
					features,
					skill
				}
			});
			const grade = await grader.grade(result.text, item);
			out.push({ id: item.id, features, hard: grade.hard, soft: grade.soft });
		}
		return out;
	};
	const mean = (o: ItemOutcomeHint[]) => o.reduce((n, x) => n + x.hard, 0) / o.length;

	let skill = family.initialSkill;
	let current = mean(await run(skill, val));
	const history = [current];
	const rejected: RejectedEditHint[] = [];
	let harmfulRejected = 0;
	for (let step = 0; step < steps; step++) {
		// Five steps of eight items make an epoch; the rejected-edit buffer lives for one epoch.
		if (step % 5 === 0) rejected.length = 0;
		const batch = train.slice((step * 8) % 40, ((step * 8) % 40) + 8);
		const failed = (await run(skill, batch)).filter((o) => o.hard < 1).slice(0, 4);
		if (failed.length === 0) continue;
		let output: AnalystOutput;
		try {
			const reply = await engine.generate({
				messages: [{ role: 'user', content: `step ${step}` }],
				temperature: 0,
				maxTokens: 400,
				hints: {
					role: 'optimiser',
					stage: 'failure-analyst',
					packId: family.id,
					skill,
					items: failed,
					rejectedEdits: rejected,
					editBudget: 2
				}
			});
			output = JSON.parse(reply.text) as AnalystOutput;
		} catch {
			continue; // a failed stage skips the step, as the loop degrades
		}
		const candidate = applyEdits(skill, output.edits).text;
		const score = mean(await run(candidate, val));
		if (score > current) {
			skill = candidate;
			current = score;
		} else {
			for (const edit of output.edits) rejected.push({ ...edit, scoreDrop: current - score });
			const added = lessonsIn(candidate, lessons).filter(
				(l) => l.kind === 'harmful' && !lessonsIn(skill, lessons).includes(l)
			);
			if (added.length > 0) harmfulRejected++;
		}
		history.push(current);
	}
	return { history, skill, harmfulRejected };
}

describe('a small loop against the scripted engine on coin flip', () => {
	it('clean: val climbs from the seed skill to 70% or more', async () => {
		const { history } = await miniLoop('clean', 15);
		expect(history[0]).toBeLessThan(0.4);
		expect(history.at(-1)).toBeGreaterThanOrEqual(0.7);
	});

	it('harmful-heavy: the gate rejects harmful edits and val still improves', async () => {
		const { history, harmfulRejected } = await miniLoop('harmful-heavy', 15);
		expect(harmfulRejected).toBeGreaterThan(0);
		expect(history.at(-1)).toBeGreaterThan((history[0] ?? 1) + 0.2);
	});

	it('default: the run survives its imperfections and improves', async () => {
		const { history } = await miniLoop('default', 15);
		expect(history.at(-1)).toBeGreaterThan((history[0] ?? 1) + 0.2);
	});
});
