/**
 * Fuzz: more than 10,000 malformed optimiser answers (garbage, truncated JSON, wrong types, huge
 * strings, markers in content, deep nesting, thrown errors, whitespace until max tokens) fed
 * through every optimiser stage of whole runs. No exception may escape, the protected region
 * must never change except through the slow update, and every failed stage must be recorded.
 */
import { describe, expect, it } from 'vitest';
import {
	runOptimization,
	type LoopEvent,
	type RunResult
} from '../../../../src/core/loop/index.ts';
import { parseStageOutput } from '../../../../src/core/optimiser/index.ts';
import type { ChatEngine, GenerateRequest, GenerateResult } from '../../../../src/core/ports.ts';
import { createRandom } from '../../../../src/core/random.ts';
import { findRegions, setSlowBlock, slowBlockContent } from '../../../../src/core/skill/index.ts';
import { approxTokenCount } from '../../../../src/core/text-stats.ts';
import { buildFamilyPack } from '../../../../src/core/packs/build.ts';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import type { TaskPack } from '../../../../src/core/packs/types.ts';
import { hasher, scripted } from './helpers.ts';

const MARKERS = [
	'<!-- SLOW_UPDATE_START -->',
	'<!-- SLOW_UPDATE_END -->',
	'<!--slow_update_end-->',
	'APPENDIX_START'
];

function valid(request: GenerateRequest, pick: (n: number) => number): string {
	const hints = request.hints;
	const stage = hints?.role === 'optimiser' ? hints.stage : 'failure-analyst';
	const line = pick(12) + 1;
	switch (stage) {
		case 'merge':
			return JSON.stringify({ keep: [0, pick(3)] });
		case 'rank':
			return JSON.stringify({ selected: [pick(3), 0] });
		case 'slow-update':
			return JSON.stringify({ guidance: `- Rule ${pick(100)}.` });
		case 'meta-skill':
			return JSON.stringify({ metaSkill: 'Short rules win.' });
		default:
			return JSON.stringify({
				failures: [{ type: 'x', count: 1, description: 'y' }],
				edits: [
					{ op: 'replace', line, content: `- Rule ${pick(1000)}.` },
					{ op: 'delete', line: line + 1 },
					{ op: 'append', content: `- Another rule ${pick(1000)}.` }
				]
			});
	}
}

/** One malformed (or, in mixed mode, occasionally valid) answer. */
function malformed(request: GenerateRequest, pick: (n: number) => number): string | Error {
	const base = valid(request, pick);
	const marker = MARKERS[pick(MARKERS.length)] ?? '';
	switch (pick(14)) {
		case 0:
			return Array.from({ length: pick(200) }, () => String.fromCharCode(32 + pick(90))).join('');
		case 1:
			return base.slice(0, Math.max(1, pick(base.length)));
		case 2:
			return (
				[
					'{"edits": 5}',
					'{"edits":[1,2,null]}',
					'{"keep":"all"}',
					'{"selected":[-1,1.5,"a"]}',
					'{"guidance":42}',
					'null',
					'[]',
					'"text"',
					'true',
					'{"metaSkill":{}}'
				][pick(10)] ?? ''
			);
		case 3:
			return JSON.stringify({
				edits: [{ op: 'append', content: 'x'.repeat(100_000) }],
				guidance: 'y'.repeat(50_000),
				keep: [0],
				selected: [0],
				metaSkill: 'z'.repeat(60_000)
			});
		case 4:
			return JSON.stringify({
				edits: [
					{ op: 'append', content: `${marker}\n- sneaky` },
					{ op: 'replace', target: marker, content: 'gone' },
					{ op: 'insert_after', target: 'x', content: `a ${marker} b` },
					{ op: 'delete', target: '<!-- SLOW_UPDATE_START -->\n' }
				],
				guidance: `keep ${marker} this`,
				metaSkill: marker,
				keep: [0],
				selected: [0]
			});
		case 5:
			// Line-addressed edits anywhere, including the protected lines at the end.
			return JSON.stringify({
				edits: Array.from({ length: 4 }, () => ({
					op: ['replace', 'delete', 'insert_after', 'append'][pick(4)],
					line: pick(40) - 2,
					content: pick(2) === 0 ? '' : '- r'
				}))
			});
		case 6:
			return '['.repeat(5000) + ']'.repeat(pick(2) * 5000);
		case 7:
			return new Error('engine exploded');
		case 8:
			return `Sure! Here you go:\n\`\`\`json\n${base.slice(0, -1)},}\n\`\`\``;
		case 9:
			return '{"a": 1} {"b": 2}';
		case 10:
			return ' '.repeat(400);
		case 11:
			return JSON.stringify({
				edits: [{ op: 'append', content: 12 }, { op: 'nuke' }, 'str'],
				failures: 'many'
			});
		case 12:
			return `{"edits": [{"op": "append", "content": "\\u0000\\ud800 ${'é'.repeat(50)}"}]`;
		default:
			return base;
	}
}

