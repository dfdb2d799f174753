/**
 * The task pack in use: a built-in family (generated from family, difficulty and seed) or an
 * imported pack, plus edits the user makes to its items. Components render this; the dataset
 * view and the run panels read the pack from here.
 *
 * Edits are checked before they change anything: an item whose gold its own grader rejects, or
 * whose id collides, is refused with the grader's explanation. Changing task never loses work:
 * the imported pack stays one choice of the Task menu, and a built-in pack with edited items is
 * kept and comes back when its family, difficulty, seed and sizes are chosen again.
 */
import { getContext, setContext } from 'svelte';
import { buildFamilyPack } from '../../core/packs/build.ts';
import { BUILT_IN_FAMILIES, findFamily } from '../../core/packs/families/index.ts';
import { createGrader, describeGrader } from '../../core/packs/graders/index.ts';
import { serialisePack } from '../../core/packs/pack-file.ts';
import { hasInput, renderGold } from '../../core/packs/validate.ts';
import type { PackItem, SplitName, TaskFamily, TaskPack } from '../../core/packs/types.ts';
import { browserHasher } from '../platform.ts';
import { PredicateSandbox } from '../sandbox/predicate-sandbox.ts';
import { errorMessage } from '../../../workers/errors.ts';
import {
	builtInKey,
	IMPORTED_TASK,
	packItems,
	resplitImport,
	splitSizesOf,
	type KeptImport
} from './kept-packs.ts';

export { IMPORTED_TASK } from './kept-packs.ts';

export type PackOrigin =
	| {
			kind: 'built-in';
			familyId: string;
			difficulty: number;
			seed: number;
			sizes?: Partial<Record<SplitName, number>>;
	  }
	| { kind: 'imported'; fileName: string; containsCode: boolean };

/** What the task picker edits: which built-in family to generate, and how. */
export interface FamilySelection {
	familyId: string;
	difficulty: number;
	seed: number;
	sizes: Record<SplitName, number>;
}

/** Told after every change of the pack: a new family, an import, an edited item. */
export type PackChangeListener = (pack: TaskPack, origin: PackOrigin, edited: boolean) => void;

export class ItemEditError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ItemEditError';
	}
}

