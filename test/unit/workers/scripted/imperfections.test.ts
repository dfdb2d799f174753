import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../../src/core/edits/index.ts';
import type { AnalystOutput } from '../../../../src/core/optimiser-io.ts';
import type { OptimiserStage } from '../../../../src/core/ports.ts';
import {
	ScriptedEngine,
	SimulatedModelError
} from '../../../../workers/engines/scripted/scripted-engine.ts';
import {
	parseScenario,
	SCENARIOS,
	type OptimiserKnobs
} from '../../../../workers/engines/scripted/scenarios.ts';
import {
	countOccurrences,
	lessonsIn,
	normalise
} from '../../../../workers/engines/scripted/skill-text.ts';
import { outcome, TOY, TOY_REGISTRY, toyItems } from './fake-lessons.ts';
import { optimiserHints, request } from './helpers.ts';
import { shapeProblems } from './stage-shapes.ts';

const SKILL =
	'# Coin flips\nRead the story about the coin.\n\n## Steps\n- Read each sentence.\n\n## Output format\n- Be brief.\n';
const failures = toyItems(12)
	.filter((i) => i.features.people >= 3 && i.features.distractors)
	.map((i) => outcome(i, 0));

function engineWith(knobs: Partial<OptimiserKnobs>): ScriptedEngine {
	return new ScriptedEngine(
		parseScenario({ name: 'test', optimiser: knobs }, SCENARIOS.clean),
		TOY_REGISTRY
	);
}

async function analyst(knobs: Partial<OptimiserKnobs>, stage: OptimiserStage = 'failure-analyst') {
	const engine = engineWith(knobs);
	const result = await engine.generate(
		request(optimiserHints(stage, { skill: SKILL, items: failures }))
	);
	return { result, engine, value: JSON.parse(result.text) as AnalystOutput };
}

