/**
 * The lesson link, version 1: what a teacher's link carries — a task, the training settings, a
 * starting skill, the engine to preselect, the teaching preset (step mode, analogy panel) and
 * which controls to hide — as a valibot schema.
 *
 * A lesson is a second kind of link beside the skill share (`#lesson:v1:` next to `#share:v1:`):
 * it is opened the same defensive way (src/lib/share/lesson-codec.ts), and its shape evolves on
 * its own version line. NOTE: version-1 lessons must decode forever. Never change what a field
 * means or tighten a limit; a new shape is a new version, and the committed fixture in
 * test/fixtures/share/lesson-v1.txt must keep decoding. Unknown keys are dropped.
 *
 * A lesson never names a URL: the engine is the simulation or a catalogue id (identifiers only),
 * and the task is a built-in family regenerated from its settings.
 */
import * as v from 'valibot';
import { checkPlainJson, type JsonLimits } from './json-guard.ts';

/** Limits on every field. DO NOT lower them for v1. */
export const LESSON_LIMITS = {
	title: 200,
	intro: 2_000,
	skillName: 200,
	skillDescription: 1_000,
	skillText: 60_000,
	id: 120
} as const;

/**
 * The controls a lesson may hide, a fixed list (a link never names arbitrary elements).
 * NOTE: part of the v1 format; add names, never rename or remove one.
 */
export const LESSON_CONTROLS = [
	'task',
	'dataset',
	'model',
	'run-settings',
	'proposer',
	'advanced',
	'share',
	'reruns'
] as const;
export type LessonControl = (typeof LESSON_CONTROLS)[number];

/** What each hideable control is, in words (the dialog's checkboxes and the banner). */
export const LESSON_CONTROL_LABELS: Record<LessonControl, string> = {
	task: 'Task choice (family, difficulty, seed, split sizes)',
	dataset: 'Dataset tools (browse, import, export, starter skill)',
	model: 'Model choice (engine, model, scenario)',
	'run-settings': 'Training settings (epochs, batch, seed, gate metric)',
	proposer: 'Who proposes the edits',
	advanced: 'More settings (gate switch, minimum improvement, edit budget)',
	share: 'Share and lesson links',
	reruns: 'Reruns (compare with the gate off, run again with one change)'
};

export const LESSON_JSON_LIMITS: JsonLimits = {
	maxDepth: 8,
	maxNodes: 500,
	maxStringLength: LESSON_LIMITS.skillText,
	maxKeyLength: 60,
	maxArrayLength: 50,
	maxKeysPerObject: 40
};

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const identifier = v.pipe(
	v.string(),
	v.maxLength(LESSON_LIMITS.id),
	v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plain identifier')
);
const count = (min: number, max: number) =>
	v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const seedNumber = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4_294_967_295));

const SkillSchema = v.object({
	name: text(LESSON_LIMITS.skillName),
	description: v.optional(text(LESSON_LIMITS.skillDescription)),
	text: text(LESSON_LIMITS.skillText)
});

const TaskSchema = v.object({
	kind: v.literal('family'),
	family: identifier,
	difficulty: count(0, 100),
	seed: seedNumber,
	sizes: v.optional(
		v.object({ train: count(1, 10_000), val: count(1, 10_000), test: count(0, 10_000) })
	)
});

const SettingsSchema = v.object({
	epochs: count(1, 100),
	batchSize: count(1, 1_000),
	seed: seedNumber,
	gateEnabled: v.boolean(),
	metric: v.picklist(['hard', 'soft', 'mixed']),
	minDeltaItems: count(0, 1_000),
	schedule: v.picklist(['constant', 'linear', 'cosine']),
	budgetMax: count(1, 100),
	budgetMin: count(1, 100),
	proposer: v.picklist(['model', 'me'])
});