export class TaskPackState {
	#pack = $state.raw<TaskPack | null>(null);
	#origin = $state.raw<PackOrigin | null>(null);
	#error = $state<string | null>(null);
	#busy = $state(false);
	#generation = 0;
	#building: Promise<void> = Promise.resolve();
	#sandbox: PredicateSandbox | null = null;
	#edited = false;
	#imported = $state.raw<KeptImport | null>(null);
	/** Edited built-in packs, by `builtInKey`, kept when another task replaced them. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, not state
	#editedBuiltIns = new Map<string, TaskPack>();
	#notice = $state<string | null>(null);
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a listener list, not state
	#listeners = new Set<PackChangeListener>();

	readonly families: readonly TaskFamily[] = BUILT_IN_FAMILIES;

	selection = $state<FamilySelection>(defaultSelection('coin-flip'));

	/** Subscribe to pack changes (persistence does); returns the unsubscribe function. */
	onChange(listener: PackChangeListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Whether the user changed items of the current pack since it was generated or imported. */
	get edited(): boolean {
		return this.#edited;
	}

	/**
	 * Generate the selected family's pack unless it is what is loaded already (so a restored,
	 * edited pack is not overwritten by regenerating it).
	 */
	async applySelection(): Promise<void> {
		const s = this.selection;
		const origin = this.#origin;
		if (s.familyId === IMPORTED_TASK) return this.#applyImported(s.sizes);
		if (
			origin?.kind === 'built-in' &&
			origin.familyId === s.familyId &&
			origin.difficulty === s.difficulty &&
			origin.seed === s.seed &&
			JSON.stringify(origin.sizes ?? {}) === JSON.stringify(s.sizes)
		) {
			return;
		}
		await this.useFamily(s.familyId, s.difficulty, s.seed, { ...s.sizes });
	}

	/** The imported pack's title, while one is kept (the Task menu offers it). */
	get importedTitle(): string | null {
		return this.#imported?.pack.title ?? null;
	}
	/** Whether the kept import has items the user edited (a new import would replace them). */
	get importedEdited(): boolean {
		const kept = this.#imported;
		if (!kept) return false;
		return this.#origin?.kind === 'imported' ? this.#edited : kept.edited;
	}
	/** The kept import's split sizes (the Task menu's imported choice starts from them). */
	get importedSizes(): Record<SplitName, number> | null {
		return this.#imported ? splitSizesOf(this.#imported.pack) : null;
	}
	/** A sentence about work kept or brought back (edits restored), until the next change. */
	get notice(): string | null {
		return this.#notice;
	}

	/** Put back a stored pack (after a reload) without regenerating or notifying. */
	restore(pack: TaskPack, origin: PackOrigin, edited: boolean): void {
		this.#generation++;
		if (origin.kind === 'imported') {
			this.#imported = {
				pack,
				unused: [],
				fileName: origin.fileName,
				containsCode: origin.containsCode,
				edited
			};
			this.selection = { ...this.selection, familyId: IMPORTED_TASK, sizes: splitSizesOf(pack) };
		}
		if (origin.kind === 'built-in') {
			this.selection = {
				familyId: origin.familyId,
				difficulty: origin.difficulty,
				seed: origin.seed,
				sizes: { ...defaultSelection(origin.familyId).sizes, ...origin.sizes }
			};
		}
		this.#pack = pack;
		this.#origin = origin;
		this.#edited = edited;
		this.#error = null;
		this.#busy = false;
	}

	get pack(): TaskPack | null {
		return this.#pack;
	}
	get origin(): PackOrigin | null {
		return this.#origin;
	}
	get error(): string | null {
		return this.#error;
	}
	get busy(): boolean {
		return this.#busy;
	}
	get graderSummary(): string {
		return this.#pack ? describeGrader(this.#pack.grader) : '';
	}

	/**
	 * Resolves once the pack being generated (if any) is in place and its change announced: a
	 * skill created right after a change of task must be tied to the new pack, not the old one.
	 */
	settled(): Promise<void> {
		return this.#building;
	}

	/** Generate the pack of a built-in family. A newer call supersedes an older one. */
	useFamily(
		familyId: string,
		difficulty?: number,
		seed = 1,
		sizes?: Partial<Record<SplitName, number>>
	): Promise<void> {
		const building = this.#generate(familyId, difficulty, seed, sizes);
		this.#building = building;
		return building;
	}

