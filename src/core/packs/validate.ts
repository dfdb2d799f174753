/**
 * Semantic validation of a pack before anything runs: the checks that a shape check cannot make,
 * because they need the graders (does the grader accept the pack's own gold?) or look across
 * items (duplicate ids, an id in two splits, val size).
 *
 * The grader factory is passed in rather than imported, so this module stays independent of how
 * graders are built (and of the sandbox a `js` grader needs, which validation never calls).
 * Errors block a run; warnings are shown and may be accepted.
 */
import { parseGoldNumber } from './adapters/common.ts';
import type { PackIssue } from './pack-file.ts';
import { describeItem, isRecord } from './pack-file.ts';
import { compileChecks, effectiveSpec } from './graders/index.ts';
import type { ConstraintOp, Grader, GraderSpec, PackItem, SplitName, TaskPack } from './types.ts';
import { SPLIT_NAMES } from './types.ts';
import { errorMessage } from '../errors.ts';

export interface ValidateOptions {
	/** The graders module's `createGrader`; it throws for an invalid spec. */
	createGrader: (spec: GraderSpec) => Grader;
	/** How many items whose gold the grader rejects are listed one by one (default 5). */
	maxGoldFailures?: number;
	/** The smallest val split allowed (default 10). */
	minValItems?: number;
}

export interface ValidationReport {
	errors: PackIssue[];
	warnings: PackIssue[];
}

/**
 * Constraint operations that only look at the form of an answer. A pack checked only by these
 * (or by regexes with no literal text) can be "solved" by formatting alone, which the optimiser
 * will find; SkillOpt-Sleep warns about the same thing.
 */
const SHAPE_OPS: ReadonlySet<ConstraintOp> = new Set<ConstraintOp>([
	'minWords',
	'maxWords',
	'minSentences',
	'maxSentences',
	'bulletCount',
	'paragraphCount',
	'isJson',
	'allLowercase',
	'allUppercase',
	'noCommas',
	'wrappedInQuotes',
	'sectionHeaders'
]);

const GOLD_TYPES: ReadonlySet<GraderSpec['type']> = new Set([
	'exact',
	'numeric',
	'choice',
	'word_list',
	'json_fields'
]);

interface Located {
	item: PackItem;
	split: SplitName;
	index: number;
	where: string;
	path: string;
}

