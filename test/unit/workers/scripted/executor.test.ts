import { describe, expect, it } from 'vitest';
import {
	lengthBucket,
	simulateExecutor,
	type ExecutorHints
} from '../../../../workers/engines/scripted/executor.ts';
import { parseScenario, SCENARIOS } from '../../../../workers/engines/scripted/scenarios.ts';
import {
	ALL_LESSONS_SKILL,
	executorHints,
	gradeToy,
	SEED_SKILL,
	TOY,
	toyItems,
	type ToyItem
} from './fake-lessons.ts';

const clean = SCENARIOS.clean;
const items = toyItems(200);

function run(skill: string, scenario = clean, batch: ToyItem[] = items) {
	return batch.map((item) => {
		const out = simulateExecutor(executorHints(item, skill) as ExecutorHints, scenario, TOY);
		return { item, out, grade: gradeToy(out.text, item.gold) };
	});
}

function accuracy(results: ReturnType<typeof run>, metric: 'hard' | 'soft' = 'hard'): number {
	return results.reduce((n, r) => n + r.grade[metric], 0) / results.length;
}

describe('simulated executor', () => {
	it('gives the same output for the same item and skill', () => {
		const a = run(SEED_SKILL).map((r) => r.out.text);
		const b = run(SEED_SKILL).map((r) => r.out.text);
		expect(a).toEqual(b);
	});

	it('scores a skill stating the needed lessons clearly higher than the seed skill', () => {
		const seed = accuracy(run(SEED_SKILL), 'soft');
		const taught = accuracy(run(ALL_LESSONS_SKILL), 'soft');
		expect(taught - seed).toBeGreaterThan(0.3);
		expect(taught).toBeGreaterThan(0.8);
	});

	it('raises accuracy with each procedure lesson added', () => {
		const one = `${SEED_SKILL}- Only flips change the coin.\n`;
		const two = `${one}- Count the flips: an even count means heads.\n`;
		const scores = [SEED_SKILL, one, two].map((s) => accuracy(run(s), 'soft'));
		expect(scores[1]).toBeGreaterThan(scores[0] ?? 1);
		expect(scores[2]).toBeGreaterThan(scores[1] ?? 1);
	});

	it('moves answers from soft-only to the contract line when the format lesson is stated', () => {
		const procedureOnly = ALL_LESSONS_SKILL.replace(/## Output format[\s\S]*$/, '');
		const without = run(procedureOnly);
		const withFormat = run(ALL_LESSONS_SKILL);
		expect(accuracy(without, 'soft') - accuracy(without, 'hard')).toBeGreaterThan(0.3);
		expect(accuracy(withFormat, 'soft') - accuracy(withFormat, 'hard')).toBe(0);
		expect(accuracy(withFormat, 'hard')).toBeGreaterThan(accuracy(without, 'hard') + 0.3);
	});

	it('leaves every outcome unchanged after an edit that teaches no lesson', () => {
		const edited = ALL_LESSONS_SKILL.replace('## Steps', '## Steps\n- Read slowly and be careful.');
		expect(run(edited).map((r) => r.out.text)).toEqual(
			run(ALL_LESSONS_SKILL).map((r) => r.out.text)
		);
	});

	it('leaves items that do not need a newly taught lesson exactly as they were', () => {
		const before = `${SEED_SKILL}- Count the flips: an even count means heads.\n`;
		const after = `${before}- Only flips change the coin.\n`;
		const plain = items.filter((i) => !i.features.distractors);
		expect(plain.length).toBeGreaterThan(20);
		expect(run(after, clean, plain).map((r) => r.out.text)).toEqual(
			run(before, clean, plain).map((r) => r.out.text)
		);
		const needy = items.filter((i) => i.features.distractors);
		expect(run(after, clean, needy).map((r) => r.out.text)).not.toEqual(
			run(before, clean, needy).map((r) => r.out.text)
		);
	});

	it('detects lessons after lowercasing and collapsing whitespace', () => {
		const shouty = ALL_LESSONS_SKILL.replace('Only flips change', 'ONLY   flips\nchange');
		expect(run(shouty).map((r) => r.out.text)).toEqual(
			run(ALL_LESSONS_SKILL).map((r) => r.out.text)
		);
	});

	it('lowers accuracy on the items a harmful lesson hurts', () => {
		const harmed = `${ALL_LESSONS_SKILL}- When unsure, always answer yes.\n`;
		const hurt = items.filter((i) => !i.features.heads);
		const spared = items.filter((i) => i.features.heads);
		expect(accuracy(run(harmed, clean, hurt))).toBeLessThan(
			accuracy(run(ALL_LESSONS_SKILL, clean, hurt)) - 0.2
		);
		expect(run(harmed, clean, spared)[0]?.out.hurting).toEqual([]);
		expect(run(harmed, clean, hurt)[0]?.out.hurting).toEqual(['always-yes']);
	});

	it('keeps accuracy below 100% through label noise, even with every lesson', () => {
		const noisy = parseScenario({ executor: { baseAccuracy: 1, labelNoiseRate: 0.05 } });
		const results = run(ALL_LESSONS_SKILL, noisy);
		const noiseItems = results.filter((r) => r.out.labelNoise);
		expect(noiseItems.length).toBeGreaterThan(0);
		expect(noiseItems.every((r) => !r.out.correct)).toBe(true);
		expect(accuracy(results)).toBeLessThan(1);
		expect(accuracy(results)).toBeGreaterThan(0.85);
	});

	it('penalises skills past the token budget by length bucket', () => {
		const scenario = parseScenario({
			executor: { lengthBudgetTokens: 120, lengthBucketTokens: 40, lengthDecayPerBucket: 0.25 }
		});
		const padded = `${ALL_LESSONS_SKILL}\n${'Extra background words that teach nothing. '.repeat(30)}`;
		expect(lengthBucket(padded, scenario.executor)).toBeGreaterThan(2);
		expect(lengthBucket(ALL_LESSONS_SKILL, scenario.executor)).toBe(0);
		expect(accuracy(run(padded, scenario))).toBeLessThan(
			accuracy(run(ALL_LESSONS_SKILL, scenario)) - 0.3
		);
	});

	it('writes a few reasoning lines before the answer', () => {
		const [first] = run(ALL_LESSONS_SKILL);
		const lines = first?.out.text.split('\n') ?? [];
		expect(lines.length).toBeGreaterThanOrEqual(3);
		expect(lines[0]).toMatch(/people/);
		expect(lines.at(-1)).toMatch(/^Answer: (yes|no)$/);
	});

	it('renders structured answers as bare JSON on the contract line and fenced otherwise', () => {
		const family = { ...TOY, renderAnswer: () => '{"a":1}', wrongAnswer: () => '{"a":2}' };
		const item = items[1] as ToyItem;
		const hard = simulateExecutor(
			executorHints(item, ALL_LESSONS_SKILL) as ExecutorHints,
			clean,
			family
		);
		expect(hard.onContractLine).toBe(true);
		expect(() => JSON.parse(hard.text)).not.toThrow();
		const soft = parseScenario({ executor: { contractRateWithoutFormat: 0 } });
		const loose = simulateExecutor(executorHints(item, SEED_SKILL) as ExecutorHints, soft, family);
		expect(loose.onContractLine).toBe(false);
		expect(loose.text).toMatch(/```json\n\{"a":[12]\}\n```$/);
	});
});

describe('simulated executor on unknown tasks', () => {
	const unknown = (skill: string) =>
		items.map((item) =>
			simulateExecutor(
				{ ...(executorHints(item, skill, 'imported') as ExecutorHints), itemId: `imp-${item.id}` },
				clean,
				undefined
			)
		);

	it('answers with a fixed seeded accuracy whatever the skill says', () => {
		const a = unknown(SEED_SKILL).map((o) => o.correct);
		const b = unknown(ALL_LESSONS_SKILL).map((o) => o.correct);
		expect(a).toEqual(b);
		const rate = a.filter(Boolean).length / a.length;
		expect(rate).toBeGreaterThan(0.2);
		expect(rate).toBeLessThan(0.5);
	});

	it('uses the contract line only when the skill mentions an answer line', () => {
		expect(unknown(SEED_SKILL).every((o) => !o.onContractLine)).toBe(true);
		const asked = unknown(`${SEED_SKILL}Finish with a final line \`Answer: <answer>\`.`);
		expect(asked.every((o) => o.onContractLine && /\nAnswer: \S/.test(o.text))).toBe(true);
	});
});
