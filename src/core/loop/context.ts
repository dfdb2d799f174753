/**
 * What every stage of a run works with: the config, the working state, the ports and the event
 * sink. The trainer builds one per run (or per resume); stages read and update `state`, which
 * the trainer copies into a snapshot after each stage.
 */
import type { Grader, PackItem } from '../packs/types.ts';
import type { ChatEngine, Hasher, SignalLike } from '../ports.ts';
import type { LoopConfig } from './config.ts';
import type { EditSource } from './edit-source.ts';
import type { LoopEvent } from './events.ts';
import type { ItemRun, RunSnapshot } from './state.ts';

export interface RunContext {
	readonly config: LoopConfig;
	/** The working state; stages update it in place. */
	state: RunSnapshot;
	readonly executor: ChatEngine;
	/** The optimiser model, when the edit source is the optimiser stages. */
	readonly optimiser: ChatEngine | undefined;
	/** Another edit source (a person), replacing reflect/merge/select. */
	readonly source: EditSource | undefined;
	readonly hasher: Hasher;
	readonly grader: Grader;
	readonly items: ReadonlyMap<string, PackItem>;
	/**
	 * Every executor result of the run, by `itemKey`: the snapshot's pruned `items`, what it
	 * computed since, and on resume the caller's item log. Never part of a snapshot.
	 */
	readonly archive: Map<string, ItemRun>;
	/** Conservative token count for optimiser prompts. */
	countTokens(text: string): Promise<number>;
	readonly signal: SignalLike | undefined;
	emit(event: LoopEvent): void;
}

/** The result of `key` the run already has: the snapshot's cache, else the archive. */
export function knownRun(ctx: RunContext, key: string): ItemRun | undefined {
	return ctx.state.items[key] ?? ctx.archive.get(key);
}

/** The item with this id, or a RangeError (ids come from the pack, so this is a bug). */
export function itemById(ctx: RunContext, id: string): PackItem {
	const item = ctx.items.get(id);
	if (item === undefined) throw new RangeError(`no item ${id} in the pack`);
	return item;
}