interface FuzzEngine extends ChatEngine {
	calls: number;
	throws: number;
}

function fuzzOptimiser(seed: number, onlyFailures: boolean): FuzzEngine {
	const random = createRandom(`fuzz-${seed}`);
	const pick = (n: number): number => random.int(Math.max(1, n));
	const engine: FuzzEngine = {
		calls: 0,
		throws: 0,
		supportsJsonSchema: false,
		countTokens: async (text) => approxTokenCount(text),
		contextWindow: async () => 4096,
		async generate(request): Promise<GenerateResult> {
			engine.calls++;
			let answer = malformed(request, pick);
			if (onlyFailures && typeof answer === 'string') {
				const hints = request.hints;
				const stage = hints?.role === 'optimiser' ? hints.stage : 'failure-analyst';
				const options =
					hints?.role === 'optimiser'
						? { listSize: hints.listSize ?? 0, editBudget: hints.editBudget }
						: {};
				if (parseStageOutput(stage, answer, options).ok) answer = 'no JSON here';
			}
			if (answer instanceof Error) {
				engine.throws++;
				throw answer;
			}
			const length = pick(10) === 0;
			return {
				text: answer,
				finishReason: length ? 'length' : 'stop',
				usage: { promptTokens: 10, completionTokens: 10 }
			};
		}
	};
	return engine;
}

let tinyPack: TaskPack | undefined;
async function tiny(): Promise<TaskPack> {
	const family = findFamily('coin-flip');
	if (family === undefined) throw new Error('no coin-flip');
	tinyPack ??= await buildFamilyPack(
		family,
		{ seed: 5, sizes: { train: 8, val: 6, test: 2 } },
		hasher
	);
	return tinyPack;
}

/** A seed skill that already has a guarded block, so step edits have something to attack. */
const SEED = setSlowBlock(
	'# Coin flips\n\n## Steps\n- Read the question.\n- Think.\n',
	'- Guarded rule.'
);

async function fuzzRun(
	seed: number,
	onlyFailures: boolean
): Promise<{ result: RunResult; events: LoopEvent[]; engine: FuzzEngine }> {
	const engine = fuzzOptimiser(seed, onlyFailures);
	const events: LoopEvent[] = [];
	const result = await runOptimization(
		{
			pack: await tiny(),
			initialSkill: SEED,
			seed,
			epochs: 3,
			batchSize: 2,
			trainItems: 8,
			minibatchSize: 1,
			maxSuccessMinibatches: 2,
			evalTest: false,
			slowUpdate: { samples: 2 }
		},
		{ executor: scripted('clean'), optimiser: engine, hasher },
		{ onEvent: (e) => events.push(e) }
	);
	return { result, events, engine };
}

describe('fuzzing the optimiser stages', () => {
	it('mixed malformed answers never crash a run nor touch the protected block outside the slow update', async () => {
		let calls = 0;
		for (let seed = 0; seed < 120; seed++) {
			const { result, events, engine } = await fuzzRun(seed, false);
			calls += engine.calls;
			let current = SEED;
			let proposal: Extract<LoopEvent, { type: 'proposal' }> | undefined;
			for (const e of events) {
				if (e.type === 'proposal') {
					proposal = e;
					expect(findRegions(e.candidate).problems).toEqual([]);
					if (e.kind === 'step')
						expect(slowBlockContent(e.candidate)).toBe(slowBlockContent(current));
				}
				if (
					e.type === 'gate' &&
					e.kind !== 'promote' &&
					proposal !== undefined &&
					e.action !== 'reject'
				) {
					current = proposal.candidate;
				}
			}
			expect(result.finalSkill).toBe(current);
			expect(findRegions(result.finalSkill).problems).toEqual([]);
		}
		expect(calls).toBeGreaterThan(5000);
	}, 60_000);

	it('when every answer is unusable, every stage call fails after one retry and is recorded', async () => {
		let calls = 0;
		let recorded = 0;
		for (let seed = 1000; seed < 1110; seed++) {
			const { result, engine } = await fuzzRun(seed, true);
			const failures = [
				...result.steps.flatMap((s) => s.failures),
				...result.epochs.flatMap((e) => e.failures)
			];
			calls += engine.calls;
			recorded += failures.length;
			expect(failures.length * 2).toBe(engine.calls);
			for (const f of failures) {
				expect(['OptimiserOutputError', 'Error']).toContain(f.name);
				expect(f.fallback).not.toBe('');
			}
			expect(result.finalSkill).toBe(SEED);
			expect(result.summary.stageFailures).toBe(failures.length);
		}
		expect(recorded).toBeGreaterThan(0);
		expect(calls).toBeGreaterThan(5000);
	}, 60_000);
});
