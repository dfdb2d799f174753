/**
 * The versioned pack file, `skillopt-playground.pack.v1`: reading one back (from an import, a
 * store or a share link) and writing one out.
 *
 * A pack file may come from anyone. Its shape is stated once, as valibot schemas
 * (`schema/*.ts`); `parsePack` runs them, turns every issue into a message that names the field
 * and, for items, the item's position and id, fills the defaults a hand-written pack may leave
 * out (prompt, generation, gate), and adds the checks that look across items (duplicate ids,
 * splits). It never throws on any input. Semantic checks that need graders (gold accepted by its
 * own grader, val size, ...) live in `validate.ts`.
 */
import * as v from 'valibot';
import type { Hasher } from '../ports.ts';
import { errorMessage } from '../errors.ts';
import { isPlainObject, kindOf, tooDeep, type Issue } from '../schemas/shapes.ts';
import { describeValue, formatPath, renderIssue } from '../schemas/issues.ts';
import { assignSplits, proportionalSizes } from './splits.ts';
import type {
	GraderSpec,
	GraderType,
	PackItem,
	PromptSpec,
	SplitName,
	SplitRule,
	TaskPack
} from './types.ts';
import { PACK_FORMAT_V1, SPLIT_NAMES } from './types.ts';
import {
	clipId,
	DEFAULT_GATE,
	DEFAULT_GENERATION,
	DEFAULT_TEMPLATE,
	describeItem,
	type PackIssue,
	type ParsePackResult
} from './pack-file.ts';
import { CONSTRAINT_OPS } from './graders/constraints.ts';
import { GRADER_TYPES, graderSpec } from './schema/grader.ts';
import { itemSchema, type RawItem } from './schema/item.ts';
import { packShape, type PackShape } from './schema/pack.ts';

/** Deeper than any real pack (a JSON answer may nest 64 levels); refused before parsing. */
export const MAX_PACK_DEPTH = 100;

export { CONSTRAINT_OPS, GRADER_TYPES };
export {
	DEFAULT_GATE,
	DEFAULT_GENERATION,
	DEFAULT_TEMPLATE,
	describeItem,
	isRecord,
	serialisePack,
	type PackIssue,
	type ParsePackResult
} from './pack-file.ts';

/** Issues of a schema run at `base`, as pack issues; `where` names the item when there is one. */
function toPackIssues(
	issues: readonly Issue[],
	base: string,
	where: string,
	itemId?: string
): PackIssue[] {
	return issues.map((issue) => {
		const { code, text, path } = renderIssue(issue);
		const rel = formatPath(path);
		const full =
			base === '' ? rel : rel === '' ? base : rel.startsWith('[') ? base + rel : `${base}.${rel}`;
		const found: PackIssue = {
			code,
			message: where === '' ? text : `${where}: ${text}`,
			path: full
		};
		if (itemId !== undefined) found.itemId = itemId;
		return found;
	});
}

/** Checks one grader spec on its own (for adapters and the UI's grader editor). */
export function checkGraderSpec(
	value: unknown,
	path = 'grader'
): { ok: true; spec: GraderSpec; warnings: PackIssue[] } | { ok: false; errors: PackIssue[] } {
	const deep = tooDeep(value, MAX_PACK_DEPTH);
	if (deep !== undefined) return { ok: false, errors: [tooDeepIssue(path, deep)] };
	const result = v.safeParse(graderSpec, value);
	if (result.success) return { ok: true, spec: result.output, warnings: [] };
	return { ok: false, errors: prefixed(result.issues, path) };
}

/** Issues of a grader read at `path`: its messages start with that path. */
function prefixed(issues: readonly Issue[], path: string): PackIssue[] {
	return issues.map((issue) => {
		const { code, text, path: keys } = renderIssue(issue, [path]);
		return { code, message: text, path: formatPath(keys) };
	});
}

function tooDeepIssue(base: string, path: (string | number)[]): PackIssue {
	const keys = [...(base === '' ? [] : [base]), ...path];
	const shown = keys.length > 6 ? `${formatPath(keys.slice(0, 6))}…` : formatPath(keys);
	return {
		code: 'too-deep',
		message: `${shown === '' ? 'the pack' : shown} is nested more than ${MAX_PACK_DEPTH} levels deep`,
		path: formatPath(keys)
	};
}

