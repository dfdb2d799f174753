/**
 * Connects the app's state to IndexedDB so that nothing is lost: the skill draft (debounced, and
 * flushed when the tab is hidden), its saved versions, the task pack, the model choice, and every
 * training run with its snapshots — and, after a reload or a crash, offers to resume a run from
 * its last completed stage. Only one tab drives a run (Web Locks); another tab follows it.
 *
 * The state classes stay ignorant of storage: this class subscribes to them. If the database
 * cannot be opened, the app keeps working in memory and says that nothing is being saved.
 */
import { getContext, setContext } from 'svelte';
import * as P from '../persistence/index.ts';
import { RunRecorder } from '../persistence/run-recorder.ts';
import { downloadText } from '../download.ts';
import { browserHasher } from '../platform.ts';
import type { LogRecord, RunSnapshot } from '../../core/loop/state.ts';
import { knownItemsFrom } from '../../core/loop/item-log.ts';
import { isRerun, readSnapshot, restoreSnapshot, storedRecords } from './stored-runs.ts';
import type { TaskPack } from '../../core/packs/types.ts';
import { STARTER_SKILL, type SkillDraft } from './skill-draft.svelte.ts';
import { SkillSync } from './skill-sync.svelte.ts';
import type { PackOrigin, TaskPackState } from './task-pack.svelte.ts';
import type { ModelSettingsData, ModelState } from './model-state.svelte.ts';
import { recordedStatus, type RunController, type RunSettings } from './run-controller.svelte.ts';
import { AUTOSAVE_NOTE, RUN_START_NOTE } from './history-fold.ts';
import { errorMessage } from '../../../workers/errors.ts';
import type { RunVariant } from '../run-view/variants.ts';
import { pausedByPerson, rememberPause } from './pause-memory.ts';
import type { LibraryState } from './library.svelte.ts';

const MODEL_SETTINGS_KEY = 'model';
const RUN_SETTINGS_KEY = 'run-settings';

/** What a run record's `config` holds: enough to show it and to resume it. */
export interface StoredRunConfig {
	settings: RunSettings;
	model: ModelSettingsData;
	packTitle: string;
	engineLabel: string;
	/** A rerun of another run with one setting changed (read it with `variantOf`). */
	variant?: RunVariant;
}

export interface ResumeOffer {
	run: P.RunRecord;
	snapshot: RunSnapshot;
	lock: P.RunLock;
	/** The person had pressed Pause: resumed, the run waits again after its first stage. */
	pausedByPerson: boolean;
}

export interface FollowedRun {
	run: P.RunRecord;
	steps: LogRecord[];
}

/** A stored run opened in the run view (read-only; a paused one can be resumed). */
export interface StoredRun {
	run: P.RunRecord;
	records: LogRecord[];
	/** The latest snapshot in the current format, when it could be read. */
	snapshot: RunSnapshot | null;
	/** Recorded in run format v1: the detail the view shows was not kept. */
	legacy: boolean;
	/** Why the snapshot could not be read, if it could not. */
	problem: string | null;
}

interface Parts {
	draft: SkillDraft;
	tasks: TaskPackState;
	model: ModelState;
	run: RunController;
}

export class WorkspaceStore {
	#status = $state<'opening' | 'ready' | 'unavailable'>('opening');
	#problem = $state<string | null>(null);
	#versions = $state.raw<P.SkillVersionRecord[]>([]);
	#resume = $state.raw<ResumeOffer | null>(null);
	#following = $state.raw<FollowedRun | null>(null);
	#runs = $state.raw<P.RunRecord[]>([]);
	#skills = $state.raw<P.SkillRecord[]>([]);
	#currentSkill = $state<string | null>(null);
	#viewed = $state.raw<StoredRun | null>(null);
	/** The skill the live run trains (its best is saved there), and whether it was. */
	#runSkill = $state.raw<(P.RunSkill & { saved: boolean }) | null>(null);
	#liveRunId = $state<string | null>(null);
	#db: P.SkillOptDb | null = null;
	#workspace: P.WorkspaceRecord | null = null;
	#skillId: string | null = null;
	#saver: P.DebouncedSaver<string> | null = null;
	#channel: P.RunChannel | null = null;
	#parts: Parts | null = null;
	#packSave: Promise<unknown> = Promise.resolve();
	#saveState = $state<'saved' | 'pending' | 'failed'>('saved');
	#sync = $state.raw<SkillSync | null>(null);
	#library = $state.raw<LibraryState | null>(null);

