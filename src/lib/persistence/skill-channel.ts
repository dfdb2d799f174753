/**
 * Cross-tab notices that a skill's draft was saved, so a second tab editing the same skill hears
 * of it instead of overwriting it unseen. Like the run channel, messages carry ids only: the tab
 * that hears one reads the draft from the database, so a lost message costs nothing (the save
 * itself also checks what it would overwrite).
 */
import type { BroadcastChannelLike } from './locks.ts';

/** NOTE: DO NOT CHANGE without versioning the messages: other open tabs listen on it. */
export const SKILL_CHANNEL_NAME = 'skillopt-playground.skills.v1';

export interface DraftSavedMessage {
	type: 'draft-saved';
	skillId: string;
	tabId: string;
}

/** Reads a message from another tab; undefined for anything this version does not know. */
export function parseSkillMessage(data: unknown): DraftSavedMessage | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const { type, skillId, tabId } = data as Record<string, unknown>;
	if (type !== 'draft-saved' || typeof skillId !== 'string' || typeof tabId !== 'string')
		return undefined;
	return { type, skillId, tabId };
}

/** One tab's end of the skill channel. */
export class SkillChannel {
	readonly tabId: string;
	readonly #channel: BroadcastChannelLike;

	constructor(tabId: string, channel?: BroadcastChannelLike) {
		this.tabId = tabId;
		this.#channel = channel ?? (new BroadcastChannel(SKILL_CHANNEL_NAME) as BroadcastChannelLike);
	}

	draftSaved(skillId: string): void {
		this.#channel.postMessage({ type: 'draft-saved', skillId, tabId: this.tabId });
	}

	/** Calls `handler` for drafts of `skillId` saved by other tabs; returns the unsubscribe. */
	subscribe(skillId: string, handler: () => void): () => void {
		const listener = (event: { data: unknown }): void => {
			const message = parseSkillMessage(event.data);
			if (message?.skillId === skillId && message.tabId !== this.tabId) handler();
		};
		this.#channel.addEventListener('message', listener);
		return () => this.#channel.removeEventListener('message', listener);
	}

	close(): void {
		this.#channel.close();
	}
}