/** The engine to preselect: never loaded by the link itself. */
const EngineSchema = v.variant('kind', [
	v.object({ kind: v.literal('simulation'), scenario: v.optional(identifier) }),
	/** A WebLLM catalogue model id. */
	v.object({ kind: v.literal('webllm'), model: identifier }),
	/** A CPU (llama.cpp) catalogue id — never a GGUF URL. */
	v.object({ kind: v.literal('cpu'), model: identifier })
]);

const TeachingSchema = v.object({ stepMode: v.boolean(), analogyPanel: v.boolean() });

export const LessonV1Schema = v.object({
	title: text(LESSON_LIMITS.title),
	intro: v.optional(text(LESSON_LIMITS.intro)),
	skill: SkillSchema,
	task: TaskSchema,
	settings: SettingsSchema,
	engine: EngineSchema,
	teaching: TeachingSchema,
	hidden: v.pipe(
		v.array(v.picklist(LESSON_CONTROLS)),
		v.maxLength(LESSON_CONTROLS.length),
		v.check((list) => new Set(list).size === list.length, 'names a control twice')
	)
});

export type LessonV1 = v.InferOutput<typeof LessonV1Schema>;
export type LessonEngine = LessonV1['engine'];
export type LessonSettings = LessonV1['settings'];
export type LessonTask = LessonV1['task'];
export type LessonTeaching = LessonV1['teaching'];

export type LessonValidation = { ok: true; lesson: LessonV1 } | { ok: false; reason: string };

/**
 * Validates parsed JSON as a v1 lesson. Never throws; the lesson returned is built fresh by the
 * schema and shares nothing with `json`.
 */
export function validateLessonV1(json: unknown): LessonValidation {
	try {
		const problem = checkPlainJson(json, LESSON_JSON_LIMITS);
		if (problem !== null) return { ok: false, reason: problem };
		const result = v.safeParse(LessonV1Schema, json);
		if (result.success) return { ok: true, lesson: result.output };
		const issue = result.issues[0];
		const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
		return { ok: false, reason: path ? `${path}: ${issue.message}` : issue.message };
	} catch (error) {
		return { ok: false, reason: error instanceof Error ? error.message : String(error) };
	}
}

/** What the lesson sets up, one line each (the preview and the dialog show it). */
export function describeLesson(lesson: LessonV1): string[] {
	const s = lesson.settings;
	const sizes = lesson.task.sizes
		? `, ${lesson.task.sizes.train}/${lesson.task.sizes.val}/${lesson.task.sizes.test} train/val/test items`
		: '';
	const lines = [
		`Starting skill “${lesson.skill.name}” (${lesson.skill.text.length.toLocaleString('en')} characters)`,
		`Task: built-in family ${lesson.task.family}, difficulty ${lesson.task.difficulty}, seed ${lesson.task.seed}${sizes}`,
		`Settings: ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}, batch ${s.batchSize}, run seed ${s.seed}, gate ${s.gateEnabled ? `on (${s.metric})` : 'off'}, edit budget ${s.schedule} ${s.budgetMax}→${s.budgetMin}, edits by ${s.proposer === 'me' ? 'the learner' : 'the optimiser model'}`,
		`Model: ${describeLessonEngine(lesson.engine)}`,
		`Step mode ${lesson.teaching.stepMode ? 'on' : 'off'}, analogy panel ${lesson.teaching.analogyPanel ? 'shown' : 'not shown'}`,
		lesson.hidden.length === 0
			? 'No controls hidden'
			: `Hidden: ${lesson.hidden.map((c) => LESSON_CONTROL_LABELS[c]).join('; ')}`
	];
	return lines;
}

export function describeLessonEngine(engine: LessonEngine): string {
	switch (engine.kind) {
		case 'simulation':
			return `the simulated model (scripted, not a language model)${engine.scenario ? `, scenario “${engine.scenario}”` : ''}`;
		case 'webllm':
			return `WebLLM model ${engine.model} (a download the learner starts)`;
		case 'cpu':
			return `CPU model ${engine.model} through llama.cpp (a download the learner starts)`;
	}
}
