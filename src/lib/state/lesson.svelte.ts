/**
 * Lesson mode: a teacher's link opens the app with a task, settings, a starting skill, the engine
 * to preselect, the teaching preset and some controls hidden.
 *
 * Opening a lesson link is like opening a share link: it is decoded and previewed, and nothing
 * derived from it is written until the person presses "Start the lesson". That one click adds
 * the starting skill as a new skill (never over the current one), opens it, sets the task and
 * settings, preselects the engine (never loading or downloading it) and stores the lesson state,
 * so the lesson survives a reload. "Reset lesson" goes back to the starting skill and settings,
 * keeping the person's work as a saved version; "Leave lesson" ends lesson mode and shows every
 * control again, keeping the skill.
 *
 * The stored state is versioned (`LESSON_STATE_FORMAT`) and validated when read: a record that
 * does not check out is ignored (and removed), never trusted.
 */
import * as P from '../persistence/index.ts';
import { findFamily } from '../../core/packs/families/index.ts';
import {
	validateLessonV1,
	type LessonControl,
	type LessonV1
} from '../../core/share/lesson-schema.ts';
import { decodeLessonFragment, isLessonFragment } from '../share/lesson-codec.ts';
import { lessonEngineChoice } from '../lesson/lesson-engine.ts';
import { applyLessonTeachingPreset, type TeachingTarget } from '../lesson/teaching-preset.ts';
import type { GpuProbeResult } from '../gpu/probe-client.ts';
import type { SkillDraft } from './skill-draft.svelte.ts';
import type { TaskPackState } from './task-pack.svelte.ts';
import type { RunController, RunSettings } from './run-controller.svelte.ts';
import type { ModelState } from './model-state.svelte.ts';
import type { WorkspaceStore } from './workspace.svelte.ts';
import { SCENARIO_NAMES } from './model-state.svelte.ts';
import { errorMessage } from '../../../workers/errors.ts';

/** NOTE: the settings key and format of the stored lesson state. DO NOT CHANGE without a migration. */
export const LESSON_STATE_KEY = 'lesson';
export const LESSON_STATE_FORMAT = 'skillopt-playground.lesson-state.v1';
/** The run settings' key in the settings store (the workspace store restores it on load). */
const RUN_SETTINGS_KEY = 'run-settings';
const MODEL_SETTINGS_KEY = 'model';

export interface StoredLessonState {
	format: typeof LESSON_STATE_FORMAT;
	lesson: LessonV1;
	/** The skill the lesson opened as. */
	skillId: string;
	startedAt: number;
	/** Why the engine is what it is (a fallback), shown in the banner. */
	engineNote?: string;
}

export type LessonStatus = 'none' | 'decoding' | 'preview' | 'error' | 'active';

export interface LessonParts {
	workspace: WorkspaceStore;
	draft: SkillDraft;
	tasks: TaskPackState;
	run: RunController;
	model: ModelState;
	gpu: () => GpuProbeResult | null;
	/** Step mode and analogy panel switches, once those features are wired (see teaching-preset). */
	teaching?: TeachingTarget | null;
}

/** Reads a stored lesson state; anything that does not check out is `undefined`. */
export function readStoredLesson(raw: unknown): StoredLessonState | undefined {
	if (typeof raw !== 'object' || raw === null) return undefined;
	const record = raw as Record<string, unknown>;
	if (record['format'] !== LESSON_STATE_FORMAT) return undefined;
	const skillId = record['skillId'];
	const startedAt = record['startedAt'];
	const note = record['engineNote'];
	if (typeof skillId !== 'string' || skillId.length > 200) return undefined;
	if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) return undefined;
	const checked = validateLessonV1(record['lesson']);
	if (!checked.ok) return undefined;
	return {
		format: LESSON_STATE_FORMAT,
		lesson: checked.lesson,
		skillId,
		startedAt,
		...(typeof note === 'string' && note.length <= 1_000 ? { engineNote: note } : {})
	};
}

export class LessonState {
	#status = $state<LessonStatus>('none');
	#preview = $state.raw<LessonV1 | null>(null);
	#active = $state.raw<StoredLessonState | null>(null);
	#error = $state<string | null>(null);
	#message = $state<string | null>(null);
	#busy = $state(false);
	#teachingApplied = $state(false);
	/** What a dismissed preview goes back to: the lesson in progress, or nothing. */
	#resumeAfter: 'active' | 'none' = 'none';
	#parts: LessonParts;

