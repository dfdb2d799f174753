import { describe, expect, it } from 'vitest';
import {
	createScriptedEngine,
	SCRIPTED_LABEL,
	ScriptedEngine
} from '../../../../workers/engines/scripted/scripted-engine.ts';
import { parseScenario, SCENARIOS } from '../../../../workers/engines/scripted/scenarios.ts';
import { ALL_LESSONS_SKILL, executorHints, TOY_REGISTRY, toyItems } from './fake-lessons.ts';
import { optimiserHints, request } from './helpers.ts';

const item = toyItems(4)[2] ?? {
	id: 'x',
	gold: 'yes',
	features: { people: 3, distractors: true, heads: true }
};
const execRequest = (extra = {}) => request(executorHints(item, ALL_LESSONS_SKILL), extra);

function slowEngine(delayMs = 30): ScriptedEngine {
	return new ScriptedEngine(
		parseScenario(
			{ slowStream: { roles: ['executor', 'optimiser'], tokenDelayMs: delayMs } },
			SCENARIOS.clean
		),
		TOY_REGISTRY
	);
}

describe('ScriptedEngine', () => {
	it('says it is a simulation and reports its fixed capabilities', async () => {
		const engine = createScriptedEngine('clean', TOY_REGISTRY);
		expect(engine.label).toBe(SCRIPTED_LABEL);
		expect(engine.label).toMatch(/simulated.*not a language model/i);
		expect(engine.supportsJsonSchema).toBe(true);
		expect(await engine.contextWindow()).toBe(4096);
		expect(await engine.countTokens('Answer: 42')).toBe(4);
		expect(await engine.listCached()).toEqual([]);
	});

	it('loads at once, reporting progress up to 1', async () => {
		const progress: number[] = [];
		await createScriptedEngine().load({ models: ['sim'] }, (p) => progress.push(p.progress));
		expect(progress.at(-1)).toBe(1);
	});

	it('streams the reply in token batches whose concatenation is the text', async () => {
		const engine = createScriptedEngine('clean', TOY_REGISTRY);
		const batches: string[] = [];
		const result = await engine.generate(execRequest(), undefined, (b) => batches.push(b));
		expect(batches.length).toBeGreaterThan(1);
		expect(batches.join('')).toBe(result.text);
		expect(result.finishReason).toBe('stop');
		expect(result.usage.completionTokens).toBeGreaterThan(5);
		expect(result.usage.promptTokens).toBeGreaterThan(0);
	});

	it('stops before a stop sequence', async () => {
		const engine = createScriptedEngine('clean', TOY_REGISTRY);
		const full = await engine.generate(execRequest());
		const cut = await engine.generate(execRequest({ stop: ['\nAnswer:'] }));
		expect(full.text).toContain('\nAnswer:');
		expect(cut.text).toBe(full.text.slice(0, full.text.indexOf('\nAnswer:')));
		expect(cut.finishReason).toBe('stop');
	});

	it('ends with finish reason length at max tokens', async () => {
		const engine = createScriptedEngine('clean', TOY_REGISTRY);
		const result = await engine.generate(execRequest({ maxTokens: 3 }));
		expect(result.finishReason).toBe('length');
		expect(result.usage.completionTokens).toBe(3);
		expect(result.text.length).toBeLessThan(20);
	});

	it('answers a request without hints with a plain notice', async () => {
		const result = await createScriptedEngine().generate(request());
		expect(result.text).toMatch(/simulation, not a language model/);
	});

	it('ends a slow stream at once with finish reason abort when the signal fires', async () => {
		const engine = slowEngine(30);
		const controller = new AbortController();
		const batches: string[] = [];
		const pending = engine.generate(execRequest(), controller.signal, (b) => {
			batches.push(b);
			if (batches.length === 2) controller.abort();
		});
		const started = performance.now();
		const result = await pending;
		expect(result.finishReason).toBe('abort');
		expect(result.text).toBe(batches.join(''));
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('ends a slow stream when interrupted', async () => {
		const engine = slowEngine(30);
		const pending = engine.generate(request(optimiserHints('meta-skill')));
		await new Promise((r) => setTimeout(r, 100));
		await engine.interrupt();
		const result = await pending;
		expect(result.finishReason).toBe('abort');
		expect(result.text.length).toBeGreaterThan(0);
	});

	it('returns abort at once for an already-aborted signal, even with latency', async () => {
		const engine = new ScriptedEngine(parseScenario({ latencyMs: 10_000 }), TOY_REGISTRY);
		const controller = new AbortController();
		controller.abort();
		const result = await engine.generate(execRequest(), controller.signal);
		expect(result).toMatchObject({ text: '', finishReason: 'abort' });
	});

	it('waits the scenario latency before answering', async () => {
		const engine = new ScriptedEngine(parseScenario({ latencyMs: 60 }), TOY_REGISTRY);
		const started = performance.now();
		await engine.generate(execRequest());
		expect(performance.now() - started).toBeGreaterThanOrEqual(50);
	});
});

describe('ScriptedEngine pause points', () => {
	const pausing = () =>
		new ScriptedEngine(
			parseScenario(
				{
					pauses: [
						{
							name: 'analyst-2',
							when: { role: 'optimiser', stage: 'failure-analyst', occurrence: 2 }
						}
					]
				},
				SCENARIOS.clean
			),
			TOY_REGISTRY
		);
	const analystCall = () => request(optimiserHints('failure-analyst'));

	it('holds the matching call until released and reports where it waits', async () => {
		const engine = pausing();
		const reached: string[] = [];
		engine.onPause((name) => reached.push(name));
		await engine.generate(analystCall());
		await engine.generate(request(optimiserHints('merge', { listSize: 1 })));
		expect(reached).toEqual([]);
		let done = false;
		const second = engine.generate(analystCall()).then((r) => ((done = true), r));
		await new Promise((r) => setTimeout(r, 20));
		expect(reached).toEqual(['analyst-2']);
		expect(engine.pausedAt()).toEqual(['analyst-2']);
		expect(done).toBe(false);
		expect(engine.release('analyst-2')).toBe(true);
		expect((await second).finishReason).toBe('stop');
		expect(engine.pausedAt()).toEqual([]);
		expect(engine.release('analyst-2')).toBe(false);
		await engine.generate(analystCall());
		expect(reached).toEqual(['analyst-2']);
	});

	it('lets an abort end a call held at a pause point', async () => {
		const engine = pausing();
		await engine.generate(analystCall());
		const controller = new AbortController();
		const held = engine.generate(analystCall(), controller.signal);
		await new Promise((r) => setTimeout(r, 10));
		expect(engine.pausedAt()).toEqual(['analyst-2']);
		controller.abort();
		expect((await held).finishReason).toBe('abort');
		expect(engine.pausedAt()).toEqual([]);
	});

	it('stops calling a listener after it unsubscribes', async () => {
		const engine = pausing();
		const reached: string[] = [];
		const off = engine.onPause((name) => reached.push(name));
		off();
		await engine.generate(analystCall());
		const held = engine.generate(analystCall());
		await new Promise((r) => setTimeout(r, 10));
		engine.release('analyst-2');
		await held;
		expect(reached).toEqual([]);
	});
});
