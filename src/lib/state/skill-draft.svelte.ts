/**
 * The skill being edited, as reactive state shared by the editor and the panels.
 *
 * The editor component owns the CodeMirror view and pushes every change here; counts are derived
 * so that every view of them agrees. Persistence (IndexedDB) will subscribe to this class.
 */
import { getContext, setContext } from 'svelte';
import { textStats, type TextStats } from '../../core/text-stats.ts';

export const STARTER_SKILL = `# Skill: work the task step by step

## Procedure
1. Restate in one line what the question asks for.
2. Go through the facts one at a time and write down each intermediate result.
3. Check the result against the question before answering.

## Output
Finish with a final line in exactly the form the task asks for.
`;

export class SkillDraft {
	#text = $state('');
	#revision = $state(0);
	#replacedBy: string | undefined = undefined;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a listener list, not state
	#listeners = new Set<(text: string) => void>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a listener list, not state
	#beforeReplace = new Set<(previous: string) => void>();

	/** Be told of the text about to be replaced wholesale (persistence keeps it as a version). */
	onBeforeReplace(listener: (previous: string) => void): () => void {
		this.#beforeReplace.add(listener);
		return () => this.#beforeReplace.delete(listener);
	}
	#stats = $derived.by((): TextStats => textStats(this.#text));

	constructor(text: string = STARTER_SKILL) {
		this.#text = text;
	}

	get text(): string {
		return this.#text;
	}

	set text(value: string) {
		if (value === this.#text) return;
		this.#text = value;
		this.#notify();
	}

	get stats(): TextStats {
		return this.#stats;
	}

	#opened = $state(0);

	/** Bumped when the text is replaced from outside the editor, so the editor reloads it. */
	get revision(): number {
		return this.#revision;
	}

	/** Where the last wholesale replacement came from (undefined for typing). */
	get replacedBy(): string | undefined {
		return this.#replacedBy;
	}

	/** Replace the whole text from outside the editor (a starter skill, a loaded version). */
	replace(text: string, source: string): void {
		for (const listener of this.#beforeReplace) listener(this.#text);
		this.#text = text;
		this.#replacedBy = source;
		this.#revision++;
		this.#notify();
	}

	/** The stored text, before the editor exists: no undo entry, no save. */
	load(text: string): void {
		this.#text = text;
	}

	/** Bumped when another skill is opened: the editor starts afresh (its own undo history). */
	get opened(): number {
		return this.#opened;
	}

	/** Open another skill's text (no undo entry across skills, no version of the old text). */
	open(text: string): void {
		this.#text = text;
		this.#opened++;
	}

	/** Be told of every change (typing or replacement); persistence saves the draft. */
	onChange(listener: (text: string) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#notify(): void {
		for (const listener of this.#listeners) listener(this.#text);
	}
}

const KEY = Symbol('skill-draft');

export function createSkillDraft(text?: string): SkillDraft {
	return setContext(KEY, new SkillDraft(text));
}

export function useSkillDraft(): SkillDraft {
	return getContext<SkillDraft>(KEY);
}
