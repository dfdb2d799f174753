/**
 * Dataset import: recognises what a parsed file is (a pack, GSM8K rows, a BIG-Bench task, OpenAI
 * evals samples, promptfoo tests or plain rows), runs the matching adapter and returns a draft
 * pack split by hashed ids — or the specific errors, changing nothing.
 *
 * Files are read and parsed (JSON, JSONL, CSV) in src/lib; this module receives the parsed data.
 * The draft is not validated here: call `validatePack` on `draft.pack` with the grader factory
 * before offering to run it.
 */
import type { Hasher } from '../../ports.ts';
import type { PackIssue } from '../format.ts';
import { DEFAULT_GATE, DEFAULT_GENERATION, isRecord, parsePack } from '../format.ts';
import { assignSplits } from '../splits.ts';
import type { GraderSpec, PackItem, SplitName, TaskPack } from '../types.ts';
import { PACK_FORMAT_V1, SPLIT_NAMES } from '../types.ts';
import { adaptBbh } from './bbh.ts';
import type { Adapted } from './common.ts';
import { contractFor, INPUT_TEMPLATE } from './common.ts';
import { adaptGsm8k, looksLikeGsm8k } from './gsm8k.ts';
import type { EvalClass } from './openai-evals.ts';
import { adaptEvalSamples, looksLikeEvalSamples } from './openai-evals.ts';
import { adaptPromptfoo, looksLikePromptfoo } from './promptfoo.ts';
import type { ColumnMapping } from './rows.ts';
import { detectColumns, guessGrader, rowsToItems } from './rows.ts';
import {
	checkSplitSizes,
	importSizes,
	MIN_IMPORT_ITEMS,
	tooFewItemsMessage
} from './split-plan.ts';

export type { ColumnMapping, DetectedColumns } from './rows.ts';
export { detectColumns, guessGrader, rowsToItems } from './rows.ts';
export type { EvalClass } from './openai-evals.ts';
export type { SplitCheck, SplitSizes } from './split-plan.ts';
export { checkSplitSizes, importSizes, MIN_IMPORT_ITEMS } from './split-plan.ts';
export { EVAL_CLASSES } from './openai-evals.ts';

export type ImportFormat = 'pack-v1' | 'gsm8k' | 'bbh' | 'openai-evals' | 'promptfoo' | 'rows';

/**
 * What the data is, from its shape (the file name only breaks ties: a `*.pack.json` is read as a
 * pack even when broken, so its errors are the pack's). `null` when nothing fits.
 */
export function detectFormat(data: unknown, fileName?: string): ImportFormat | null {
	const name = fileName?.toLowerCase() ?? '';
	if (isRecord(data)) {
		const format = data['format'];
		if (typeof format === 'string' && format.startsWith('skillopt-playground.pack'))
			return 'pack-v1';
		if (name.endsWith('.pack.json')) return 'pack-v1';
		if (Array.isArray(data['examples'])) return 'bbh';
		if (looksLikePromptfoo(data)) return 'promptfoo';
		if ('format' in data || (('splits' in data || 'items' in data) && 'grader' in data))
			return 'pack-v1';
		return null;
	}
	if (!Array.isArray(data) || !data.every(isRecord)) return null;
	const sample = data.slice(0, 50);
	if (sample.length === 0) return 'rows';
	if (looksLikePromptfoo(sample)) return 'promptfoo';
	if (looksLikeEvalSamples(sample)) return 'openai-evals';
	if (looksLikeGsm8k(sample)) return 'gsm8k';
	return 'rows';
}

export interface ImportOptions {
	/** The file name, for detection and the default pack id. */
	fileName?: string;
	/** Skip detection. */
	format?: ImportFormat;
	packId?: string;
	title?: string;
	license?: string;
	/** Rows only: the column mapping (detected when left out). */
	mapping?: ColumnMapping;
	/** Replaces the guessed grader (the user edited it). */
	grader?: GraderSpec;
	/** OpenAI evals only: the eval class the samples were written for (default Match). */
	evalClass?: EvalClass;
	/**
	 * promptfoo only: drop model-graded asserts (and tests with nothing else) with one warning
	 * that counts them; default true. `false` refuses the file instead.
	 */
	skipModelGraded?: boolean;
	/**
	 * Split sizes, checked against the rules of `checkSplitSizes`; default `importSizes` of the
	 * items without a split.
	 */
	sizes?: Record<SplitName, number>;
	salt?: string;
	/** Put every item in this split (the source ships its own, e.g. GSM8K's test file). */
	split?: SplitName;
}