	/** `useFamily`'s work; it never rejects (a failure is `error`). */
	async #generate(
		familyId: string,
		difficulty: number | undefined,
		seed: number,
		sizes: Partial<Record<SplitName, number>> | undefined
	): Promise<void> {
		const family = findFamily(familyId);
		if (!family) {
			this.#error = `Unknown task family "${familyId}".`;
			return;
		}
		const level = difficulty ?? family.defaultDifficulty;
		const sizeProblem = sizes ? checkSizes(sizes) : null;
		if (sizeProblem) {
			this.#error = sizeProblem;
			return;
		}
		const ticket = ++this.#generation;
		this.#busy = true;
		try {
			const key = builtInKey(familyId, level, seed, sizes);
			const kept = this.#editedBuiltIns.get(key);
			const pack =
				kept ??
				(await buildFamilyPack(
					family,
					{ seed, difficulty: level, ...(sizes ? { sizes } : {}) },
					browserHasher
				));
			if (ticket !== this.#generation) return;
			this.#keepCurrent();
			this.#pack = pack;
			this.#origin = {
				kind: 'built-in',
				familyId,
				difficulty: level,
				seed,
				...(sizes ? { sizes: { ...sizes } } : {})
			};
			this.#edited = kept !== undefined;
			this.#notice = kept
				? 'Your edited items for this task are back. “Discard my edits” regenerates it.'
				: null;
			this.#error = null;
			this.#notify();
		} catch (error) {
			if (ticket === this.#generation) this.#error = errorMessage(error);
		} finally {
			if (ticket === this.#generation) this.#busy = false;
		}
	}

	/**
	 * Replace the pack with an imported, already validated one. `allItems` are every item the
	 * import read (with any the split sizes left out), so the split can be changed later.
	 */
	useImported(
		pack: TaskPack,
		fileName: string,
		containsCode: boolean,
		allItems: readonly PackItem[] = []
	): void {
		this.#generation++;
		this.#keepCurrent();
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
		const used = new Set(packItems(pack).map((item) => item.id));
		this.#imported = {
			pack,
			unused: allItems.filter((item) => !used.has(item.id)),
			fileName,
			containsCode,
			edited: false
		};
		this.#showImported();
		this.selection = { ...this.selection, familyId: IMPORTED_TASK, sizes: splitSizesOf(pack) };
	}

	/** Offer a stored imported pack in the Task menu without switching to it (after a reload). */
	keepImport(pack: TaskPack, fileName: string, containsCode: boolean): void {
		this.#imported = { pack, unused: [], fileName, containsCode, edited: false };
	}

	/** Regenerate the current built-in pack, dropping its edited items (kept ones too). */
	async discardEdits(): Promise<void> {
		const origin = this.#origin;
		if (origin?.kind !== 'built-in') return;
		this.#editedBuiltIns.delete(
			builtInKey(origin.familyId, origin.difficulty, origin.seed, origin.sizes)
		);
		this.#edited = false;
		await this.useFamily(origin.familyId, origin.difficulty, origin.seed, origin.sizes);
	}

	/** Before another pack replaces the current one: keep it if the user's edits are in it. */
	#keepCurrent(): void {
		const pack = this.#pack;
		const origin = this.#origin;
		if (!pack || !origin) return;
		if (origin.kind === 'imported') {
			if (this.#imported) this.#imported = { ...this.#imported, pack, edited: this.#edited };
		} else if (this.#edited) {
			this.#editedBuiltIns.set(
				builtInKey(origin.familyId, origin.difficulty, origin.seed, origin.sizes),
				pack
			);
		}
	}

	#showImported(): void {
		const kept = this.#imported;
		if (!kept) return;
		this.#pack = kept.pack;
		this.#origin = { kind: 'imported', fileName: kept.fileName, containsCode: kept.containsCode };
		this.#edited = kept.edited;
		this.#notice = null;
		this.#error = null;
		this.#busy = false;
		this.#notify();
	}

	/** The Task menu's imported choice: show the kept import, split with `sizes`. */
	async #applyImported(sizes: Record<SplitName, number>): Promise<void> {
		const kept = this.#imported;
		if (!kept) return;
		if (this.#origin?.kind !== 'imported') {
			this.#generation++;
			this.#keepCurrent();
			this.#showImported();
		}
		const current = this.#imported;
		if (!current || JSON.stringify(splitSizesOf(current.pack)) === JSON.stringify(sizes)) return;
		const problem = checkSizes(sizes);
		if (problem) {
			this.#error = problem;
			return;
		}
		const ticket = ++this.#generation;
		try {
			const resplit = await resplitImport(current, { ...sizes });
			if (ticket !== this.#generation) return;
			this.#imported = resplit;
			this.#showImported();
		} catch (error) {
			if (ticket === this.#generation) this.#error = errorMessage(error);
		}
	}

	/** The grader of the current pack, with code graders running in the sandbox. */
	grader() {
		const pack = this.#pack;
		if (!pack) throw new ItemEditError('No task pack is loaded.');
		return createGrader(pack.grader, { predicates: this.predicates() });
	}

	/**
	 * Replace (or, with `index` undefined, add) an item of `split`. Throws ItemEditError with a
	 * specific message and changes nothing when the item is not acceptable.
	 */
	async saveItem(split: SplitName, index: number | undefined, item: PackItem): Promise<void> {
		const pack = this.#pack;
		if (!pack) throw new ItemEditError('No task pack is loaded.');
		const id = item.id.trim();
		if (id === '') throw new ItemEditError('The item needs an id.');
		if (!hasInput(item)) throw new ItemEditError('The item needs an input.');
		for (const name of ['train', 'val', 'test'] as const) {
			pack.splits[name].forEach((other, i) => {
				if (other.id === id && !(name === split && i === index)) {
					throw new ItemEditError(`Another item (in ${name}) already has the id "${id}".`);
				}
			});
		}
		const grader = this.grader();
		if (item.answer !== undefined) {
			const gold = renderGold(pack.grader, item);
			const result = await grader.grade(gold, item);
			if (result.hard !== 1) {
				throw new ItemEditError(
					`The pack's grader does not accept this item's own answer: ${result.explanation}`
				);
			}
		}
		const items = [...pack.splits[split]];
		if (index === undefined) items.push({ ...item, id });
		else items[index] = { ...item, id };
		this.#pack = { ...pack, splits: { ...pack.splits, [split]: items } };
		this.#edited = true;
		this.#keepCurrent();
		this.#notify();
	}

	/** Remove an item; val may not drop below 10 items. */
	deleteItem(split: SplitName, index: number): void {
		const pack = this.#pack;
		if (!pack) return;
		if (split === 'val' && pack.splits.val.length <= 10) {
			throw new ItemEditError('The val split needs at least 10 items; add one before deleting.');
		}
		const items = pack.splits[split].filter((_, i) => i !== index);
		this.#pack = { ...pack, splits: { ...pack.splits, [split]: items } };
		this.#edited = true;
		this.#keepCurrent();
		this.#notify();
	}

	/** The pack as a `skillopt-playground.pack.v1` JSON document. */
	exportJson(): string {
		if (!this.#pack) throw new ItemEditError('No task pack is loaded.');
		return JSON.stringify(serialisePack(this.#pack), null, '\t');
	}

	#notify(): void {
		const pack = this.#pack;
		const origin = this.#origin;
		if (!pack || !origin) return;
		for (const listener of this.#listeners) listener(pack, origin, this.#edited);
	}

	/** The sandbox that runs `js` grader code (created on first use). */
	predicates(): PredicateSandbox {
		this.#sandbox ??= new PredicateSandbox();
		return this.#sandbox;
	}
}

/** A family's default selection: its default difficulty and split sizes, seed 1. */
export function defaultSelection(familyId: string): FamilySelection {
	const family = findFamily(familyId) ?? BUILT_IN_FAMILIES[0];
	return {
		familyId: family?.id ?? familyId,
		difficulty: family?.defaultDifficulty ?? 1,
		seed: 1,
		sizes: { ...(family?.defaultSizes ?? { train: 40, val: 32, test: 100 }) }
	};
}

/** Split sizes a person typed: whole numbers, val at least 10 (the gate needs it), a sane total. */
export function checkSizes(sizes: Partial<Record<SplitName, number>>): string | null {
	for (const [name, value] of Object.entries(sizes)) {
		if (!Number.isInteger(value) || value < 0 || value > 2000) {
			return `The ${name} size must be a whole number from 0 to 2000.`;
		}
	}
	if ((sizes.val ?? 10) < 10) return 'The val split needs at least 10 items for the gate.';
	if ((sizes.train ?? 1) < 1) return 'The train split needs at least one item.';
	return null;
}

const KEY = Symbol('task-pack');

export function createTaskPackState(): TaskPackState {
	return setContext(KEY, new TaskPackState());
}

export function useTaskPack(): TaskPackState {
	return getContext<TaskPackState>(KEY);
}