describe('optimiser imperfections at rate 1', () => {
	it('harmful: every edit states a harmful lesson', async () => {
		const { value, engine } = await analyst({ harmfulEditRate: 1 });
		expect(value.edits.length).toBeGreaterThan(0);
		for (const edit of value.edits) {
			expect(lessonsIn(edit.content ?? '', TOY).map((l) => l.kind)).toEqual(['harmful']);
		}
		expect(engine.lastCall?.fired).toContain('harmful:always-yes');
	});

	it('harmful: a rejected harmful lesson is not proposed again', async () => {
		const engine = engineWith({ harmfulEditRate: 1 });
		const result = await engine.generate(
			request(
				optimiserHints('failure-analyst', {
					skill: SKILL,
					items: failures,
					rejectedEdits: [{ op: 'append', content: 'When unsure, always answer yes.' }]
				})
			)
		);
		const value = JSON.parse(result.text) as AnalystOutput;
		expect(
			value.edits.flatMap((e) => lessonsIn(e.content ?? '', TOY)).map((l) => l.kind)
		).not.toContain('harmful');
	});

	it('paraphrased anchors: targets are not found in the skill, even normalised', async () => {
		const { value, engine } = await analyst({ paraphrasedAnchorRate: 1 });
		expect(value.edits.length).toBeGreaterThan(0);
		for (const edit of value.edits) {
			expect(['insert_after', 'replace']).toContain(edit.op);
			expect(normalise(SKILL)).not.toContain(normalise(edit.target ?? ''));
		}
		expect(engine.lastCall?.fired.every((f) => f.startsWith('paraphrased-anchor:'))).toBe(true);
	});

	it('paraphrased anchors: the core reports them unmatched or applied by fallback', async () => {
		const statuses = new Set<string>();
		for (let seed = 0; seed < 6; seed++) {
			const engine = new ScriptedEngine(
				parseScenario(
					{ seed: `para-${seed}`, optimiser: { paraphrasedAnchorRate: 1 } },
					SCENARIOS.clean
				),
				TOY_REGISTRY
			);
			const result = await engine.generate(
				request(optimiserHints('failure-analyst', { skill: SKILL, items: failures }))
			);
			const { edits } = JSON.parse(result.text) as AnalystOutput;
			for (const report of applyEdits(SKILL, edits).reports) statuses.add(report.status);
		}
		expect([...statuses].sort()).toEqual(['applied_fallback', 'unmatched']);
	});

	it('clean edits all apply as proposed', async () => {
		const { value } = await analyst({});
		const applied = applyEdits(SKILL, value.edits);
		expect(applied.reports.map((r) => r.status)).toEqual(value.edits.map(() => 'applied'));
		expect(lessonsIn(applied.text, TOY).map((l) => l.id)).toEqual([
			'toggle-only-on-flip',
			'parity',
			'answer-line'
		]);
	});

	it('duplicated anchors: targets occur more than once in the skill', async () => {
		const { value } = await analyst({ duplicateAnchorRate: 1 });
		expect(value.edits.length).toBeGreaterThan(0);
		for (const edit of value.edits) {
			expect(countOccurrences(SKILL, edit.target ?? '')).toBeGreaterThanOrEqual(2);
		}
		expect(applyEdits(SKILL, value.edits).reports.every((r) => r.status === 'ambiguous')).toBe(
			true
		);
	});

	it('malformed JSON: the reply does not parse as JSON', async () => {
		const stages: OptimiserStage[] = [
			'failure-analyst',
			'merge',
			'rank',
			'slow-update',
			'meta-skill'
		];
		const kinds = new Set<string>();
		for (const stage of stages) {
			const engine = engineWith({ malformedJsonRate: 1 });
			const result = await engine.generate(
				request(optimiserHints(stage, { skill: SKILL, items: failures, listSize: 3 }))
			);
			expect(() => JSON.parse(result.text)).toThrow();
			for (const f of engine.lastCall?.fired ?? []) kinds.add(f);
		}
		expect([...kinds].every((k) => k.startsWith('malformed-json:'))).toBe(true);
	});

	it('malformed JSON in prose still holds the well-formed object', async () => {
		for (let seed = 0; seed < 20; seed++) {
			const engine = new ScriptedEngine(
				parseScenario(
					{ seed: `prose-${seed}`, optimiser: { malformedJsonRate: 1 } },
					SCENARIOS.clean
				),
				TOY_REGISTRY
			);
			const result = await engine.generate(request(optimiserHints('meta-skill', { skill: SKILL })));
			if (engine.lastCall?.fired.includes('malformed-json:prose') !== true) continue;
			const inner = result.text.slice(result.text.indexOf('{'), result.text.lastIndexOf('}') + 1);
			expect(shapeProblems('meta-skill', JSON.parse(inner))).toEqual([]);
			return;
		}
		expect.unreachable('no prose-wrapped reply in 20 seeds');
	});

	it('whitespace until max tokens: only whitespace, finish length', async () => {
		const engine = engineWith({ whitespaceUntilMaxTokensRate: 1 });
		const result = await engine.generate(
			request(optimiserHints('merge', { listSize: 2 }), { maxTokens: 50 })
		);
		expect(result.finishReason).toBe('length');
		expect(result.text.trim()).toBe('');
		expect(result.usage.completionTokens).toBe(50);
	});

	it('errors: the call throws a named error', async () => {
		const engine = engineWith({ errorRate: 1 });
		const call = engine.generate(request(optimiserHints('rank', { listSize: 2 })));
		await expect(call).rejects.toBeInstanceOf(SimulatedModelError);
		await expect(
			engine.generate(request(optimiserHints('rank', { listSize: 2 })))
		).rejects.toMatchObject({ name: 'SimulatedModelError' });
	});

	it('draws imperfections per call: a rate of one half fires on some calls only', async () => {
		const engine = engineWith({ malformedJsonRate: 0.5 });
		let broken = 0;
		for (let i = 0; i < 40; i++) {
			const result = await engine.generate(
				request(optimiserHints('merge', { listSize: 2 }), { seed: i })
			);
			if (engine.lastCall?.fired.length) broken++;
			expect(result.finishReason).toBe('stop');
		}
		expect(broken).toBeGreaterThan(8);
		expect(broken).toBeLessThan(32);
	});
});
