/**
 * Builds the lesson a teacher's link carries from what the app holds: the skill in the editor,
 * the built-in task, the run settings, the engine choice and the teacher's choices in the
 * "Make lesson link" dialog. Plain inputs, so "a lesson never names a URL" is unit-tested here:
 * the engine becomes the simulation or a catalogue id, nothing else.
 */
import {
	LESSON_CONTROLS,
	LESSON_LIMITS,
	type LessonControl,
	type LessonEngine,
	type LessonV1
} from '../../core/share/lesson-schema.ts';
import type { PackOrigin } from '../state/task-pack.svelte.ts';
import type { RunSettings } from '../state/run-controller.svelte.ts';
import { findCatalogueVariant } from '../../../workers/engines/webllm-catalogue.ts';
import { findCpuModel } from '../../../workers/engines/wllama-catalogue.ts';

export interface LessonInput {
	title: string;
	intro: string;
	skill: { name: string; text: string };
	origin: PackOrigin | null;
	/** The current pack's split sizes (built-in families regenerate to these). */
	sizes: { train: number; val: number; test: number } | null;
	settings: RunSettings;
	/** 'simulation', or the model chosen in the model panel. */
	engine: 'simulation' | 'current';
	current: EngineInput;
	stepMode: boolean;
	analogyPanel: boolean;
	hidden: readonly LessonControl[];
}

/** The model panel's choice, as plain data. */
export interface EngineInput {
	choice: 'scripted' | 'webllm' | 'openai' | 'wllama';
	scenario: string;
	webllmModel: string;
	useCustom: boolean;
	cpuModel: string;
	cpuUseCustom: boolean;
}

export type LessonBuild = { ok: true; lesson: LessonV1 } | { ok: false; reason: string };

/** The catalogue engine the model panel names, or null when a lesson cannot name it. */
export function currentLessonEngine(input: EngineInput): LessonEngine | null {
	switch (input.choice) {
		case 'scripted':
			return { kind: 'simulation', scenario: input.scenario };
		case 'webllm':
			return !input.useCustom && findCatalogueVariant(input.webllmModel)
				? { kind: 'webllm', model: input.webllmModel }
				: null;
		case 'wllama':
			return !input.cpuUseCustom && findCpuModel(input.cpuModel)?.id === input.cpuModel
				? { kind: 'cpu', model: input.cpuModel }
				: null;
		case 'openai':
			return null;
	}
}

export function buildLesson(input: LessonInput): LessonBuild {
	const origin = input.origin;
	if (!origin || origin.kind !== 'built-in')
		return {
			ok: false,
			reason:
				'A lesson carries a built-in task: choose one in the Task menu (imported datasets cannot travel in a lesson link).'
		};
	const engine =
		input.engine === 'simulation'
			? ({ kind: 'simulation', scenario: 'default' } as const)
			: currentLessonEngine(input.current);
	if (!engine)
		return {
			ok: false,
			reason:
				'The selected model cannot be named in a lesson (an endpoint or a custom model): choose the simulated model or a catalogue model.'
		};
	const s = input.settings;
	const intro = input.intro.trim();
	const sizes = input.sizes;
	const lesson: LessonV1 = {
		title: clip(input.title.trim() || input.skill.name.trim() || 'Lesson', LESSON_LIMITS.title),
		...(intro ? { intro: clip(intro, LESSON_LIMITS.intro) } : {}),
		skill: {
			name: clip(input.skill.name.trim() || 'Lesson skill', LESSON_LIMITS.skillName),
			text: input.skill.text
		},
		task: {
			kind: 'family',
			family: origin.familyId,
			difficulty: origin.difficulty,
			seed: origin.seed,
			...(sizes && sizes.train >= 1 && sizes.val >= 1 ? { sizes: { ...sizes } } : {})
		},
		settings: {
			epochs: s.epochs,
			batchSize: s.batchSize,
			seed: s.seed,
			gateEnabled: s.gateEnabled,
			metric: s.metric,
			minDeltaItems: s.minDeltaItems,
			schedule: s.schedule,
			budgetMax: s.budgetMax,
			budgetMin: s.budgetMin,
			proposer: s.proposer
		},
		engine,
		teaching: { stepMode: input.stepMode, analogyPanel: input.analogyPanel },
		hidden: LESSON_CONTROLS.filter((c) => input.hidden.includes(c))
	};
	return { ok: true, lesson };
}

function clip(text: string, max: number): string {
	return text.length > max ? text.slice(0, max) : text;
}