/** Runs every check (see the module comment) and returns errors and warnings. */
export async function validatePack(
	pack: TaskPack,
	options: ValidateOptions
): Promise<ValidationReport> {
	const errors: PackIssue[] = [];
	const warnings: PackIssue[] = [];
	const add = (
		list: PackIssue[],
		code: string,
		text: string,
		at?: Located,
		field?: string
	): void => {
		const found: PackIssue = { code, message: at === undefined ? text : `${at.where}: ${text}` };
		if (at !== undefined) {
			found.path = field === undefined ? at.path : `${at.path}.${field}`;
			found.itemId = at.item.id;
		}
		list.push(found);
	};

	const located: Located[] = [];
	for (const split of SPLIT_NAMES)
		pack.splits[split].forEach((item, index) =>
			located.push({
				item,
				split,
				index,
				where: describeItem(index, item.id, split),
				path: `splits.${split}[${index}]`
			})
		);

	// Ids: unique within a split, and never in two splits.
	const firstSeen = new Map<string, Located>();
	for (const at of located) {
		const first = firstSeen.get(at.item.id);
		if (first === undefined) firstSeen.set(at.item.id, at);
		else if (first.split === at.split)
			add(errors, 'duplicate-id', `duplicate id '${at.item.id}' (also ${first.where})`, at, 'id');
		else
			add(
				errors,
				'id-in-two-splits',
				`id '${at.item.id}' is in both ${first.split} and ${at.split}`,
				at,
				'id'
			);
	}

	const minVal = options.minValItems ?? 10;
	if (pack.splits.val.length < minVal)
		add(
			errors,
			'val-too-small',
			`val has ${pack.splits.val.length} items; at least ${minVal} are needed for a meaningful gate`
		);

	// Graders: compile each distinct effective spec once.
	const compiled = new Map<string, Grader | string>();
	const graderFor = (spec: GraderSpec): Grader | string => {
		const key = JSON.stringify(spec);
		let entry = compiled.get(key);
		if (entry === undefined) {
			try {
				entry = options.createGrader(spec);
			} catch (error) {
				entry = errorMessage(error);
			}
			compiled.set(key, entry);
		}
		return entry;
	};
	const packGrader = graderFor(pack.grader);
	if (typeof packGrader === 'string') add(errors, graderCode(packGrader), `grader: ${packGrader}`);

	const goldFailures: { at: Located; text: string }[] = [];
	let allShapeOnly = located.length > 0;
	let hasCode = false;
	for (const at of located) {
		const { item } = at;
		if (!hasInput(item))
			add(errors, 'missing-input', 'missing input (needs input, vars or messages)', at, 'input');
		const spec = effectiveSpec(pack.grader, item);
		if (containsType(spec, 'js')) hasCode = true;
		if (!isShapeOnly(spec, item)) allShapeOnly = false;

		if (item.grader !== undefined) {
			const own = graderFor(spec);
			if (typeof own === 'string') {
				add(errors, graderCode(own), `grader: ${own}`, at, 'grader');
				continue;
			}
		} else if (typeof packGrader === 'string') continue;

		const problems = answerProblems(spec, item);
		for (const problem of problems) add(errors, 'answer-type', problem, at, 'answer');
		if (problems.length > 0 || !hasGold(spec)) continue;
		const grader = graderFor(spec);
		if (typeof grader === 'string') continue;
		const output = renderGold(spec, item);
		const graded = await grader.grade(output, item);
		if (graded.hard !== 1)
			goldFailures.push({ at, text: `${graded.explanation} (graded ${JSON.stringify(output)})` });
	}

	const shown = options.maxGoldFailures ?? 5;
	for (const { at, text } of goldFailures.slice(0, shown))
		add(
			errors,
			'gold-rejected',
			`the grader rejects the item's own gold answer: ${text}`,
			at,
			'answer'
		);
	if (goldFailures.length > shown)
		add(
			errors,
			'gold-rejected',
			`the grader rejects the gold answer of ${goldFailures.length - shown} more items`
		);

	if (allShapeOnly)
		add(
			warnings,
			'shape-only',
			'every check in this pack is about form (length, headings, bullets, JSON shape...): the ' +
				'optimiser can satisfy them by formatting alone, without solving the task'
		);
	if (hasCode)
		add(
			warnings,
			'contains-code',
			'this pack contains code (a js grader): it runs in a sandbox when items are graded'
		);
	return { errors, warnings };
}

/** A regex that does not compile gets its own code, so the UI can point at the pattern. */
function graderCode(message: string): string {
	return /does not compile/u.test(message) ? 'bad-regex' : 'bad-grader';
}

/** Whether an item has something to put in the prompt: input text, vars or a user message. */
export function hasInput(item: PackItem): boolean {
	return (
		(item.input !== undefined && item.input.trim() !== '') ||
		(item.vars !== undefined && Object.keys(item.vars).length > 0) ||
		(item.messages !== undefined && item.messages.some((m) => m.role === 'user'))
	);
}

function containsType(spec: GraderSpec, type: GraderSpec['type']): boolean {
	if (spec.type === type) return true;
	return (spec.type === 'all' || spec.type === 'any') && spec.of.some((s) => containsType(s, type));
}

/** Whether a grader compares against the item's gold (so the gold can be checked through it). */
function hasGold(spec: GraderSpec): boolean {
	if (spec.type === 'all') return spec.of.every(hasGold);
	if (spec.type === 'any') return spec.of.some(hasGold);
	return GOLD_TYPES.has(spec.type);
}

/** The first gold-bearing leaf: it decides how the gold is written for the self-check. */
function goldLeaf(spec: GraderSpec): GraderSpec | undefined {
	if (spec.type === 'all' || spec.type === 'any') {
		for (const child of spec.of) {
			const leaf = goldLeaf(child);
			if (leaf !== undefined) return leaf;
		}
		return undefined;
	}
	return GOLD_TYPES.has(spec.type) ? spec : undefined;
}

/** The gold as a model following the contract would write it. */
export function renderGold(spec: GraderSpec, item: PackItem): string {
	const leaf = goldLeaf(spec) ?? spec;
	const answer = item.answer ?? (leaf.type === 'exact' ? leaf.aliases?.[0] : undefined);
	if (leaf.type === 'json_fields') return JSON.stringify(answer);
	const first = Array.isArray(answer) && leaf.type !== 'word_list' ? answer[0] : answer;
	const text = Array.isArray(first)
		? first.map(String).join(' ')
		: typeof first === 'string'
			? first
			: JSON.stringify(first);
	if (leaf.type === 'exact' && leaf.tag !== undefined) return `<${leaf.tag}>${text}</${leaf.tag}>`;
	const marker = 'marker' in leaf && leaf.marker !== undefined ? leaf.marker : 'Answer:';
	return `${marker.trim()} ${text}`;
}

