import { describe, expect, it } from 'vitest';
import { evaluateArms } from '../../../src/core/eval/evaluate.ts';
import { createGrader } from '../../../src/core/packs/graders/index.ts';
import { PACK_FORMAT_V1, type TaskPack } from '../../../src/core/packs/types.ts';
import type { ChatEngine, GenerateRequest } from '../../../src/core/ports.ts';
import { compareArms, averageOf } from '../../../src/core/stats/evaluation.ts';

const PACK: TaskPack = {
	format: PACK_FORMAT_V1,
	id: 'capitals',
	title: 'Capitals',
	description: 'Name the capital city.',
	prompt: { template: '{{input}}\n\n{{contract}}', contract: 'Finish with: Answer: <city>' },
	generation: { maxTokens: 64, temperature: 0, stop: [] },
	grader: { type: 'exact', marker: 'Answer:', caseInsensitive: true },
	gate: { metric: 'hard', minDeltaItems: 1, mixedWeight: 0.5 },
	initialSkill: '# Capitals\n',
	splits: {
		train: [],
		val: [],
		test: [
			{ id: 'x1', input: 'Capital of Spain?', answer: 'Madrid' },
			{ id: 'x2', input: 'Capital of Italy?', answer: 'Rome' },
			{ id: 'x3', input: 'Capital of France?', answer: 'Paris' }
		]
	}
};

/** Answers right when the system prompt says "know", wrong otherwise; counts its calls. */
function fakeEngine(onCall?: (request: GenerateRequest) => void): ChatEngine & { calls: number } {
	const engine = {
		calls: 0,
		supportsJsonSchema: false,
		countTokens: async (text: string) => text.length,
		contextWindow: async () => 4096,
		generate: async (request: GenerateRequest) => {
			engine.calls++;
			onCall?.(request);
			const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
			const gold = request.hints?.role === 'executor' ? String(request.hints.gold) : '';
			const text = system.includes('know') ? `Answer: ${gold}` : 'Answer: London';
			return {
				text,
				finishReason: 'stop' as const,
				usage: { promptTokens: 1, completionTokens: 1 }
			};
		}
	};
	return engine;
}

describe('evaluating arms', () => {
	it('runs every arm on every item with the same request as training, sharing identical texts', async () => {
		const seeds: number[] = [];
		const engine = fakeEngine((r) => seeds.push(r.seed ?? -1));
		const result = await evaluateArms({
			pack: PACK,
			items: PACK.splits.test,
			arms: [
				{ arm: 'skill', skill: 'I know capitals.' },
				{ arm: 'none', skill: '' },
				{ arm: 'seed', skill: '' }
			],
			engine,
			grader: createGrader(PACK.grader),
			seed: 7,
			signal: new AbortController().signal
		});
		expect(result.skill.map((r) => r.hard)).toEqual([1, 1, 1]);
		expect(result.none.map((r) => r.hard)).toEqual([0, 0, 0]);
		expect(result.seed).toEqual(result.none);
		// "none" and "seed" have the same text here: one call per item for both.
		expect(engine.calls).toBe(6);
		expect(new Set(seeds)).toEqual(new Set([7]));
		const c = compareArms(
			[
				{ arm: 'skill', results: result.skill },
				{ arm: 'none', results: result.none }
			],
			'skill',
			'none'
		);
		expect(c).toMatchObject({ n: 3, delta: 1, counts: { onlyA: 3, onlyB: 0 } });
		expect(c?.p).toBeCloseTo(0.25, 12);
	});

	it('keeps the items finished before a stop, each with every arm', async () => {
		const controller = new AbortController();
		const done: string[] = [];
		const engine = fakeEngine();
		await expect(
			evaluateArms({
				pack: PACK,
				items: PACK.splits.test,
				arms: [
					{ arm: 'skill', skill: 'know' },
					{ arm: 'none', skill: '' }
				],
				engine,
				grader: createGrader(PACK.grader),
				seed: 0,
				signal: controller.signal,
				onItem: (row, n) => {
					done.push(`${row.skill.itemId}:${row.none.hard}`);
					if (n === 2) controller.abort();
				}
			})
		).rejects.toMatchObject({ name: 'AbortError' });
		expect(done).toEqual(['x1:0', 'x2:0']);
		expect(engine.calls).toBe(4);
	});

	it('pairs only the items both arms hold, and averages skills plainly', () => {
		const c = compareArms(
			[
				{
					arm: 'skill',
					results: [
						{ itemId: 'a', hard: 1 },
						{ itemId: 'b', hard: 0 }
					]
				},
				{ arm: 'none', results: [{ itemId: 'a', hard: 0 }] }
			],
			'skill',
			'none'
		);
		if (!c) throw new Error('both arms are there');
		expect(c.n).toBe(1);
		expect(compareArms([], 'skill', 'none')).toBeNull();
		const avg = averageOf([
			{ ...c, scoreA: 1, scoreB: 0.5, delta: 0.5 },
			{ ...c, scoreA: 0.5, scoreB: 0.5, delta: 0 },
			null
		]);
		expect(avg).toEqual({ count: 2, scoreA: 0.75, scoreB: 0.5, delta: 0.25 });
	});
});