	constructor(parts: LessonParts) {
		this.#parts = parts;
	}

	get status(): LessonStatus {
		return this.#status;
	}
	/** The lesson being previewed (not yet started). */
	get preview(): LessonV1 | null {
		return this.#preview;
	}
	/** The lesson in progress, as stored. */
	get active(): StoredLessonState | null {
		return this.#active;
	}
	get error(): string | null {
		return this.#error;
	}
	/** A sentence about the last action (reset, a problem starting). */
	get message(): string | null {
		return this.#message;
	}
	get busy(): boolean {
		return this.#busy;
	}
	/** Whether step mode and the analogy panel were set by the lesson (false: not wired here). */
	get teachingApplied(): boolean {
		return this.#teachingApplied;
	}
	/** The controls the active lesson hides. */
	get hidden(): readonly LessonControl[] {
		return this.#active?.lesson.hidden ?? [];
	}

	/** Read `hash` (location.hash); does nothing when it is no lesson link. Writes nothing. */
	async open(hash: string): Promise<void> {
		if (!isLessonFragment(hash)) return;
		const before = this.#status === 'active' ? 'active' : 'none';
		this.#status = 'decoding';
		const result = await decodeLessonFragment(hash);
		if (result.kind === 'ok') {
			this.#preview = result.lesson;
			this.#status = 'preview';
		} else {
			this.#error = result.kind === 'error' ? result.message : 'This lesson link cannot be opened.';
			this.#status = 'error';
		}
		this.#resumeAfter = before;
	}

	/** Put back a lesson stored by an earlier visit (after a reload). */
	async restore(): Promise<void> {
		const db = this.#parts.workspace.db;
		if (!db) return;
		const raw = await P.settings.getSetting(db, LESSON_STATE_KEY, (value) => value);
		if (raw === undefined) return;
		const stored = readStoredLesson(raw);
		if (!stored) {
			// A damaged or foreign record: ignored, and removed so it is not read again.
			await P.settings.deleteSetting(db, LESSON_STATE_KEY).catch(() => undefined);
			return;
		}
		this.#active = stored;
		if (this.#status === 'none') this.#status = 'active';
		this.#resumeAfter = 'active';
		this.#teachingApplied = applyLessonTeachingPreset(
			stored.lesson.teaching,
			this.#parts.teaching ?? null
		);
	}

