import { describe, expect, it } from 'vitest';
import { createLlmApi, defaultFactories } from '../../../workers/llm-api.ts';
import type { GenerateRequest } from '../../../src/core/ports.ts';

const analystCall: GenerateRequest = {
	messages: [{ role: 'user', content: 'analyse' }],
	temperature: 0,
	maxTokens: 400,
	hints: {
		role: 'optimiser',
		stage: 'failure-analyst',
		packId: 'coin-flip',
		skill: '# Skill\n',
		items: [],
		rejectedEdits: [],
		editBudget: 2
	}
};

describe('simulation pause points through the worker API', () => {
	it('reports a held call by name and lets it go on when released', async () => {
		const api = createLlmApi({ scripted: defaultFactories.scripted });
		await api.load({ kind: 'scripted', scenario: 'stepwise-pauses' });
		const seen: string[] = [];
		expect(await api.watchPauses((name) => seen.push(name))).toBe(true);
		let settled = false;
		const call = api.generate(analystCall).then((r) => {
			settled = true;
			return r;
		});
		await new Promise((r) => setTimeout(r, 20));
		expect(seen).toEqual(['step-1-reflect']);
		expect(settled).toBe(false);
		expect(await api.releasePause('step-1-reflect')).toBe(true);
		const result = await call;
		expect(result.finishReason).toBe('stop');
		expect(await api.releasePause('step-1-reflect')).toBe(false);
	});

	it('says so when the loaded engine has no pause points', async () => {
		const api = createLlmApi({});
		expect(await api.watchPauses(() => undefined)).toBe(false);
		expect(await api.releasePause('x')).toBe(false);
	});
});
