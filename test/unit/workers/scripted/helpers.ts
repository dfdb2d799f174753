/** Request builders shared by the scripted-engine tests. */
import type { GenerateHints, GenerateRequest, OptimiserStage } from '../../../../src/core/ports.ts';

type OptimiserHints = Extract<GenerateHints, { role: 'optimiser' }>;

export function optimiserHints(
	stage: OptimiserStage,
	overrides: Partial<OptimiserHints> = {}
): OptimiserHints {
	return {
		role: 'optimiser',
		stage,
		packId: 'toy',
		skill: '',
		items: [],
		rejectedEdits: [],
		editBudget: 3,
		...overrides
	};
}

export function request(
	hints?: GenerateHints,
	extra: Partial<GenerateRequest> = {}
): GenerateRequest {
	return {
		messages: [
			{ role: 'system', content: 'skill' },
			{ role: 'user', content: 'question' }
		],
		temperature: 0,
		maxTokens: 512,
		...(hints === undefined ? {} : { hints }),
		...extra
	};
}