	/** What another tab saved of this skill, and the offer to load it. */
	get skillSync(): SkillSync | null {
		return this.#sync;
	}

	get status(): 'opening' | 'ready' | 'unavailable' {
		return this.#status;
	}
	/** A sentence for the banner when work is not being saved (or a save failed). */
	get problem(): string | null {
		return this.#problem;
	}
	/** The draft's save state, for the editor's "Saved" indicator. */
	get saveState(): 'saved' | 'pending' | 'failed' {
		return this.#saveState;
	}
	/** Write a pending draft save now (before a reload, say); resolves once it is written. */
	async flushDraft(): Promise<void> {
		await this.#saver?.flush();
	}
	/** Show a problem in the banner (a part of the app could not save). */
	reportProblem(message: string): void {
		this.#problem = message;
	}
	get versions(): P.SkillVersionRecord[] {
		return this.#versions;
	}
	get resumeOffer(): ResumeOffer | null {
		return this.#resume;
	}
	get following(): FollowedRun | null {
		return this.#following;
	}
	/** The workspace's skills, most recently updated first. */
	get skills(): P.SkillRecord[] {
		return this.#skills;
	}
	/** The id of the skill open in the editor. */
	get currentSkillId(): string | null {
		return this.#currentSkill;
	}
	/**
	 * The skill the live (or last) run of this tab trains, with its name now; `open` when it is
	 * the skill in the editor, `saved` once the run's best was saved into it.
	 */
	get runSkill(): { id: string; title: string; open: boolean; saved: boolean } | null {
		const run = this.#runSkill;
		if (!run) return null;
		const title = this.#skills.find((s) => s.id === run.id)?.title ?? 'a deleted skill';
		return { id: run.id, title, open: run.id === this.#currentSkill, saved: run.saved };
	}
	/** Whether the run's best may go into the editor: no run skill, or it is the open one. */
	get runSkillOpen(): boolean {
		return this.#runSkill === null || this.#runSkill.id === this.#currentSkill;
	}
	/** The workspace's runs, newest first (snapshots included: use for listing only). */
	get runs(): P.RunRecord[] {
		return this.#runs;
	}
	/** The stored id of the run the run controller drives (or last drove) in this tab. */
	get liveRunId(): string | null {
		return this.#liveRunId;
	}
	/** The stored run open in the run view, or null (the live run is shown). */
	get viewed(): StoredRun | null {
		return this.#viewed;
	}
	get db(): P.SkillOptDb | null {
		return this.#db;
	}
	get workspaceId(): string | null {
		return this.#workspace?.id ?? null;
	}

	/** Open the database and restore everything; the editor appears once this settles. */
	async open(parts: Parts, factory?: IDBFactory): Promise<void> {
		this.#parts = parts;
		try {
			const db = await P.openSkillOptDb(factory, undefined, {
				onVersionChange: () => {
					this.#problem =
						'A newer version of the app was opened in another tab: reload this tab to keep saving.';
				}
			});
			this.#db = db;
			const opened = await P.openLastWorkspace(db, {
				workspaceName: 'My workspace',
				skillTitle: 'Skill',
				skillText: STARTER_SKILL
			});
			this.#workspace = opened.workspace;
			this.#skillId = opened.skill.id;
			this.#currentSkill = opened.skill.id;
			parts.draft.load(opened.skill.text);
			await this.#restorePack(db, opened.workspace);
			await this.#restoreSettings(db);
			await this.refreshVersions();
			await this.refreshSkills();
			this.#channel = new P.RunChannel(P.createTabId());
			this.#wire(db, parts);
			this.#status = 'ready';
			await this.refreshRuns();
			await this.#findInterruptedRuns(db);
		} catch (error) {
			this.#status = 'unavailable';
			this.#problem = `Your work is not being saved on this device: ${errorMessage(error)}`;
		}
	}

	// ---- skills -----------------------------------------------------------------------------

	async refreshSkills(): Promise<void> {
		if (!this.#db || !this.#workspace) return;
		this.#skills = await P.skills.listSkills(this.#db, this.#workspace.id);
	}

	/** Create a skill (the starter text, or `text`) and open it in the editor. */
	async newSkill(
		title: string,
		description: string,
		text: string,
		provenance: P.VersionProvenance = 'starter'
	): Promise<void> {
		const db = this.#db;
		if (!db || !this.#workspace) return;
		// A new skill is for the task open now (a run later ties it to the pack it trains on),
		// also when that task's pack is still being generated.
		await this.#parts?.tasks.settled();
		await this.#packSave;
		const skill = await P.skills.createSkill(db, {
			workspaceId: this.#workspace.id,
			title,
			text,
			description,
			packId: this.#workspace.currentPackId,
			provenance
		});
		await this.switchSkill(skill.id);
	}

	/** Rename a skill and set its description. */
	async describeSkill(id: string, title: string, description: string): Promise<void> {
		if (!this.#db) return;
		await P.skills.describeSkill(this.#db, id, title, description);
		await this.refreshSkills();
	}

	/** Open another skill in the editor: the draft is saved first, nothing is lost. */
	async switchSkill(id: string): Promise<void> {
		const db = this.#db;
		const parts = this.#parts;
		const workspace = this.#workspace;
		if (!db || !parts || !workspace) return;
		await this.#saver?.flush();
		const skill = await P.skills.getSkill(db, id);
		if (!skill) throw new P.RecordNotFoundError('Skill', id);
		this.#workspace = await P.workspaces.updateWorkspace(db, workspace.id, {
			currentSkillId: id
		});
		this.#skillId = id;
		this.#currentSkill = id;
		parts.draft.open(skill.text);
		this.#openSync(db, parts);
		this.#saveState = 'saved';
		await this.refreshVersions();
		await this.refreshSkills();
	}

	/** Delete a skill with its versions (not the last one; the open one hands over first). */
	async deleteSkill(id: string): Promise<void> {
		const db = this.#db;
		if (!db) return;
		const others = this.#skills.filter((s) => s.id !== id);
		const next = others[0];
		if (next === undefined) throw new Error('The last skill of a workspace cannot be deleted.');
		if (id === this.#skillId) await this.switchSkill(next.id);
		await P.skills.deleteSkill(db, id);
		await this.refreshSkills();
	}

	// ---- library ----------------------------------------------------------------------------

	/** The skill library's evaluations, once opened (they go on while its dialog is closed). */
	get library(): LibraryState | null {
		return this.#library;
	}

	/** Open the library (its code loads on first use, not on first paint). */
	async openLibrary(): Promise<LibraryState | null> {
		const db = this.#db;
		const parts = this.#parts;
		const workspace = this.#workspace;
		if (!db || !parts || !workspace) return null;
		await this.#saver?.flush();
		await this.#packSave;
		await this.refreshSkills();
		if (this.#library) {
			if (!this.#library.running) await this.#library.refresh();
			return this.#library;
		}
		const { LibraryState } = await import('./library.svelte.ts');
		const library = new LibraryState({
			db,
			workspaceId: workspace.id,
			model: parts.model,
			predicates: () => parts.tasks.predicates()
		});
		await library.open();
		this.#library = library;
		return library;
	}

	// ---- skill versions -------------------------------------------------------------------

	async refreshVersions(): Promise<void> {
		if (!this.#db || !this.#skillId) return;
		this.#versions = await P.skills.listVersions(this.#db, this.#skillId);
	}

	/** Save the editor's text as a version (no duplicate when nothing changed). */
	async saveVersion(
		provenance: P.VersionProvenance = 'typed',
		details: { runId?: string; note?: string } = {}
	): Promise<boolean> {
		const db = this.#db;
		const parts = this.#parts;
		if (!db || !this.#skillId || !parts) return false;
		await this.#saver?.flush();
		try {
			const result = await P.skills.saveVersion(
				db,
				this.#skillId,
				parts.draft.text,
				provenance,
				details
			);
			await this.refreshVersions();
			return result.added;
		} catch (error) {
			this.#problem = `Saving the version failed: ${errorMessage(error)}`;
			return false;
		}
	}

	/** Put a saved version into the editor (one undoable change) and the stored draft. */
	async restoreVersion(id: string): Promise<void> {
		const db = this.#db;
		const parts = this.#parts;
		if (!db || !this.#skillId || !parts) return;
		const skill = await P.skills.restoreVersion(db, this.#skillId, id);
		parts.draft.replace(skill.text, 'version');
	}

	// ---- runs -----------------------------------------------------------------------------

	/** Reload the list of the workspace's runs. */
	async refreshRuns(): Promise<void> {
		if (!this.#db || !this.#workspace) return;
		try {
			this.#runs = await P.runs.listRuns(this.#db, this.#workspace.id);
		} catch (error) {
			this.#problem = `Reading the stored runs failed: ${errorMessage(error)}`;
		}
	}

	/** Open a stored run in the run view, read-only. */
	async openRun(runId: string): Promise<void> {
		const db = this.#db;
		if (!db) return;
		const run = await P.runs.getRun(db, runId);
		if (!run) {
			this.#problem = 'That run is no longer stored (deleted in another tab?).';
			await this.refreshRuns();
			return;
		}
		const logged = (await P.runs.listSteps(db, runId)).map((s) => s.record as LogRecord);
		const { records, legacy } = storedRecords(run.snapshot, logged);
		let snapshot: RunSnapshot | null = null;
		let problem: string | null = null;
		try {
			snapshot = restoreSnapshot(run.snapshot);
		} catch (error) {
			problem = `The run's last snapshot cannot be read: ${errorMessage(error)}`;
		}
		this.#viewed = { run, records, snapshot, legacy, problem };
	}

	/** Back to the live run (or the empty view). */
	closeRun(): void {
		this.#viewed = null;
	}

	/** Resume the stored run open in the view (a paused or interrupted one). */
	async resumeViewed(): Promise<void> {
		const viewed = this.#viewed;
		const db = this.#db;
		if (!viewed || !db) return;
		if (this.#resume?.run.id === viewed.run.id) {
			// The banner already offers this run (and holds its lock).
			this.#viewed = null;
			await this.resume();
			return;
		}
		const lock = await P.tryAcquireRunLock(viewed.run.id);
		if (!lock.acquired) {
			this.#problem = 'That run is being driven in another tab.';
			return;
		}
		this.#resume?.lock.release();
		this.#resume = null;
		if (!(await this.#offerWithLock(db, viewed.run, lock))) {
			this.#problem = 'That run cannot be resumed: its snapshot cannot be read.';
			return;
		}
		this.#viewed = null;
		await this.resume();
	}

	/**
	 * Hooks for `RunController.start` that record a new run. A rerun (`variant`) trains on the
	 * task of the run it changes (`packId`) and is a comparison only: it leaves the panel's
	 * remembered settings, the skill's history and the open skill as they are.
	 */
	async recordNewRun(
		settings: RunSettings,
		packTitle: string,
		engineLabel: string,
		rerun?: { variant: RunVariant; packId?: string }
	): Promise<Pick<RunHooks, 'onSnapshot' | 'onEnd' | 'onPauseChange'> | null> {
		const db = this.#db;
		const parts = this.#parts;
		if (!db || !this.#workspace || !parts) return null;
		const recorder = new RunRecorder(db, this.#channel);
		// Settings arrive as a reactive proxy, which IndexedDB cannot clone.
		const plain = $state.snapshot(settings);
		const config: StoredRunConfig = {
			settings: plain,
			model: parts.model.settingsData(),
			packTitle,
			engineLabel,
			...(rerun ? { variant: rerun.variant } : {})
		};
		if (rerun) {
			await recorder.begin(this.#workspace.id, config, `${packTitle} · ${engineLabel}`, {
				...(rerun.packId ? { packId: rerun.packId } : {})
			});
			this.#runSkill = null;
		} else await this.#beginOwnRun(db, parts, recorder, config, plain);
		this.#viewed = null;
		await this.refreshRuns();
		return this.#hooks(recorder);
	}

	/** A run of the open skill: its task and settings remembered, its starting skill kept. */
	async #beginOwnRun(
		db: P.SkillOptDb,
		parts: Parts,
		recorder: RunRecorder,
		config: StoredRunConfig,
		plain: RunSettings
	): Promise<void> {
		if (!this.#workspace) return;
		await P.settings.setSetting(db, RUN_SETTINGS_KEY, plain);
		// The pack being trained on is stored first: the run and the skill name it.
		await this.#packSave;
		const packId = this.#workspace.currentPackId;
		await recorder.begin(
			this.#workspace.id,
			config,
			`${config.packTitle} · ${config.engineLabel}`,
			{
				...(this.#skillId ? { skillId: this.#skillId } : {}),
				...(packId ? { packId } : {})
			}
		);
		if (this.#skillId && packId) {
			await P.skills
				.setSkillPack(db, this.#skillId, packId)
				.then(() => this.refreshSkills())
				.catch((error: unknown) => {
					this.#problem = `Tying the skill to its task failed: ${errorMessage(error)}`;
				});
		}
		this.#runSkill = this.#skillId
			? { id: this.#skillId, startText: parts.draft.text, saved: false }
			: null;
		// The skill a run starts from stays in the history next to the run's best.
		if (this.#skillId && recorder.runId) {
			await P.skills
				.saveVersion(db, this.#skillId, parts.draft.text, 'typed', {
					runId: recorder.runId,
					note: RUN_START_NOTE
				})
				.then(() => this.refreshVersions())
				.catch((error: unknown) => {
					this.#problem = `Saving the run's starting skill failed: ${errorMessage(error)}`;
				});
		}
	}

	/** Resume the offered run: reload its model, then continue from its snapshot. */
	async resume(): Promise<void> {
		const offer = this.#resume;
		const db = this.#db;
		const parts = this.#parts;
		if (!offer || !db || !parts) return;
		const stored = offer.run.config as Partial<StoredRunConfig>;
		if (stored.model) parts.model.applySettings(stored.model);
		// A rerun trains with its own settings and leaves the panel's; only step mode, which
		// governs how the live run pauses, follows it.
		const rerun = isRerun(offer.run.config);
		if (stored.settings && rerun) parts.run.setStepMode(stored.settings.stepMode);
		else if (stored.settings) parts.run.settings = { ...stored.settings };
		if (!parts.model.ready) await parts.model.load();
		if (!parts.model.ready) return;
		this.#resume = null;
		const recorder = new RunRecorder(db, this.#channel);
		await recorder.resume(offer.run.id, offer.lock, offer.run.lastStepIndex);
		const { onSnapshot, onEnd, onPauseChange } = this.#hooks(recorder);
		const rows = await P.runs.listSteps(db, offer.run.id);
		const logged = rows.map((s) => s.record as LogRecord);
		const { records } = storedRecords(offer.run.snapshot, logged);
		// Old runs did not record their skill: the open one is the best guess. A rerun (a
		// comparison) trains no skill of the person's.
		const skillId = rerun ? undefined : (offer.run.skillId ?? this.#skillId);
		const startText =
			skillId === this.#skillId
				? parts.draft.text
				: ((skillId ? await P.skills.getSkill(db, skillId) : undefined)?.text ?? '');
		this.#runSkill = skillId ? { id: skillId, startText, saved: false } : null;
		await parts.run.start({
			pack: offer.snapshot.config.pack,
			skill: offer.snapshot.config.initialSkill,
			executor: parts.model.executor(),
			optimiser:
				parts.run.settings.proposer === 'me' ? parts.run.humanSource() : parts.model.optimiser(),
			engineLabel: parts.model.loadedLabel,
			predicates: parts.tasks.predicates(),
			resumeFrom: offer.snapshot,
			...(rerun && stored.settings ? { settings: { ...stored.settings } } : {}),
			paused: offer.pausedByPerson,
			onPauseChange,
			records,
			knownItems: knownItemsFrom(rows.map((s) => s.rollouts)),
			onSnapshot,
			onEnd,
			onFinished: (best) => {
				if (!rerun && this.runSkillOpen && parts.draft.text === startText)
					parts.draft.replace(best, 'run-best');
			}
		});
		parts.model.clearPauses();
	}

	/** Give up an interrupted run: it is kept, marked stopped. */
	async discardResume(): Promise<void> {
		const offer = this.#resume;
		if (!offer || !this.#db) return;
		this.#resume = null;
		await P.runs.setRunStatus(this.#db, offer.run.id, 'stopped', { ownerTab: null });
		offer.lock.release();
	}

	// ---- storage ----------------------------------------------------------------------------

	/** Export the whole workspace as one JSON file. */
	async exportFile(): Promise<void> {
		if (!this.#db || !this.#workspace) return;
		await this.#saver?.flush();
		const json = await P.exportWorkspaceJson(this.#db, this.#workspace.id);
		downloadText(P.workspaceFileName(this.#workspace, Date.now()), json, 'application/json');
	}

	/**
	 * Replace this workspace with one from a file. Validated first: a corrupt file changes nothing
	 * and the error says where it is wrong. The page reloads to show what was imported.
	 */
	async importFile(text: string): Promise<void> {
		const db = this.#db;
		if (!db) throw new Error('Storage is not available in this browser.');
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch (error) {
			throw new P.WorkspaceFileError(`The file is not JSON: ${errorMessage(error)}`, '');
		}
		const restored = await P.restoreWorkspaceFile(json, browserHasher);
		await this.#saver?.flush();
		await P.importWorkspace(db, restored, { mode: 'replace' });
	}

	/** Usage, quota and runs with their sizes, for the storage dialog. */
	async storageReport(): Promise<{ report: P.StorageReport; runs: P.RunSize[] } | null> {
		if (!this.#db || !this.#workspace) return null;
		return {
			report: await P.getStorageReport(this.#db),
			runs: await P.runSizes(this.#db, this.#workspace.id)
		};
	}

	async deleteRun(runId: string): Promise<void> {
		if (!this.#db) return;
		await P.runs.deleteRun(this.#db, runId);
		this.#channel?.runDeleted(runId);
		if (this.#viewed?.run.id === runId) this.#viewed = null;
		await this.refreshRuns();
	}

	// ---- internals -----------------------------------------------------------------------

	#hooks(recorder: RunRecorder): Pick<RunHooks, 'onSnapshot' | 'onEnd' | 'onPauseChange'> {
		this.#liveRunId = recorder.runId;
		return {
			onSnapshot: (snapshot) => recorder.snapshot(snapshot),
			onPauseChange: (paused) => {
				if (recorder.runId) rememberPause(recorder.runId, paused);
			},
			onEnd: async (end) => {
				// A stopped run, or one whose model went away (GPU device lost), can go on later.
				const status = recordedStatus(end);
				const resumable = status === 'paused';
				await recorder.end(status, {
					...(end.summary ? { summary: end.summary } : {}),
					...(end.error ? { error: end.error } : {})
				});
				if (resumable && recorder.runId && this.#db) {
					await this.#offerResume(this.#db, recorder.runId);
				}
				await this.refreshRuns();
				const target = this.#runSkill;
				const workspaceId = this.#workspace?.id;
				if (
					end.status === 'finished' &&
					end.bestSkill !== null &&
					this.#db &&
					target &&
					workspaceId
				) {
					// Into the skill the run started from, even if another one is open now.
					const open = target.id === this.#skillId;
					if (open) await this.#saver?.flush();
					const saved = await P.saveRunBest(this.#db, workspaceId, target, end.bestSkill, {
						...(recorder.runId ? { runId: recorder.runId } : {}),
						openText: open ? (this.#parts?.draft.text ?? null) : null
					});
					this.#runSkill = { ...target, id: saved.skillId, saved: true };
					await this.refreshSkills();
					await this.refreshVersions();
				}
			}
		};
	}

	/** Follows the open skill's saves in other tabs (one sync per open skill). */
	#openSync(db: P.SkillOptDb, parts: Parts): void {
		this.#sync?.close();
		this.#sync = this.#skillId
			? new SkillSync({
					db,
					skillId: this.#skillId,
					draft: parts.draft,
					tabId: this.#channel?.tabId ?? P.createTabId(),
					onVersions: () => this.refreshVersions()
				})
			: null;
	}

	#wire(db: P.SkillOptDb, parts: Parts): void {
		if (!this.#skillId) return;
		this.#openSync(db, parts);
		this.#saver = new P.DebouncedSaver<string>({
			save: async (text) => {
				// The skill open now: switching skills flushes the saver first, and reopens the
				// sync for the new skill, so a save never lands on the wrong skill.
				await this.#sync?.save(text);
				if (text === parts.draft.text) this.#saveState = 'saved';
			},
			onError: (error) => {
				this.#saveState = 'failed';
				this.#problem = `Saving the skill failed: ${errorMessage(error)}`;
			}
		});
		P.flushOnHide(this.#saver);
		parts.draft.onChange((text) => {
			this.#saveState = 'pending';
			this.#saver?.schedule(text);
		});
		// A wholesale replacement (starter skill, best skill, restored version) never loses the
		// text it replaces: it is kept as a version first (no duplicate if already saved).
		parts.draft.onBeforeReplace((previous) => {
			void P.skills
				.saveVersion(db, this.#skillId ?? '', previous, 'typed', { note: AUTOSAVE_NOTE })
				.then(() => this.refreshVersions())
				.catch((error: unknown) => {
					this.#problem = `Saving the previous skill failed: ${errorMessage(error)}`;
				});
		});
		parts.tasks.onChange((pack, origin, edited) => {
			this.#packSave = this.#packSave.then(() => this.#savePack(db, pack, origin, edited));
		});
		parts.model.onLoaded = (data) => {
			void P.settings
				.setSetting(db, MODEL_SETTINGS_KEY, $state.snapshot(data))
				.catch((error: unknown) => {
					this.#problem = `Saving the model choice failed: ${errorMessage(error)}`;
				});
		};
	}

	async #savePack(
		db: P.SkillOptDb,
		pack: TaskPack,
		origin: PackOrigin,
		edited: boolean
	): Promise<void> {
		const workspace = this.#workspace;
		if (!workspace) return;
		const source: P.PackSource =
			origin.kind === 'built-in'
				? {
						kind: 'built-in',
						familyId: origin.familyId,
						difficulty: origin.difficulty,
						seed: origin.seed,
						...(origin.sizes ? { sizes: origin.sizes } : {}),
						...(edited ? { edited: pack } : {})
					}
				: {
						kind: 'imported',
						pack,
						fileName: origin.fileName,
						containsCode: origin.containsCode
					};
		try {
			// The same pack stored before is reused. Otherwise a stored pack of the same kind is
			// updated in place (the current one first), so switching from an imported pack to a
			// built-in family (or back) keeps the other one stored for the Task menu, but never a
			// pack a skill is tied to: that one stays what the skill was trained on.
			const current = workspace.currentPackId
				? await P.packs.getPack(db, workspace.currentPackId)
				: undefined;
			const packs = await P.packs.listPacks(db, workspace.id);
			const key = P.packs.packIdentity(source);
			const tied = (id: string) => this.#skills.some((s) => s.packId === id);
			const same = packs.find((record) => P.packs.packIdentity(record.source) === key);
			const reusable = [current, ...packs].find(
				(record) => record !== undefined && record.source.kind === source.kind && !tied(record.id)
			);
			let target = same?.id ?? reusable?.id ?? null;
			if (target) {
				await P.packs.updatePack(db, target, { title: pack.title, source });
			} else {
				target = (await P.packs.savePack(db, workspace.id, pack.title, source)).id;
			}
			if (target !== workspace.currentPackId) {
				this.#workspace = await P.workspaces.updateWorkspace(db, workspace.id, {
					currentPackId: target
				});
			}
		} catch (error) {
			this.#problem = `Saving the task pack failed: ${errorMessage(error)}`;
		}
	}

	async #restorePack(db: P.SkillOptDb, workspace: P.WorkspaceRecord): Promise<void> {
		const parts = this.#parts;
		if (!parts || !workspace.currentPackId) return;
		const record = await P.packs.getPack(db, workspace.currentPackId);
		if (!record) return;
		const source = record.source;
		if (source.kind !== 'imported') {
			// The imported pack the user switched away from stays on offer in the Task menu.
			const kept = (await P.packs.listPacks(db, workspace.id)).find(
				(r) => r.source.kind === 'imported'
			);
			if (kept?.source.kind === 'imported')
				parts.tasks.keepImport(
					kept.source.pack,
					kept.source.fileName ?? 'import',
					kept.source.containsCode
				);
		}
		if (source.kind === 'imported') {
			parts.tasks.restore(
				source.pack,
				{
					kind: 'imported',
					fileName: source.fileName ?? 'import',
					containsCode: source.containsCode
				},
				false
			);
			return;
		}
		const origin: PackOrigin = {
			kind: 'built-in',
			familyId: source.familyId,
			difficulty: source.difficulty,
			seed: source.seed,
			...(source.sizes ? { sizes: source.sizes } : {})
		};
		if (source.edited) {
			parts.tasks.restore(source.edited, origin, true);
		} else {
			parts.tasks.selection = {
				...parts.tasks.selection,
				familyId: source.familyId,
				difficulty: source.difficulty,
				seed: source.seed,
				...(source.sizes
					? {
							sizes: {
								...parts.tasks.selection.sizes,
								...source.sizes
							} as TaskPackState['selection']['sizes']
						}
					: {})
			};
		}
	}

	async #restoreSettings(db: P.SkillOptDb): Promise<void> {
		const parts = this.#parts;
		if (!parts) return;
		const model = await P.settings.getSetting(db, MODEL_SETTINGS_KEY, (raw) =>
			typeof raw === 'object' && raw !== null ? (raw as Partial<ModelSettingsData>) : undefined
		);
		if (model) parts.model.applySettings(model);
		const run = await P.settings.getSetting(db, RUN_SETTINGS_KEY, (raw) =>
			typeof raw === 'object' && raw !== null ? (raw as Partial<RunSettings>) : undefined
		);
		if (run) parts.run.settings = { ...parts.run.settings, ...run };
	}

	/** Runs left 'running' by a closed or crashed tab, or 'paused' (stopped, device lost). */
	async #findInterruptedRuns(db: P.SkillOptDb): Promise<void> {
		const workspace = this.#workspace;
		if (!workspace) return;
		for (const run of await P.runs.findUnfinished(db, workspace.id)) {
			const lock = await P.tryAcquireRunLock(run.id);
			if (lock.acquired) {
				if (await this.#offerWithLock(db, run, lock)) return;
			} else if (run.status === 'running') {
				await this.#follow(db, run);
				return;
			}
		}
	}

	async #offerResume(db: P.SkillOptDb, runId: string): Promise<void> {
		const run = await P.runs.getRun(db, runId);
		if (!run) return;
		const lock = await P.tryAcquireRunLock(run.id);
		if (lock.acquired) await this.#offerWithLock(db, run, lock);
	}

	async #offerWithLock(db: P.SkillOptDb, run: P.RunRecord, lock: P.RunLock): Promise<boolean> {
		const latest = await P.runs.getLatestSnapshot(db, run.id);
		const snapshot = readSnapshot(latest?.snapshot);
		if (snapshot !== null) {
			this.#resume = { run, snapshot, lock, pausedByPerson: pausedByPerson(run.id) };
			return true;
		}
		lock.release();
		return false;
	}

	/** Show a run driven by another tab, read-only, and keep it current. */
	async #follow(db: P.SkillOptDb, run: P.RunRecord): Promise<void> {
		const load = async () => {
			const current = (await P.runs.getRun(db, run.id)) ?? run;
			const steps = (await P.runs.listSteps(db, run.id)).map((s) => s.record as LogRecord);
			this.#following = { run: current, steps };
		};
		await load();
		this.#channel?.subscribe(() => void load(), run.id);
	}
}

type RunHooks = Required<
	Pick<Parameters<RunController['start']>[0], 'onSnapshot' | 'onEnd' | 'onPauseChange'>
>;

const KEY = Symbol('workspace');

export function createWorkspaceStore(): WorkspaceStore {
	return setContext(KEY, new WorkspaceStore());
}

export function useWorkspace(): WorkspaceStore {
	return getContext<WorkspaceStore>(KEY);
}