	/** The one click: the lesson opens as a new skill, and lesson mode begins. */
	async start(): Promise<void> {
		const lesson = this.#preview;
		const { workspace } = this.#parts;
		const db = workspace.db;
		const workspaceId = workspace.workspaceId;
		if (!lesson || this.#status !== 'preview' || this.#busy) return;
		if (!db || !workspaceId) {
			this.#message =
				'Storage is not available in this browser, so the lesson cannot be opened as a skill.';
			return;
		}
		this.#busy = true;
		try {
			const skill = await P.skills.createSkill(db, {
				workspaceId,
				title: lesson.skill.name || lesson.title || 'Lesson',
				text: lesson.skill.text,
				...(lesson.skill.description ? { description: lesson.skill.description } : {}),
				provenance: 'shared'
			});
			await workspace.switchSkill(skill.id);
			const engineNote = await this.#setUp(db, lesson);
			const stored: StoredLessonState = {
				format: LESSON_STATE_FORMAT,
				lesson,
				skillId: skill.id,
				startedAt: Date.now(),
				...(engineNote ? { engineNote } : {})
			};
			await P.settings.setSetting(db, LESSON_STATE_KEY, stored);
			this.#active = stored;
			this.#preview = null;
			this.#status = 'active';
			this.#message = null;
			clearFragment();
		} catch (error) {
			this.#message = `Starting the lesson failed: ${errorMessage(error)}`;
		} finally {
			this.#busy = false;
		}
	}

	/** Back to the lesson's starting skill and settings; the person's work is kept as a version. */
	async reset(): Promise<void> {
		const active = this.#active;
		const { workspace, draft } = this.#parts;
		const db = workspace.db;
		if (!active || !db || this.#busy) return;
		this.#busy = true;
		try {
			const exists = workspace.skills.some((s) => s.id === active.skillId);
			if (exists && workspace.currentSkillId !== active.skillId)
				await workspace.switchSkill(active.skillId);
			const kept = draft.text !== active.lesson.skill.text;
			if (kept) await workspace.saveVersion('typed', { note: 'before the lesson was reset' });
			draft.replace(active.lesson.skill.text, 'lesson-reset');
			const engineNote = await this.#setUp(db, active.lesson);
			const stored = { ...active, ...(engineNote ? { engineNote } : {}) };
			await P.settings.setSetting(db, LESSON_STATE_KEY, stored);
			this.#active = stored;
			this.#message = kept
				? 'The lesson is back at its start. Your work is kept as a saved version (History).'
				: 'The lesson is back at its start.';
		} catch (error) {
			this.#message = `Resetting the lesson failed: ${errorMessage(error)}`;
		} finally {
			this.#busy = false;
		}
	}

	/** End lesson mode: every control shows again; the skill and its versions stay. */
	async leave(): Promise<void> {
		const db = this.#parts.workspace.db;
		if (db) await P.settings.deleteSetting(db, LESSON_STATE_KEY);
		this.#active = null;
		this.#message = null;
		this.#resumeAfter = 'none';
		if (this.#status === 'active') this.#status = 'none';
	}

	/** Close the preview (or the error) and forget the link. Writes nothing. */
	dismiss(clear = true): void {
		this.#preview = null;
		this.#error = null;
		this.#status = this.#resumeAfter === 'active' && this.#active ? 'active' : 'none';
		if (clear) clearFragment();
	}

	/** Task, settings, engine and teaching preset; returns the engine's note, if any. */
	async #setUp(db: P.SkillOptDb, lesson: LessonV1): Promise<string | undefined> {
		const { tasks, run, model } = this.#parts;
		const notes: string[] = [];
		const family = findFamily(lesson.task.family);
		if (family) {
			tasks.selection = {
				familyId: family.id,
				difficulty: family.difficulties.includes(lesson.task.difficulty)
					? lesson.task.difficulty
					: family.defaultDifficulty,
				seed: lesson.task.seed,
				sizes: { ...family.defaultSizes, ...(lesson.task.sizes ?? {}) }
			};
			await tasks.applySelection();
		} else {
			notes.push(
				`The lesson’s task family “${lesson.task.family}” is not in this app, so the current task is kept.`
			);
		}
		// Step mode is a run setting too (a resumed run needs it); the teaching preset sets it.
		const settings: RunSettings = { ...lesson.settings, stepMode: lesson.teaching.stepMode };
		run.settings = settings;
		await P.settings.setSetting(db, RUN_SETTINGS_KEY, { ...settings });
		const engine = lessonEngineChoice(lesson.engine, await this.#gpuAnswer(), SCENARIO_NAMES);
		model.choice = engine.choice;
		if (engine.scenario) model.scenario = engine.scenario;
		if (engine.webllmModel) {
			model.webllmModel = engine.webllmModel;
			model.useCustom = false;
		}
		if (engine.cpuModel) {
			model.cpuModel = engine.cpuModel;
			model.cpuUseCustom = false;
		}
		// Stored like a load would, so a reload keeps the preselection (nothing is loaded).
		await P.settings.setSetting(db, MODEL_SETTINGS_KEY, $state.snapshot(model.settingsData()));
		if (engine.note) notes.push(engine.note);
		this.#teachingApplied = applyLessonTeachingPreset(
			lesson.teaching,
			this.#parts.teaching ?? null
		);
		return notes.length > 0 ? notes.join(' ') : undefined;
	}

	/** The GPU probe's answer, waiting for it a little (it answers within seconds). */
	async #gpuAnswer(): Promise<GpuProbeResult | null> {
		for (let waited = 0; waited < 10_000; waited += 100) {
			const result = this.#parts.gpu();
			if (result) return result;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		return null;
	}
}

/** Drop the fragment without a navigation or a history entry. */
function clearFragment(): void {
	if (location.hash === '') return;
	history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}
