import { describe, expect, it } from 'vitest';
import type { AnalystOutput, MergeOutput, RankOutput } from '../../../../src/core/optimiser-io.ts';
import type { OptimiserStage } from '../../../../src/core/ports.ts';
import { ScriptedEngine } from '../../../../workers/engines/scripted/scripted-engine.ts';
import { SCENARIOS } from '../../../../workers/engines/scripted/scenarios.ts';
import { lessonsIn } from '../../../../workers/engines/scripted/skill-text.ts';
import { ALL_LESSONS_SKILL, outcome, TOY, TOY_REGISTRY, toyItems } from './fake-lessons.ts';
import { optimiserHints, request } from './helpers.ts';
import { shapeProblems } from './stage-shapes.ts';

const SKILL =
	'# Coin flips\nRead the story.\n\n## Steps\n- Read each sentence.\n\n## Output format\n- Be brief.\n';
const items = toyItems(12);
// Failed items that need every lesson: three or more people, with distractors.
const hardFailures = items
	.filter((i) => i.features.people >= 3 && i.features.distractors)
	.map((i) => outcome(i, 0));

async function ask<T>(
	stage: OptimiserStage,
	overrides: Parameters<typeof optimiserHints>[1] = {}
): Promise<T> {
	const engine = new ScriptedEngine(SCENARIOS.clean, TOY_REGISTRY);
	const result = await engine.generate(
		request(optimiserHints(stage, { skill: SKILL, ...overrides }))
	);
	expect(result.finishReason).toBe('stop');
	const value: unknown = JSON.parse(result.text);
	expect(shapeProblems(stage, value)).toEqual([]);
	return value as T;
}

const lessonIds = (text: string) => lessonsIn(text, TOY).map((l) => l.id);

