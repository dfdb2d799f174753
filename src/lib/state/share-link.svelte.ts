/**
 * Opening a share link: decode the fragment, hold the read-only preview, and act only on the
 * person's choice. Until "Import as a new skill" nothing derived from the link is written
 * anywhere (no IndexedDB, no settings, not the editor); "Dismiss" writes nothing at all. Either
 * choice clears the fragment, so a reload does not reopen the preview.
 *
 * "Check here" re-scores the shared skill on the test split with the engine loaded in this tab
 * (the link never loads a model itself). An included dataset whose grader runs JavaScript is
 * only graded after the person consents; its code runs in the predicate sandbox.
 */
import { gateScore, splitScore } from '../../core/gate/index.ts';
import { executorRequest } from '../../core/loop/rollout.ts';
import { createGrader } from '../../core/packs/graders/index.ts';
import { inlinePackHasCode, type ShareSnapshotV1 } from '../../core/share/index.ts';
import type { ChatEngine } from '../../core/ports.ts';
import { decodeShareFragment, isShareFragment } from '../share/codec.ts';
import { packForTask } from '../share/task-pack.ts';
import { importSharedSkill } from '../share/import.ts';
import { PredicateSandbox } from '../sandbox/predicate-sandbox.ts';
import type * as P from '../persistence/index.ts';
import { errorMessage } from '../../../workers/errors.ts';

export type ShareLinkStatus = 'none' | 'decoding' | 'preview' | 'error' | 'imported';

export interface CheckState {
	state: 'idle' | 'running' | 'done' | 'error';
	done: number;
	total: number;
	/** The gate score on test, in [0, 1], when done. */
	score?: number;
	hard?: number;
	engineLabel?: string;
	message?: string;
}

export interface ImportTarget {
	db: P.SkillOptDb | null;
	workspaceId: string | null;
}

export class ShareLinkState {
	#status = $state<ShareLinkStatus>('none');
	#snapshot = $state.raw<ShareSnapshotV1 | null>(null);
	#error = $state<string | null>(null);
	#check = $state.raw<CheckState>({ state: 'idle', done: 0, total: 0 });
	#imported = $state.raw<P.SkillRecord | null>(null);
	#importError = $state<string | null>(null);
	codeConsent = $state(false);
	#controller: AbortController | null = null;
	#sandbox: PredicateSandbox | null = null;

	get status(): ShareLinkStatus {
		return this.#status;
	}
	get snapshot(): ShareSnapshotV1 | null {
		return this.#snapshot;
	}
	get error(): string | null {
		return this.#error;
	}
	get check(): CheckState {
		return this.#check;
	}
	get imported(): P.SkillRecord | null {
		return this.#imported;
	}
	get importError(): string | null {
		return this.#importError;
	}
	get hasCode(): boolean {
		return this.#snapshot !== null && inlinePackHasCode(this.#snapshot);
	}

	/** Read `hash` (location.hash); does nothing when it is no share link. */
	async open(hash: string): Promise<void> {
		if (!isShareFragment(hash)) return;
		this.#status = 'decoding';
		const result = await decodeShareFragment(hash);
		if (result.kind === 'ok') {
			this.#snapshot = result.snapshot;
			this.#status = 'preview';
		} else {
			this.#error = result.kind === 'error' ? result.message : 'This share link cannot be opened.';
			this.#status = 'error';
		}
	}

	/** Add the shared skill as a new skill of the workspace; the only write a link causes. */
	async importInto(target: ImportTarget): Promise<void> {
		const snapshot = this.#snapshot;
		if (!snapshot || this.#status !== 'preview') return;
		if (!target.db || !target.workspaceId) {
			this.#importError =
				'Storage is not available in this browser, so the skill cannot be imported. Copy it from the preview instead.';
			return;
		}
		try {
			this.#imported = await importSharedSkill(target.db, target.workspaceId, snapshot);
			this.#status = 'imported';
			this.#stopCheck();
			clearFragment();
		} catch (error) {
			this.#importError = `Importing the skill failed: ${errorMessage(error)}`;
		}
	}

	/**
	 * Close the preview (or the error) and forget the link. Writes nothing. `clear: false` when
	 * another link replaces this one (its fragment is in the address now).
	 */
	dismiss(clear = true): void {
		this.#stopCheck();
		this.#status = 'none';
		this.#snapshot = null;
		this.#error = null;
		if (clear) clearFragment();
	}

	/** Re-score the shared skill on the test split with `engine`. */
	async checkHere(engine: ChatEngine, engineLabel: string): Promise<void> {
		const snapshot = this.#snapshot;
		if (!snapshot) return;
		if (this.hasCode && !this.codeConsent) {
			this.#check = {
				state: 'error',
				done: 0,
				total: 0,
				message: 'The included dataset grades with JavaScript: allow it first.'
			};
			return;
		}
		this.#stopCheck();
		const controller = new AbortController();
		this.#controller = controller;
		const built = await packForTask(snapshot.task);
		if (!built.ok) {
			this.#check = { state: 'error', done: 0, total: 0, message: built.reason };
			return;
		}
		const pack = built.pack;
		const items = pack.splits.test;
		if (items.length === 0) {
			this.#check = { state: 'error', done: 0, total: 0, message: 'The task has no test items.' };
			return;
		}
		const grader = createGrader(pack.grader, {
			...(this.hasCode ? { predicates: (this.#sandbox ??= new PredicateSandbox()) } : {})
		});
		const results: { id: string; hard: number; soft: number }[] = [];
		this.#check = { state: 'running', done: 0, total: items.length, engineLabel };
		try {
			for (const item of items) {
				controller.signal.throwIfAborted();
				const reply = await engine.generate(
					executorRequest(pack, item, snapshot.skill.text, {
						temperature: pack.generation.temperature,
						seed: 0,
						maxTokens: pack.generation.maxTokens
					}),
					controller.signal
				);
				const grade = await grader.grade(reply.text, item);
				results.push({ id: item.id, hard: grade.hard, soft: grade.soft });
				this.#check = { ...this.#check, done: results.length };
			}
			const split = splitScore(results);
			const metric = snapshot.settings?.metric ?? pack.gate.metric;
			this.#check = {
				state: 'done',
				done: results.length,
				total: items.length,
				score: gateScore({ metric, mixedWeight: pack.gate.mixedWeight }, split),
				hard: split.hard,
				engineLabel
			};
		} catch (error) {
			if (controller.signal.aborted) return;
			this.#check = { ...this.#check, state: 'error', message: errorMessage(error) };
		} finally {
			if (this.#controller === controller) this.#controller = null;
		}
	}

	#stopCheck(): void {
		this.#controller?.abort();
		this.#controller = null;
		if (this.#check.state === 'running') this.#check = { state: 'idle', done: 0, total: 0 };
		this.#sandbox?.dispose();
		this.#sandbox = null;
	}
}

/** Drop the fragment without a navigation or a history entry. */
function clearFragment(): void {
	if (location.hash === '') return;
	history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}