export interface ImportDraft {
	format: ImportFormat;
	pack: TaskPack;
	/** All imported items, including any beyond the split sizes. */
	items: PackItem[];
	/** The grader used: guessed, from the source, or the one given in the options. */
	grader: GraderSpec;
	/** Rows only: the mapping used and the columns to offer. */
	mapping?: ColumnMapping;
	columns?: string[];
	warnings: PackIssue[];
}

export type ImportResult =
	| { ok: true; draft: ImportDraft }
	| {
			ok: false;
			format: ImportFormat | null;
			errors: PackIssue[];
			columns?: string[];
			/** When the items were read but could not be split: how many, and the split tried. */
			itemCount?: number;
			sizes?: Record<SplitName, number>;
	  };

/** Imports parsed data as a draft pack (see the module comment). */
export async function importData(
	data: unknown,
	options: ImportOptions,
	hasher: Hasher
): Promise<ImportResult> {
	const format = options.format ?? detectFormat(data, options.fileName);
	if (format === null)
		return {
			ok: false,
			format,
			errors: [
				{
					code: 'unknown-format',
					message:
						'unrecognised data: expected a pack, a list of rows, a BIG-Bench task ' +
						'({"examples": [...]}), OpenAI evals samples or promptfoo tests'
				}
			]
		};
	if (format === 'pack-v1') {
		const parsed = await parsePack(data, hasher);
		if (!parsed.ok) return { ok: false, format, errors: parsed.errors };
		const items = SPLIT_NAMES.flatMap((name) => parsed.pack.splits[name]);
		return {
			ok: true,
			draft: {
				format,
				pack: parsed.pack,
				items,
				grader: parsed.pack.grader,
				warnings: parsed.warnings
			}
		};
	}

	const rows = Array.isArray(data) ? data : [];
	let adapted: Adapted;
	let mapping: ColumnMapping | undefined;
	let columns: string[] | undefined;
	switch (format) {
		case 'gsm8k':
			adapted = adaptGsm8k(rows);
			break;
		case 'bbh':
			adapted = adaptBbh(isRecord(data) ? data : {});
			break;
		case 'openai-evals':
			adapted = adaptEvalSamples(rows, options.evalClass);
			break;
		case 'promptfoo':
			adapted = adaptPromptfoo(data, { skipModelGraded: options.skipModelGraded ?? true });
			break;
		case 'rows': {
			const detected = detectColumns(rows);
			columns = detected.candidates;
			if (rows.length === 0)
				return {
					ok: false,
					format,
					columns,
					errors: [{ code: 'no-items', message: 'the file has no rows' }]
				};
			mapping = options.mapping ?? autoMapping(detected);
			if (mapping === undefined) {
				const missing = detected.input === undefined ? 'input' : 'answer';
				return {
					ok: false,
					format,
					columns,
					errors: [
						{
							code: 'mapping-needed',
							message: `no ${missing} column found among ${columns.join(', ')}: choose the ${missing} column`
						}
					]
				};
			}
			const missingColumn = [mapping.input, mapping.answer, mapping.id, mapping.split].find(
				(c) => c !== undefined && !columns?.includes(c)
			);
			if (missingColumn !== undefined)
				return {
					ok: false,
					format,
					columns,
					errors: [{ code: 'mapping-needed', message: `there is no column '${missingColumn}'` }]
				};
			const converted = rowsToItems(rows, mapping);
			const grader = guessGrader(converted.items.map((item) => item.answer));
			adapted = {
				items: converted.items,
				grader,
				prompt: { template: INPUT_TEMPLATE, contract: contractFor(grader) },
				errors: converted.errors,
				warnings: []
			};
			break;
		}
	}
	if (adapted.errors.length > 0)
		return withColumns({ ok: false, format, errors: adapted.errors }, columns);
	if (adapted.items.length === 0)
		return withColumns(
			{ ok: false, format, errors: [{ code: 'no-items', message: 'no items to import' }] },
			columns
		);

	const grader = options.grader ?? adapted.grader;
	const prompt =
		options.grader !== undefined && adapted.prompt.contract === contractFor(adapted.grader)
			? { ...adapted.prompt, contract: contractFor(grader) }
			: adapted.prompt;
	const items =
		options.split === undefined
			? adapted.items
			: adapted.items.map((item) => ({ ...item, split: options.split }));
	const packId = options.packId ?? slug(options.fileName) ?? format;
	const free = items.filter((item) => item.split === undefined).length;
	const sizes = options.sizes ?? defaultSizes(items, free);
	const splitFailure = (errors: PackIssue[]): ImportResult => ({
		ok: false,
		format,
		errors,
		...(columns === undefined ? {} : { columns }),
		itemCount: items.length,
		sizes
	});
	if (items.length < MIN_IMPORT_ITEMS)
		return splitFailure([{ code: 'too-few-items', message: tooFewItemsMessage(items.length) }]);
	// Where the source fixed every item's split, its split stands: what is wrong with it is said
	// (validation and the run panel refuse what cannot run), not refused here.
	const sourceSplit = free === 0 && options.sizes === undefined;
	const check = checkSplitSizes(sizes, items.length);
	if (check.errors.length > 0 && !sourceSplit)
		return splitFailure(check.errors.map((message) => ({ code: 'split-sizes', message })));
	let splits: TaskPack['splits'];
	const warnings = [...adapted.warnings];
	try {
		const assigned = await assignSplits(
			items,
			options.salt === undefined ? { sizes } : { sizes, salt: options.salt },
			packId,
			hasher
		);
		splits = assigned.splits;
		if (assigned.unused > 0)
			warnings.push({
				code: 'items-unused',
				message: `${assigned.unused} items fall beyond the split sizes and are not used`
			});
	} catch (error) {
		return splitFailure([{ code: 'split-sizes', message: (error as Error).message }]);
	}
	const used = { train: splits.train.length, val: splits.val.length, test: splits.test.length };
	const after = checkSplitSizes(used, items.length);
	for (const message of [...after.errors, ...after.warnings])
		warnings.push({ code: 'split-warning', message });
	const pack: TaskPack = {
		format: PACK_FORMAT_V1,
		id: packId,
		title: options.title ?? adapted.title ?? packId,
		description: adapted.description ?? '',
		source: `imported (${format})${options.fileName === undefined ? '' : `: ${options.fileName}`}`,
		prompt,
		generation: { ...DEFAULT_GENERATION, stop: [] },
		grader,
		gate: { ...DEFAULT_GATE },
		initialSkill: '',
		splits
	};
	if (options.license !== undefined) pack.license = options.license;
	const draft: ImportDraft = { format, pack, items, grader, warnings };
	if (mapping !== undefined) draft.mapping = mapping;
	if (columns !== undefined) draft.columns = columns;
	return { ok: true, draft };
}