function formatProblem(format: unknown): string | undefined {
	if (format === PACK_FORMAT_V1) return undefined;
	if (format === undefined) return `missing format: expected "format": "${PACK_FORMAT_V1}"`;
	if (typeof format === 'string' && format.startsWith('skillopt-playground.pack.'))
		return `unsupported pack format version '${clipId(format)}': this app reads ${PACK_FORMAT_V1}`;
	return `not a SkillOpt Playground pack: format ${describeValue(format)} is not ${PACK_FORMAT_V1}`;
}

/** Reads one list of items, keeping each item's position in the file for messages. */
function readList(
	raw: unknown[],
	base: string,
	split: SplitName | undefined,
	packType: GraderType | undefined,
	errors: PackIssue[],
	warnings: PackIssue[]
): { item: PackItem; index: number }[] {
	const schema = itemSchema(packType);
	const items: { item: PackItem; index: number }[] = [];
	raw.forEach((value, index) => {
		const rawId = isPlainObject(value) && Object.hasOwn(value, 'id') ? value['id'] : undefined;
		const where = describeItem(index, rawId, split);
		const path = `${base}[${index}]`;
		const result = v.safeParse(schema, value);
		if (result.success)
			items.push({ item: normalise(result.output, where, path, warnings), index });
		else
			errors.push(
				...toPackIssues(result.issues, path, where, typeof rawId === 'string' ? rawId : undefined)
			);
	});
	return items;
}

function normalise(raw: RawItem, where: string, path: string, warnings: PackIssue[]): PackItem {
	const { id, ...rest } = raw;
	if (typeof id === 'number')
		warnings.push({
			code: 'id-number',
			message: `${where}: id ${id} was read as the string '${String(id)}'`,
			path: `${path}.id`
		});
	const item: PackItem = { id: String(id) };
	for (const [key, value] of Object.entries(rest))
		if (value !== undefined) Object.assign(item, { [key]: value });
	return item;
}

/** Many items with the same unknown field make one message, not one per item. */
function groupUnknownItemFields(errors: PackIssue[]): PackIssue[] {
	const counts = new Map<string, { first: PackIssue; count: number }>();
	const out: PackIssue[] = [];
	for (const error of errors) {
		const field =
			error.code === 'unknown-field' && error.itemId !== undefined
				? error.path?.split('.').at(-1)
				: undefined;
		if (field === undefined) {
			out.push(error);
			continue;
		}
		const seen = counts.get(field);
		if (seen === undefined) {
			counts.set(field, { first: error, count: 1 });
			out.push(error);
		} else seen.count++;
	}
	for (const { first, count } of counts.values())
		if (count > 1) first.message += ` (also on ${count - 1} more item${count === 2 ? '' : 's'})`;
	return out;
}

/**
 * Reads a `skillopt-playground.pack.v1` object. Either `splits` (explicit) or `items` with an
 * optional `splitRule` (hash-assigned; without sizes, `proportionalSizes` decides and a warning
 * says so). Returns every problem found, or the pack with warnings.
 */
