/**
 * Building and reading share snapshots: the parts of the app's state a link may carry, how a
 * run's steps become a score history, the smaller "skill only" snapshot, and a plain-words list
 * of what a link holds (shown before copying and when opening).
 *
 * The source is reduced to kinds here, so no caller can put an endpoint URL, an API key or a
 * custom model URL into a link: only catalogue ids and scenario names, which the schema limits
 * to identifiers, survive.
 */
import type { StepRecord } from '../loop/state.ts';
import {
	HISTORY_ACTIONS,
	SHARE_LIMITS,
	type ShareHistoryPoint,
	type ShareSnapshotV1
} from './schema.ts';

export type ShareSource = ShareSnapshotV1['source'];

/** What the app knows about the engine that trained the skill. */
export interface SourceInput {
	engine: 'scripted' | 'webllm' | 'wllama' | 'openai' | 'none';
	/** The executor's model id (WebLLM) — kept only when `inCatalogue`. */
	modelId?: string;
	inCatalogue?: boolean;
	scenario?: string;
}

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The provenance a link may carry: never an endpoint, its model name, or a custom model. */
export function shareSource(input: SourceInput): ShareSource {
	switch (input.engine) {
		case 'scripted':
			return {
				engine: 'simulation',
				...(input.scenario && isIdentifier(input.scenario) ? { scenario: input.scenario } : {})
			};
		case 'webllm':
			return input.inCatalogue && input.modelId && isIdentifier(input.modelId)
				? { engine: 'webllm', model: input.modelId }
				: { engine: 'webllm', customModel: true };
		// A CPU model's id is its GGUF URL, which a link never carries.
		case 'wllama':
			return { engine: 'cpu' };
		case 'openai':
			return { engine: 'endpoint' };
		case 'none':
			return { engine: 'unknown' };
	}
}

/** The per-step score history for the chart, at most `SHARE_LIMITS.history` points. */
export function historyFromSteps(steps: readonly StepRecord[]): ShareHistoryPoint[] {
	const known = HISTORY_ACTIONS as readonly string[];
	return steps.slice(0, SHARE_LIMITS.history).map((step) => ({
		step: step.index,
		epoch: step.epoch,
		kind: step.kind,
		action: (known.includes(step.action) ? step.action : 'other') as ShareHistoryPoint['action'],
		current: clampUnit(step.currentScore),
		best: clampUnit(step.bestScore),
		...(step.evaluation?.score !== undefined ? { candidate: clampUnit(step.evaluation.score) } : {})
	}));
}

/** The smaller link: the skill, its name and where it came from, with title and note. */
export function skillOnly(snapshot: ShareSnapshotV1): ShareSnapshotV1 {
	return {
		title: snapshot.title,
		...(snapshot.note !== undefined ? { note: snapshot.note } : {}),
		skill: snapshot.skill,
		source: snapshot.source
	};
}

/** Whether the snapshot carries an inline dataset whose grader runs JavaScript. */
export function inlinePackHasCode(snapshot: ShareSnapshotV1): boolean {
	return snapshot.task?.kind === 'inline' && containsJsGrader(snapshot.task.pack);
}

/** Every part the snapshot holds, in words (one line each). */
export function describeContents(snapshot: ShareSnapshotV1): string[] {
	const lines = [
		`The skill “${snapshot.skill.name}” (${snapshot.skill.text.length.toLocaleString('en')} characters)` +
			(snapshot.skill.description ? ' and its description' : ''),
		`Where it came from: ${describeSource(snapshot.source)}`
	];
	const task = snapshot.task;
	if (task) lines.push(`The task: ${describeTask(task)}`);
	if (snapshot.settings)
		lines.push('The training settings' + (snapshot.runSeed !== undefined ? ' and run seed' : ''));
	if (snapshot.scores)
		lines.push(
			'The scores: seed and best skill on val' + (snapshot.scores.test ? ' and test' : '')
		);
	if (snapshot.history) lines.push(`The score history (${snapshot.history.length} points)`);
	if (snapshot.note) lines.push('A note');
	return lines;
}

export function describeSource(source: ShareSource): string {
	switch (source.engine) {
		case 'simulation':
			return `the simulated model (scripted, not a language model)${source.scenario ? `, scenario “${source.scenario}”` : ''}`;
		case 'webllm':
			return source.model ? `WebLLM model ${source.model}` : 'a custom WebLLM model (not named)';
		case 'cpu':
			return 'a CPU model through llama.cpp (not named)';
		case 'endpoint':
			return 'a model at an API endpoint (not named)';
		case 'unknown':
			return 'no model recorded';
	}
}

export function describeTask(task: NonNullable<ShareSnapshotV1['task']>): string {
	switch (task.kind) {
		case 'family': {
			const sizes = task.sizes
				? `, ${task.sizes.train}/${task.sizes.val}/${task.sizes.test} train/val/test items`
				: '';
			return `built-in family ${task.family}, difficulty ${task.difficulty}, seed ${task.seed}${sizes}`;
		}
		case 'inline':
			return `“${task.title}”, a small dataset included in the link`;
		case 'named':
			return `“${task.title}”, an imported dataset (not included)`;
	}
}

function containsJsGrader(value: unknown): boolean {
	const stack: unknown[] = [value];
	while (stack.length > 0) {
		const node = stack.pop();
		if (Array.isArray(node)) stack.push(...(node as unknown[]));
		else if (typeof node === 'object' && node !== null) {
			const record = node as Record<string, unknown>;
			if (record['type'] === 'js') return true;
			stack.push(...Object.values(record));
		}
	}
	return false;
}

function isIdentifier(value: string): boolean {
	return value.length <= SHARE_LIMITS.id && IDENTIFIER.test(value);
}

function clampUnit(x: number): number {
	return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
