/**
 * The steps of importing a dataset: read a file or URL, recognise its format, map columns,
 * adjust the guessed grader, validate, and only then hand the pack to the task state.
 *
 * Nothing changes in the workspace until `accept()`; every failure on the way is kept as a list of
 * specific messages for the dialog to show. Code graders are never run during import: validation
 * uses graders without a predicate runner, and a pack with code needs explicit consent.
 */
import type { ColumnMapping, ImportDraft } from '../../core/packs/adapters/index.ts';
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
	mapping = $state<ColumnMapping | undefined>(undefined);

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
		await this.#run(async () => this.#analyse(await (await readers()).readDataFile(file)));
	}

	async fromUrl(url: string): Promise<void> {
		await this.#run(async () => this.#analyse(await (await readers()).readDataUrl(url.trim())));
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
		this.#read = read;
		const { importData } = await adapters();
		const result = await importData(
			read.data,
			{ fileName: read.fileName, mapping: this.mapping, grader },
			browserHasher
		);
		if (!result.ok) {
			this.#draft = null;
			this.#columns = result.columns ?? [];
			this.#warnings = [];
			this.#errors = result.errors.map((e) => e.message);
			return;
		}
		const { draft } = result;
		this.#columns = draft.columns ?? [];
		if (draft.mapping) this.mapping = { ...draft.mapping };
		this.#graderText = JSON.stringify(draft.grader, null, 2);
		// Validation never runs user code: no predicate runner is given here.
		const report = await validatePack(draft.pack, { createGrader: (spec) => createGrader(spec) });
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