/** Whether the gold answer has the type the grader needs; one message per problem. */
function answerProblems(spec: GraderSpec, item: PackItem): string[] {
	const answer = item.answer;
	switch (spec.type) {
		case 'exact':
		case 'word_list':
			if (answer === undefined && !(spec.type === 'exact' && (spec.aliases?.length ?? 0) > 0))
				return [`missing answer (the ${spec.type} grader compares with one)`];
			if (answer !== undefined && isRecord(answer))
				return [`the ${spec.type} grader needs a text answer, got an object`];
			return [];
		case 'numeric': {
			if (answer === undefined) return ['missing answer (the numeric grader compares with one)'];
			const values = Array.isArray(answer) ? answer : [answer];
			const bad = values.find((v) => parseGoldNumber(v) === undefined);
			return bad === undefined ? [] : [`numeric gold must be a number, got ${JSON.stringify(bad)}`];
		}
		case 'choice': {
			if (answer === undefined) return ['missing answer (the choice grader needs a letter)'];
			const values = Array.isArray(answer) ? answer : [answer];
			const letters = (spec.letters ?? 'ABCDEFGHIJKLMNOPQR').toUpperCase();
			const letter = values
				.map((v) => (typeof v === 'string' ? /^\(?([A-Z])\)?$/u.exec(v.trim())?.[1] : undefined))
				.find((l) => l !== undefined);
			if (letter === undefined)
				return [`choice gold must be a letter such as 'B', got ${JSON.stringify(answer)}`];
			if (!letters.includes(letter.toUpperCase()))
				return [`choice gold '${letter}' is not one of the letters ${letters}`];
			if (item.choices !== undefined && item.choices[letter.toUpperCase()] === undefined)
				return [`choice gold '${letter}' is not among the item's choices`];
			return [];
		}
		case 'json_fields': {
			if (!isRecord(answer))
				return [`json_fields gold must be an object with ${Object.keys(spec.fields).join(', ')}`];
			const problems: string[] = [];
			for (const [field, type] of Object.entries(spec.fields)) {
				if (!(field in answer)) {
					problems.push(`json_fields gold has no '${field}' field`);
					continue;
				}
				const value = answer[field];
				if (value === null) continue;
				const fits =
					type === 'number'
						? typeof value === 'number'
						: type === 'list'
							? Array.isArray(value)
							: typeof value === 'string';
				if (!fits)
					problems.push(
						`json_fields gold '${field}' should be ${type === 'list' ? 'a list' : `a ${type === 'number' ? 'number' : 'string'}`}, got ${JSON.stringify(value)}`
					);
			}
			return problems;
		}
		case 'constraints':
			if (item.checks === undefined || item.checks.length === 0)
				return ['the constraints grader needs checks on the item, and it has none'];
			try {
				compileChecks(item.checks);
				return [];
			} catch (error) {
				return [errorMessage(error)];
			}
		case 'all':
		case 'any': {
			const problems = spec.of.flatMap((child) => answerProblems(child, item));
			return [...new Set(problems)];
		}
		case 'regex':
		case 'js':
			return [];
	}
}

/**
 * Whether a grader checks only form. A regex is form-only when, with escapes, classes and
 * quantifiers removed, no letter or digit is left (`^#{1,3} `, `^.{0,200}$`), as opposed to
 * `Paris` or `Answer:\s*42`.
 */
function isShapeOnly(spec: GraderSpec, item: PackItem): boolean {
	switch (spec.type) {
		case 'regex':
			return !/[\p{L}\p{N}]/u.test(
				spec.pattern
					.replace(/\\[pPu]\{[^}]*\}/gu, '')
					.replace(/\\./gu, '')
					.replace(/\[[^\]]*\]/gu, '')
					.replace(/\{\d*,?\d*\}/gu, '')
					.replace(/\(\?<?[=!]?(?:<[^>]*>)?/gu, '')
			);
		case 'constraints':
			return (item.checks ?? []).every((check) => SHAPE_OPS.has(check.op));
		case 'all':
		case 'any':
			return spec.of.every((child) => isShapeOnly(child, item));
		default:
			return false;
	}
}
