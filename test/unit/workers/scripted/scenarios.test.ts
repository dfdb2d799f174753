import { describe, expect, it } from 'vitest';
import {
	getScenario,
	parseScenario,
	SCENARIOS,
	ScenarioError,
	UnknownScenarioError
} from '../../../../workers/engines/scripted/scenarios.ts';

describe('scenarios', () => {
	it('declares the named scenarios as JSON-safe data that parse back unchanged', () => {
		expect(Object.keys(SCENARIOS)).toEqual(
			expect.arrayContaining([
				'default',
				'clean',
				'noisy-optimiser',
				'slow-stream',
				'malformed-json',
				'harmful-heavy',
				'reject-heavy'
			])
		);
		for (const [name, scenario] of Object.entries(SCENARIOS)) {
			expect(scenario.name).toBe(name);
			const roundTrip: unknown = JSON.parse(JSON.stringify(scenario));
			expect(parseScenario(roundTrip)).toEqual(scenario);
		}
	});

	it('each scenario says in one line what it simulates and what to look for', () => {
		for (const scenario of Object.values(SCENARIOS)) {
			for (const line of [scenario.description, scenario.lookFor]) {
				expect(line.length, scenario.name).toBeGreaterThan(20);
				expect(line.length, scenario.name).toBeLessThanOrEqual(120);
				expect(line, scenario.name).not.toMatch(/\n/);
			}
		}
		// Pause points are named after the stage they hold, never after a call count.
		for (const pause of SCENARIOS['stepwise-pauses'].pauses)
			expect(pause.name).toMatch(/^step-\d+-(reflect|merge|select)$/);
	});

	it('switches every imperfection off in the clean scenario', () => {
		expect(Object.values(SCENARIOS.clean.optimiser).every((rate) => rate === 0)).toBe(true);
	});

	it('fills defaults for missing fields', () => {
		const s = parseScenario({ name: 'mine', optimiser: { errorRate: 1 } });
		expect(s.optimiser.errorRate).toBe(1);
		expect(s.optimiser.harmfulEditRate).toBe(SCENARIOS.default.optimiser.harmfulEditRate);
		expect(s.executor).toEqual(SCENARIOS.default.executor);
		expect(s.pauses).toEqual([]);
		expect(parseScenario({ pauses: [{ name: 'p', when: {} }] }).pauses[0]?.when.occurrence).toBe(1);
	});

	it('takes a string as a declared scenario name', () => {
		expect(parseScenario('slow-stream')).toBe(SCENARIOS['slow-stream']);
		expect(getScenario('clean')).toBe(SCENARIOS.clean);
		expect(() => getScenario('nope')).toThrow(UnknownScenarioError);
		expect(() => getScenario('toString')).toThrow(/unknown scenario "toString"/);
	});

	it.each([
		[[], 'scenario: ', /must be an object, got a list/],
		[{ colour: 'red' }, 'colour', /not a known field/],
		[{ executor: { baseAccuracy: 2 } }, 'executor.baseAccuracy', /between 0 and 1, got 2/],
		[{ executor: { baseAcuracy: 0.5 } }, 'executor.baseAcuracy', /not a known field/],
		[{ optimiser: { errorRate: '0.5' } }, 'optimiser.errorRate', /finite number, got "0.5"/],
		[{ optimiser: { errorRate: -0.1 } }, 'optimiser.errorRate', /between 0 and 1/],
		[{ latencyMs: -5 }, 'latencyMs', /≥ 0/],
		[{ seed: true }, 'seed', /string or a number/],
		[{ slowStream: { roles: ['judge'] } }, 'slowStream.roles', /executor/],
		[{ pauses: {} }, 'pauses', /must be a list/],
		[{ pauses: [{ when: {} }] }, 'pauses[0].name', /is required/],
		[
			{
				pauses: [
					{ name: 'a', when: {} },
					{ name: 'a', when: {} }
				]
			},
			'pauses[1].name',
			/used twice/
		],
		[{ pauses: [{ name: 'a', when: { stage: 'critic' } }] }, 'pauses[0].when.stage', /one of/],
		[{ pauses: [{ name: 'a', when: { occurrence: 0 } }] }, 'pauses[0].when.occurrence', /≥ 1/],
		[{ executor: { lengthBucketTokens: 0 } }, 'executor.lengthBucketTokens', /at least 1/]
	])('rejects %j naming %s', (input, path, message) => {
		let error: unknown;
		try {
			parseScenario(input);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ScenarioError);
		expect((error as ScenarioError).name).toBe('ScenarioError');
		if (path !== 'scenario: ') expect((error as ScenarioError).path).toBe(path);
		expect((error as Error).message).toMatch(message);
	});
});

describe('scenario files', () => {
	it('reads a hand-written JSON scenario, filling what it leaves out', async () => {
		const { readFile } = await import('node:fs/promises');
		const url = new URL('../../../fixtures/scenarios/e2e-stepwise.json', import.meta.url);
		const scenario = parseScenario(JSON.parse(await readFile(url, 'utf8')));
		expect(scenario.seed).toBe('7');
		expect(scenario.optimiser.harmfulEditRate).toBe(0.5);
		expect(scenario.optimiser.errorRate).toBe(SCENARIOS.default.optimiser.errorRate);
		expect(scenario.pauses.map((p) => p.when.occurrence)).toEqual([2, 1]);
		expect(scenario.pauses[1]?.when).toEqual({
			role: 'executor',
			itemId: 'coin-flip#1-3',
			occurrence: 1
		});
	});
});
