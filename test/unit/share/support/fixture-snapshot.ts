/**
 * The realistic snapshot the share tests and the benchmark measure: the committed ~900-token
 * skill (test/fixtures/share/skill-900.md) as a finished run on date arithmetic would share it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ShareSnapshotV1 } from '../../../../src/core/share/index.ts';

const SKILL_PATH = fileURLToPath(new URL('../../../fixtures/share/skill-900.md', import.meta.url));

/** The ~900-token skill fixture (a realistic list of rules). */
export const FIXTURE_SKILL: string = readFileSync(SKILL_PATH, 'utf8');

const scores = [0.45, 0.45, 0.55, 0.55, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7, 0.75, 0.75];

export const FIXTURE_SNAPSHOT: ShareSnapshotV1 = {
	title: 'Date arithmetic, trained on the simulated model',
	note: 'Three epochs; the leap-year and month-end rules made the difference.',
	skill: {
		name: 'Date arithmetic',
		description: 'Adds and subtracts days, months and years, with the calendar rules spelled out.',
		text: FIXTURE_SKILL
	},
	source: { engine: 'simulation', scenario: 'default' },
	task: {
		kind: 'family',
		family: 'date-arithmetic',
		difficulty: 2,
		seed: 1,
		sizes: { train: 24, val: 20, test: 20 }
	},
	settings: {
		epochs: 3,
		batchSize: 8,
		gateEnabled: true,
		metric: 'hard',
		minDeltaItems: 1,
		schedule: 'cosine',
		budgetMax: 3,
		budgetMin: 1,
		proposer: 'model'
	},
	runSeed: 1,
	scores: { val: { seed: 0.45, best: 0.75 }, test: { seed: 0.4, best: 0.7 } },
	history: scores.map((best, i) => ({
		step: i + 1,
		epoch: Math.floor(i / 4) + 1,
		kind: 'step' as const,
		action:
			i > 0 && best > (scores[i - 1] ?? 0) ? ('accept_new_best' as const) : ('reject' as const),
		current: best,
		best,
		candidate: i > 0 && best > (scores[i - 1] ?? 0) ? best : Math.max(0, best - 0.05)
	}))
};