describe('simulated optimiser (clean scenario)', () => {
	it('answers every stage with JSON in that stage shape', async () => {
		const list = [
			{ op: 'append', content: '- Count the flips: an even count means heads.' },
			{ op: 'append', content: '- Count the flips, then use parity.' }
		];
		const stages: OptimiserStage[] = [
			'failure-analyst',
			'success-analyst',
			'merge',
			'rank',
			'slow-update',
			'meta-skill'
		];
		for (const stage of stages) {
			await ask(stage, {
				items: [...hardFailures, ...items.slice(0, 2).map((i) => outcome(i, 1))],
				listEdits: list,
				listSize: 2
			});
		}
	});

	it('proposes edits teaching the lessons the shown failures miss, under matching headings', async () => {
		const out = await ask<AnalystOutput>('failure-analyst', { items: hardFailures });
		expect(out.edits.flatMap((e) => lessonIds(e.content ?? '')).sort()).toEqual([
			'answer-line',
			'parity',
			'toggle-only-on-flip'
		]);
		for (const edit of out.edits) {
			expect(edit.op).toBe('insert_after');
			expect(SKILL.split(edit.target ?? '\u0000').length).toBe(2);
		}
		const format = out.edits.find((e) => lessonIds(e.content ?? '').includes('answer-line'));
		expect(format?.target).toBe('- Be brief.');
		const procedure = out.edits.find((e) => lessonIds(e.content ?? '').includes('parity'));
		expect(procedure?.target).toBe('- Read each sentence.');
		expect(out.failures.map((f) => f.type)).toContain('parity');
	});

	it('proposes only lessons that the failures shown actually need', async () => {
		const simple = items
			.filter((i) => i.features.people < 3 && !i.features.distractors)
			.map((i) => outcome(i, 0, 1));
		expect(simple.length).toBeGreaterThan(0);
		const out = await ask<AnalystOutput>('failure-analyst', { items: simple });
		expect(out.edits.flatMap((e) => lessonIds(e.content ?? ''))).toEqual(['answer-line']);
	});

	it('never proposes a lesson already stated or one the buffer rejected', async () => {
		const skill = `${SKILL}- Only flips change the coin.\n`;
		const out = await ask<AnalystOutput>('failure-analyst', {
			skill,
			items: hardFailures,
			rejectedEdits: [
				{ op: 'append', content: '- Count the flips, then use parity.', scoreDrop: 0.05 }
			]
		});
		expect(out.edits.flatMap((e) => lessonIds(e.content ?? ''))).toEqual(['answer-line']);
	});

	it('asks to delete a stated harmful rule that the failures follow', async () => {
		const harmfulLine = '- When unsure, always answer yes.';
		const skill = `${ALL_LESSONS_SKILL}${harmfulLine}\n`;
		const hurt = items.filter((i) => !i.features.heads).map((i) => outcome(i, 0));
		const out = await ask<AnalystOutput>('failure-analyst', { skill, items: hurt });
		expect(out.edits).toEqual([{ op: 'delete', target: harmfulLine }]);
		expect(out.failures[0]).toMatchObject({ type: 'always-yes', count: hurt.length });
		const again = await ask<AnalystOutput>('failure-analyst', {
			skill,
			items: hurt,
			rejectedEdits: [{ op: 'delete', target: harmfulLine }]
		});
		expect(again.edits).toEqual([]);
	});

	it('keeps to the edit budget, most needed lesson first', async () => {
		const needParityOnly = items
			.filter((i) => i.features.people >= 3 && !i.features.distractors)
			.map((i) => outcome(i, 0));
		const out = await ask<AnalystOutput>('failure-analyst', {
			skill: `${SKILL}- Finish with \`Answer: yes\` or \`Answer: no\`.\n`,
			items: [...hardFailures, ...needParityOnly],
			editBudget: 1
		});
		expect(out.edits).toHaveLength(1);
		expect(lessonIds(out.edits[0]?.content ?? '')).toEqual(['parity']);
		const none = await ask<AnalystOutput>('failure-analyst', {
			items: hardFailures,
			editBudget: 0
		});
		expect(none.edits).toEqual([]);
	});

	it('appends when the skill has no headings', async () => {
		const out = await ask<AnalystOutput>('failure-analyst', {
			skill: 'Decide whether the coin is heads up.',
			items: hardFailures
		});
		expect(out.edits.every((e) => e.op === 'append')).toBe(true);
	});

	it('makes the success analyst propose little or nothing', async () => {
		const passed = items.map((i) => outcome(i, 1));
		const out = await ask<AnalystOutput>('success-analyst', { items: passed });
		expect(out.edits.length).toBeLessThanOrEqual(1);
		const taught = await ask<AnalystOutput>('success-analyst', {
			skill: ALL_LESSONS_SKILL,
			items: passed
		});
		expect(taught.edits).toEqual([]);
	});

	it('merges by keeping one edit per lesson', async () => {
		const listEdits = [
			{ op: 'append', content: '- Count the flips: an even count means heads.' },
			{ op: 'append', content: '- Only flips change the coin.' },
			{ op: 'insert_after', target: '## Steps', content: '- Count the flips, then use parity.' },
			{ op: 'append', content: '- Be careful.' },
			{ op: 'append', content: '- be   careful.' }
		];
		const out = await ask<MergeOutput>('merge', { listEdits, listSize: listEdits.length });
		expect(out.keep).toEqual([0, 1, 3]);
		const blind = await ask<MergeOutput>('merge', { listSize: 4 });
		expect(blind.keep).toEqual([0, 1, 2, 3]);
	});

	it('ranks edits for the failures shown first, within the budget', async () => {
		const listEdits = [
			{ op: 'append', content: '- Be careful.', source: 'failure' as const },
			{
				op: 'append',
				content: '- Count the flips: an even count means heads.',
				source: 'success' as const
			},
			{ op: 'append', content: '- Only flips change the coin.', source: 'failure' as const }
		];
		const onlyToggle = items
			.filter((i) => i.features.people < 3 && i.features.distractors)
			.map((i) => outcome(i, 0));
		const out = await ask<RankOutput>('rank', {
			skill: `${SKILL}- Finish with \`Answer: yes\` or \`Answer: no\`.\n`,
			items: onlyToggle,
			listEdits,
			listSize: 3,
			editBudget: 2
		});
		expect(out.selected).toEqual([2, 0]);
		const blind = await ask<RankOutput>('rank', { listSize: 5, editBudget: 2 });
		expect(blind.selected).toEqual([0, 1]);
	});

	it('writes slow-update guidance that restates the lessons that helped', async () => {
		const out = await ask<{ guidance: string }>('slow-update', {
			skill: ALL_LESSONS_SKILL,
			items: items.map((i) => outcome(i, 1))
		});
		expect(lessonIds(out.guidance).sort()).toEqual([
			'answer-line',
			'parity',
			'toggle-only-on-flip'
		]);
		expect(out.guidance.split('\n').length).toBeLessThanOrEqual(5);
	});

	it('writes a meta-skill memo naming what helped and what was rejected', async () => {
		const out = await ask<{ metaSkill: string }>('meta-skill', {
			skill: ALL_LESSONS_SKILL,
			rejectedEdits: [{ op: 'append', content: '- When unsure, always answer yes.' }]
		});
		expect(out.metaSkill).toContain('parity');
		expect(out.metaSkill).toMatch(/Rejected before: always-yes/);
	});

	it('answers the same request identically', async () => {
		const engine = new ScriptedEngine(SCENARIOS.default, TOY_REGISTRY);
		const req = request(optimiserHints('failure-analyst', { skill: SKILL, items: hardFailures }));
		const a = await engine.generate(req);
		const b = await engine.generate(req);
		expect(a.text).toBe(b.text);
	});
});
