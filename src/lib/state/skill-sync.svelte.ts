/**
 * Two tabs editing the same skill: neither overwrites the other unseen. Every draft save first
 * reads what it would overwrite; text this tab did not write (another tab saved it) is kept as a
 * version noted "from another tab" before it is replaced. And when another tab saves, this tab
 * hears it (BroadcastChannel), says so, and offers to load that text — keeping its own as a
 * version first.
 */
import * as P from '../persistence/index.ts';
import { SkillChannel } from '../persistence/skill-channel.ts';
import type { SkillDraft } from './skill-draft.svelte.ts';

export const FROM_ANOTHER_TAB = 'from another tab';
export const REPLACED_BY_ANOTHER_TAB = 'this tab’s text, replaced by the one from another tab';

export class SkillSync {
	readonly #db: P.SkillOptDb;
	readonly #skillId: string;
	readonly #draft: SkillDraft;
	readonly #channel: SkillChannel;
	readonly #onVersions: () => Promise<void>;
	/** The stored draft as this tab last wrote or read it. */
	#known: string;
	#incoming = $state<string | null>(null);
	#unsubscribe: () => void;

	constructor(options: {
		db: P.SkillOptDb;
		skillId: string;
		draft: SkillDraft;
		tabId: string;
		/** Called after a version was added, so the history list refreshes. */
		onVersions: () => Promise<void>;
	}) {
		this.#db = options.db;
		this.#skillId = options.skillId;
		this.#draft = options.draft;
		this.#onVersions = options.onVersions;
		this.#known = options.draft.text;
		this.#channel = new SkillChannel(options.tabId);
		this.#unsubscribe = this.#channel.subscribe(options.skillId, () => void this.#heard());
	}

	/** Text another tab saved that differs from this tab's, while the offer stands. */
	get incoming(): string | null {
		return this.#incoming;
	}

	/** Save this tab's draft, keeping another tab's stored text as a version first. */
	async save(text: string): Promise<void> {
		const stored = (await P.skills.getSkill(this.#db, this.#skillId))?.text;
		if (stored !== undefined && stored !== this.#known && stored !== text) {
			await P.skills.saveVersion(this.#db, this.#skillId, stored, 'typed', {
				note: FROM_ANOTHER_TAB
			});
			await this.#onVersions();
		}
		await P.skills.saveDraft(this.#db, this.#skillId, text);
		this.#known = text;
		this.#channel.draftSaved(this.#skillId);
	}

	/** Load the other tab's text; this tab's text is kept as a version first. */
	async load(): Promise<void> {
		const stored = (await P.skills.getSkill(this.#db, this.#skillId))?.text ?? this.#incoming;
		this.#incoming = null;
		if (stored === null || stored === this.#draft.text) return;
		await P.skills.saveVersion(this.#db, this.#skillId, this.#draft.text, 'typed', {
			note: REPLACED_BY_ANOTHER_TAB
		});
		await this.#onVersions();
		this.#known = stored;
		this.#draft.replace(stored, 'version');
	}

	/** Keep this tab's text: saving it keeps the other tab's as a version (see `save`). */
	async keepMine(): Promise<void> {
		this.#incoming = null;
		await this.save(this.#draft.text);
	}

	close(): void {
		this.#unsubscribe();
		this.#channel.close();
	}

	async #heard(): Promise<void> {
		const stored = (await P.skills.getSkill(this.#db, this.#skillId))?.text;
		if (stored === undefined) return;
		if (stored === this.#draft.text) {
			this.#known = stored;
			this.#incoming = null;
			return;
		}
		this.#incoming = stored;
	}
}
