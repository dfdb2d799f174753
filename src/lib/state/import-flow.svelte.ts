/**
 * The steps of importing a dataset: read a file or URL, recognise its format, map columns,
 * adjust the guessed grader, validate, and only then hand the pack to the task state.
 *
 * Nothing changes in the workspace until `accept()`; every failure on the way is kept as a list of
 * specific messages for the dialog to show. The split the import will make is shown and can be
 * changed (the rules are core's `checkSplitSizes`); a file too small to split says so. Code graders are never run during import: validation
 * uses graders without a predicate runner, and a pack with code needs explicit consent.
 */
import type {
	ColumnMapping,
	ImportDraft,
	ImportFormat,
	SplitSizes
} from '../../core/packs/adapters/index.ts';
import { createGrader } from '../../core/packs/graders/index.ts';
import { validatePack } from '../../core/packs/validate.ts';
import type { PackIssue } from '../../core/packs/format.ts';
import type { GraderSpec } from '../../core/packs/types.ts';
import { browserHasher } from '../platform.ts';
import type { ReadData } from '../packs/read-data.ts';
import { errorMessage } from '../../../workers/errors.ts';

// The readers (papaparse), adapters and the pack parser with its schemas load with the first
// import, not with the page.
const readers = () => import('../packs/read-data.ts');
const adapters = () => import('../../core/packs/adapters/index.ts');

export class ImportFlow {
	#read = $state.raw<ReadData | null>(null);
	#draft = $state.raw<ImportDraft | null>(null);
	#errors = $state.raw<string[]>([]);
	#warnings = $state.raw<PackIssue[]>([]);
	#columns = $state.raw<string[]>([]);
	#busy = $state(false);
	#graderText = $state('');
	#codeConsent = $state(false);
	#format = $state<ImportFormat | null>(null);
	#itemCount = $state<number | null>(null);
	/** Whether the user typed split sizes (otherwise each analysis proposes its own). */
	#sizesChosen = false;
	#ticket = 0;
	mapping = $state<ColumnMapping | undefined>(undefined);
	/** The split to make: proposed by the import, editable in the dialog. */
	sizes = $state<SplitSizes | null>(null);

	get format(): ImportFormat | null {
		return this.#format;
	}
	/** How many items the data holds, once read (also when it is too few to split). */
	get itemCount(): number | null {
		return this.#itemCount;
	}
	/** Whether the split can be changed here (a pack file brings its own). */
	get splitEditable(): boolean {
		return this.#format !== null && this.#format !== 'pack-v1' && this.sizes !== null;
	}

	get read(): ReadData | null {
		return this.#read;
	}
	get draft(): ImportDraft | null {
		return this.#draft;
	}
	get errors(): string[] {
		return this.#errors;
	}
	get warnings(): PackIssue[] {
		return this.#warnings;
	}
	get columns(): string[] {
		return this.#columns;
	}
	get busy(): boolean {
		return this.#busy;
	}
	get graderText(): string {
		return this.#graderText;
	}
	set graderText(text: string) {
		this.#graderText = text;
	}
	get containsCode(): boolean {
		return this.#warnings.some((w) => w.code === 'contains-code');
	}
	get codeConsent(): boolean {
		return this.#codeConsent;
	}
	set codeConsent(value: boolean) {
		this.#codeConsent = value;
	}
	/** Ready to use: a draft without errors, and consent where it contains code. */
	get canAccept(): boolean {
		return (
			this.#draft !== null &&
			this.#errors.length === 0 &&
			!this.#busy &&
			(!this.containsCode || this.#codeConsent)
		);
	}

	async fromFile(file: File): Promise<void> {
		this.#forgetSplit();
		await this.#run(async () => this.#analyse(await (await readers()).readDataFile(file)));
	}

	async fromUrl(url: string): Promise<void> {
		this.#forgetSplit();
		await this.#run(async () => this.#analyse(await (await readers()).readDataUrl(url.trim())));
	}

	/** Split again with the sizes the user typed (`sizes`). */
	async resplit(): Promise<void> {
		if (!this.sizes) return;
		this.#sizesChosen = true;
		await this.reapply();
	}

	#forgetSplit(): void {
		this.#sizesChosen = false;
		this.sizes = null;
		this.#itemCount = null;
		this.#format = null;
	}

	/** Re-run the import with the edited mapping and grader. */
	async reapply(): Promise<void> {
		const read = this.#read;
		if (!read) return;
		let grader: GraderSpec | undefined;
		if (this.#graderText.trim() !== '') {
			try {
				grader = JSON.parse(this.#graderText) as GraderSpec;
			} catch (error) {
				this.#errors = [`The grader is not valid JSON: ${errorMessage(error)}`];
				return;
			}
		}
		await this.#run(() => this.#analyse(read, grader));
	}

	async #analyse(read: ReadData, grader?: GraderSpec): Promise<void> {
		const ticket = ++this.#ticket;
		this.#read = read;
		const { importData } = await adapters();
		const chosen = this.#sizesChosen && this.sizes ? { ...readSizes(this.sizes) } : undefined;
		const result = await importData(
			read.data,
			{
				fileName: read.fileName,
				mapping: this.mapping,
				grader,
				...(chosen ? { sizes: chosen } : {})
			},
			browserHasher
		);
		// A newer analysis (the user kept typing sizes) supersedes this one.
		if (ticket !== this.#ticket) return;
		if (!result.ok) {
			this.#draft = null;
			this.#format = result.format;
			this.#columns = result.columns ?? [];
			this.#warnings = [];
			this.#errors = result.errors.map((e) => e.message);
			if (result.itemCount !== undefined) this.#itemCount = result.itemCount;
			if (result.sizes && !chosen) this.sizes = { ...result.sizes };
			return;
		}
		const { draft } = result;
		this.#format = draft.format;
		this.#itemCount = draft.items.length;
		const { train, val, test } = draft.pack.splits;
		if (!chosen) this.sizes = { train: train.length, val: val.length, test: test.length };
		this.#columns = draft.columns ?? [];
		if (draft.mapping) this.mapping = { ...draft.mapping };
		this.#graderText = JSON.stringify(draft.grader, null, 2);
		// Validation never runs user code: no predicate runner is given here.
		const report = await validatePack(draft.pack, { createGrader: (spec) => createGrader(spec) });
		if (ticket !== this.#ticket) return;
		this.#draft = draft;
		this.#errors = report.errors.map((e) => e.message);
		this.#warnings = [...draft.warnings, ...report.warnings];
		this.#codeConsent = false;
	}

	async #run(step: () => Promise<void>): Promise<void> {
		this.#busy = true;
		try {
			await step();
		} catch (error) {
			this.#draft = null;
			this.#errors = [errorMessage(error)];
		} finally {
			this.#busy = false;
		}
	}
}

/** Sizes as bound to number inputs: an emptied field reads as NaN, which the checks refuse. */
function readSizes(sizes: SplitSizes): SplitSizes {
	const read = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);
	return { train: read(sizes.train), val: read(sizes.val), test: read(sizes.test) };
}