export async function parsePack(json: unknown, hasher: Hasher): Promise<ParsePackResult> {
	if (!isPlainObject(json))
		return {
			ok: false,
			errors: [
				{
					code: 'not-a-pack',
					message: `a pack must be a JSON object, got ${kindOf(json)}`,
					path: ''
				}
			]
		};
	const problem = formatProblem(Object.hasOwn(json, 'format') ? json['format'] : undefined);
	if (problem !== undefined)
		return { ok: false, errors: [{ code: 'bad-format', message: problem, path: 'format' }] };
	const deep = tooDeep(json, MAX_PACK_DEPTH);
	if (deep !== undefined) return { ok: false, errors: [tooDeepIssue('', deep)] };

	const result = v.safeParse(packShape, json);
	const errors = result.success ? [] : toPackIssues(result.issues, '', '');
	const warnings: PackIssue[] = [];
	const top = result.output as Partial<PackShape>;
	const rawGrader = isPlainObject(json['grader']) ? json['grader']['type'] : undefined;
	const packType = GRADER_TYPES.find((type) => type === rawGrader);

	const seen = new Map<string, string>();
	const readAndCheck = (raw: unknown, base: string, split?: SplitName): PackItem[] => {
		if (!Array.isArray(raw)) return [];
		const read = readList(raw, base, split, packType, errors, warnings);
		for (const { item, index } of read) {
			const where = describeItem(index, item.id, split);
			const first = seen.get(item.id);
			if (first !== undefined)
				errors.push({
					code: 'duplicate-id',
					message: `${where}: duplicate id '${clipId(item.id)}' (also ${first})`,
					path: `${base}[${index}].id`,
					itemId: item.id
				});
			else seen.set(item.id, where);
		}
		return read.map(({ item }) => item);
	};

	let splits: Record<SplitName, PackItem[]> | undefined;
	let pending: { items: PackItem[]; rule: SplitRule } | undefined;
	const hasSplits = json['splits'] !== undefined;
	const hasItems = json['items'] !== undefined;
	if (hasSplits && hasItems) {
		errors.push({
			code: 'bad-items',
			message: 'give either splits or items, not both',
			path: 'items'
		});
	} else if (hasSplits) {
		const raw = isPlainObject(json['splits']) ? json['splits'] : {};
		splits = { train: [], val: [], test: [] };
		for (const name of SPLIT_NAMES)
			if (Object.hasOwn(raw, name)) splits[name] = readAndCheck(raw[name], `splits.${name}`, name);
		for (const name of SPLIT_NAMES)
			for (const item of splits[name])
				if (item.split !== undefined && item.split !== name)
					errors.push({
						code: 'split-conflict',
						message: `${name} item (id '${clipId(item.id)}'): sits in ${name} but says "split": "${item.split}"`,
						path: `splits.${name}`,
						itemId: item.id
					});
	} else if (hasItems) {
		const items = readAndCheck(json['items'], 'items');
		if (top.splitRule !== undefined || json['splitRule'] === undefined)
			pending = { items, rule: splitRule(top.splitRule, items, warnings) };
	} else {
		errors.push({
			code: 'no-items',
			message: 'the pack has no items: give splits or items',
			path: 'items'
		});
	}

	if (!result.success || errors.length > 0)
		return { ok: false, errors: groupUnknownItemFields(errors) };
	const shape = result.output;

	if (pending !== undefined) {
		try {
			const assigned = await assignSplits(pending.items, pending.rule, shape.id, hasher);
			splits = assigned.splits;
			if (assigned.unused > 0)
				warnings.push({
					code: 'items-unused',
					message: `${assigned.unused} items fall beyond the split sizes and are not used`,
					path: 'splitRule.sizes'
				});
		} catch (error) {
			return {
				ok: false,
				errors: [{ code: 'split-sizes', message: errorMessage(error), path: 'splitRule' }]
			};
		}
	}
	const pack: TaskPack = {
		format: PACK_FORMAT_V1,
		id: shape.id,
		title: shape.title ?? shape.id,
		description: shape.description ?? '',
		prompt: prompt(shape.prompt, warnings),
		generation: { ...DEFAULT_GENERATION, stop: [], ...defined(shape.generation) },
		grader: shape.grader,
		gate: { ...DEFAULT_GATE, ...defined(shape.gate) },
		initialSkill: shape.initialSkill ?? '',
		splits: splits ?? { train: [], val: [], test: [] }
	};
	if (shape.license !== undefined) pack.license = shape.license;
	if (shape.source !== undefined) pack.source = shape.source;
	return { ok: true, pack, warnings };
}

/** The fields of `value` that are set (optional fields come back as `undefined`). */
function defined<T extends object>(value: T | undefined): Partial<T> {
	if (value === undefined) return {};
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function prompt(given: PackShape['prompt'], warnings: PackIssue[]): PromptSpec {
	if (given === undefined) {
		warnings.push({
			code: 'default-prompt',
			message: 'no prompt given: using "{{input}}" and no contract',
			path: 'prompt'
		});
		return { template: DEFAULT_TEMPLATE, contract: '' };
	}
	const out: PromptSpec = { template: DEFAULT_TEMPLATE, contract: '', ...defined(given) };
	if (out.contract.trim() === '')
		warnings.push({
			code: 'no-contract',
			message: 'prompt.contract is empty: the model is not told how to give its answer',
			path: 'prompt.contract'
		});
	return out;
}

function splitRule(
	given: PackShape['splitRule'],
	items: PackItem[],
	warnings: PackIssue[]
): SplitRule {
	const free = items.filter((item) => item.split === undefined).length;
	if (given === undefined) {
		const sizes = proportionalSizes(free);
		if (free > 0)
			warnings.push({
				code: 'default-sizes',
				message: `no splitRule: ${free} items split as train ${sizes.train}, val ${sizes.val}, test ${sizes.test}`,
				path: 'splitRule'
			});
		return { sizes };
	}
	const sizes =
		given.sizes === undefined
			? proportionalSizes(free)
			: { train: given.sizes.train ?? 0, val: given.sizes.val ?? 0, test: given.sizes.test ?? 0 };
	return given.salt === undefined ? { sizes } : { salt: given.salt, sizes };
}
