/**
 * The lesson the lesson-link tests share: a coin-flip workshop exercise with a short starting
 * skill, step mode and the analogy panel on, and two controls hidden.
 */
import type { LessonV1 } from '../../../../src/core/share/lesson-schema.ts';

export const FIXTURE_LESSON: LessonV1 = {
	title: 'Workshop 1: the gate on coin flips',
	intro: 'Watch which candidates the validation gate keeps, and why.',
	skill: {
		name: 'Coin flips (lesson start)',
		description: 'A deliberately thin skill for the class to train.',
		text: '# Coin flips\n\n- Read the question.\n- Answer yes or no.\n'
	},
	task: {
		kind: 'family',
		family: 'coin-flip',
		difficulty: 1,
		seed: 7,
		sizes: { train: 12, val: 10, test: 10 }
	},
	settings: {
		epochs: 1,
		batchSize: 4,
		seed: 3,
		gateEnabled: true,
		metric: 'hard',
		minDeltaItems: 1,
		schedule: 'constant',
		budgetMax: 2,
		budgetMin: 1,
		proposer: 'model'
	},
	engine: { kind: 'simulation', scenario: 'default' },
	teaching: { stepMode: true, analogyPanel: true },
	hidden: ['task', 'run-settings']
};
