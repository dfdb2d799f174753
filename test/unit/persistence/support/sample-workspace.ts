/**
 * A small but complete workspace written through the repositories: two skills (one with three
 * versions of different provenance), a built-in and an imported pack, a finished run and one
 * left running, a setting and (since schema v2) the skill's pack and an evaluation of it. Used by
 * the export/import tests and to write the schema fixtures.
 */
import { PACK_FORMAT_V1, type TaskPack } from '../../../../src/core/packs/types.ts';
import type { SkillOptDb } from '../../../../src/lib/persistence/db.ts';
import type { RepoDeps } from '../../../../src/lib/persistence/deps.ts';
import { savePack } from '../../../../src/lib/persistence/packs.ts';
import { appendStep, createRun, setRunStatus } from '../../../../src/lib/persistence/runs.ts';
import { setSetting } from '../../../../src/lib/persistence/settings.ts';
import { createEvaluation } from '../../../../src/lib/persistence/evaluations.ts';
import {
	createSkill,
	saveDraft,
	saveVersion,
	setSkillPack
} from '../../../../src/lib/persistence/skills.ts';
import { createWorkspace, updateWorkspace } from '../../../../src/lib/persistence/workspaces.ts';

export const TINY_PACK: TaskPack = {
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
		train: [{ id: 't1', input: 'Capital of France?', answer: 'Paris' }],
		val: [{ id: 'v1', input: 'Capital of Italy?', answer: 'Rome' }],
		test: [{ id: 'x1', input: 'Capital of Spain?', answer: 'Madrid' }]
	}
};

export interface SampleIds {
	workspaceId: string;
	skillId: string;
	otherSkillId: string;
	builtInPackId: string;
	importedPackId: string;
	finishedRunId: string;
	runningRunId: string;
	evaluationId: string;
}

export async function writeSampleWorkspace(db: SkillOptDb, deps: RepoDeps): Promise<SampleIds> {
	const ws = await createWorkspace(db, 'Coin flip study', deps);
	const skill = await createSkill(
		db,
		{ workspaceId: ws.id, title: 'Coin flip', text: '# Coin flip\n', provenance: 'starter' },
		deps
	);
	await saveVersion(db, skill.id, '# Coin flip\n1. Count the flips.\n', 'typed', {}, deps);
	const other = await createSkill(
		db,
		{ workspaceId: ws.id, title: 'Scratch', text: '# scratch' },
		deps
	);
	await saveDraft(db, other.id, '# scratch, edited', deps);
	const builtIn = await savePack(
		db,
		ws.id,
		'Coin flip (level 2)',
		{ kind: 'built-in', familyId: 'coin-flip', difficulty: 2, seed: 7 },
		deps
	);
	const imported = await savePack(
		db,
		ws.id,
		'Capitals',
		{ kind: 'imported', pack: TINY_PACK, fileName: 'capitals.json', containsCode: false },
		deps
	);
	const finished = await createRun(
		db,
		{
			workspaceId: ws.id,
			config: { steps: 2, seed: 7, packId: builtIn.id },
			skillId: skill.id,
			packId: builtIn.id,
			title: 'First run',
			snapshot: { stage: 'start', scoreCache: {} }
		},
		deps
	);
	await appendStep(
		db,
		finished.id,
		0,
		{ action: 'accept_new_best', score: 0.5 },
		{ stage: 'step-0', scoreCache: { aaaa: { hard: 0.5, soft: 0.6 } } },
		{ gate: { decision: 'accept' }, rollouts: [{ itemId: 't1', hard: 1, soft: 1 }] },
		deps
	);
	await saveVersion(
		db,
		skill.id,
		'# Coin flip\n1. Count the flips.\n2. Odd means flipped.\n',
		'proposed-edit',
		{ runId: finished.id, step: 0, note: 'accepted at step 0' },
		deps
	);
	await appendStep(
		db,
		finished.id,
		1,
		{ action: 'reject', score: 0.4 },
		{
			stage: 'step-1',
			scoreCache: { aaaa: { hard: 0.5, soft: 0.6 }, bbbb: { hard: 0.4, soft: 0.5 } }
		},
		{ summary: { best: 0.5, steps: 2 } },
		deps
	);
	await setRunStatus(db, finished.id, 'finished', { summary: { best: 0.5, steps: 2 } }, deps);
	const running = await createRun(
		db,
		{ workspaceId: ws.id, config: { steps: 5, seed: 1 }, ownerTab: 'tab-a' },
		deps
	);
	await appendStep(db, running.id, 0, { action: 'reject' }, { stage: 'step-0' }, {}, deps);
	await updateWorkspace(db, ws.id, { currentSkillId: skill.id, currentPackId: imported.id }, deps);
	await setSetting(db, 'engine', 'scripted', deps);
	await setSkillPack(db, skill.id, builtIn.id, deps);
	const evaluation = await createEvaluation(
		db,
		{
			workspaceId: ws.id,
			skillId: skill.id,
			packId: builtIn.id,
			kind: 'library',
			status: 'finished',
			engine: { kind: 'scripted', label: 'Simulated model (scripted, not a language model)' },
			seed: 0,
			itemCount: 2,
			arms: [
				{
					arm: 'skill',
					skillHash: 'a'.repeat(64),
					results: [
						{ itemId: 'x1', hard: 1, soft: 1 },
						{ itemId: 'x2', hard: 1, soft: 0.8 }
					]
				},
				{
					arm: 'none',
					skillHash: 'b'.repeat(64),
					results: [
						{ itemId: 'x1', hard: 0, soft: 0.2 },
						{ itemId: 'x2', hard: 1, soft: 1 }
					]
				}
			]
		},
		deps
	);
	return {
		workspaceId: ws.id,
		skillId: skill.id,
		otherSkillId: other.id,
		builtInPackId: builtIn.id,
		importedPackId: imported.id,
		finishedRunId: finished.id,
		runningRunId: running.id,
		evaluationId: evaluation.id
	};
}