/** The proposed split: the source's own splits, plus `importSizes` of the items without one. */
function defaultSizes(items: readonly PackItem[], free: number): Record<SplitName, number> {
	const sizes = { train: 0, val: 0, test: 0 };
	for (const item of items) if (item.split !== undefined) sizes[item.split]++;
	if (free === 0) return sizes;
	if (free === items.length) return importSizes(free);
	// Some items carry a split: the others top val up to 10 first, then go to train.
	const toVal = Math.min(free, Math.max(0, 10 - sizes.val));
	return { ...sizes, val: sizes.val + toVal, train: sizes.train + free - toVal };
}

function autoMapping(detected: ReturnType<typeof detectColumns>): ColumnMapping | undefined {
	if (detected.input === undefined || detected.answer === undefined) return undefined;
	const mapping: ColumnMapping = { input: detected.input, answer: detected.answer };
	if (detected.id !== undefined) mapping.id = detected.id;
	if (detected.split !== undefined) mapping.split = detected.split;
	return mapping;
}

function withColumns(
	result: { ok: false; format: ImportFormat | null; errors: PackIssue[] },
	columns: string[] | undefined
): ImportResult {
	return columns === undefined ? result : { ...result, columns };
}

/** `GSM8K test.jsonl` → `gsm8k-test`. */
function slug(fileName: string | undefined): string | undefined {
	if (fileName === undefined) return undefined;
	const base = fileName.split(/[\\/]/u).pop() ?? fileName;
	const stem = base.replace(/(\.pack)?\.(jsonl?|csv|ya?ml|txt)$/iu, '');
	const cleaned = stem
		.toLowerCase()
		.replace(/[^a-z0-9]+/gu, '-')
		.replace(/^-|-$/gu, '');
	return cleaned === '' ? undefined : cleaned;
}
