/**
 * The versioned pack file, `skillopt-playground.pack.v1`: reading one back (from an import, a
 * store or a share link) and writing one out.
 *
 * A pack file may come from anyone, so `parsePack` checks its shape field by field, the way a
 * restore does: it never trusts a cast, fills the defaults a hand-written pack may leave out
 * (prompt, generation, gate), and reports every problem it finds at once, each pointing at the
 * field and, for items, at the item's position and id. Semantic checks that need graders (gold
 * accepted by its own grader, val size, ...) live in `validate.ts`.
 */
import type { Hasher } from '../ports.ts';
import { assignSplits, proportionalSizes } from './splits.ts';
import type {
	ChatMessage,
	ConstraintCheck,
	ConstraintOp,
	FeatureValue,
	GateSpec,
	GenerationSpec,
	GraderSpec,
	GraderType,
	ItemMeta,
	JsonValue,
	PackItem,
	PromptSpec,
	SplitName,
	SplitRule,
	TaskPack
} from './types.ts';
import { PACK_FORMAT_V1, SPLIT_NAMES } from './types.ts';
import { CONSTRAINT_OPS } from './graders/constraints.ts';

/** One problem found in a pack, with enough location to show it next to the data. */
export interface PackIssue {
	/** Stable machine code, e.g. `missing-input`, `duplicate-id`, `gold-rejected`. */
	code: string;
	/** The full sentence shown to the user, location included. */
	message: string;
	/** JSON path of the offending value, e.g. `items[3].input`. */
	path?: string;
	itemId?: string;
}

export type ParsePackResult =
	{ ok: true; pack: TaskPack; warnings: PackIssue[] } | { ok: false; errors: PackIssue[] };

export const DEFAULT_TEMPLATE = '{{input}}\n\n{{contract}}';

/** What a pack that leaves out `generation` gets. */
export const DEFAULT_GENERATION: GenerationSpec = { maxTokens: 256, temperature: 0, stop: [] };

/** What a pack that leaves out `gate` gets: gate on hard, one item of margin. */
export const DEFAULT_GATE: GateSpec = { metric: 'hard', minDeltaItems: 1, mixedWeight: 0.5 };

export { CONSTRAINT_OPS };

const JSON_FIELD_TYPES = ['string', 'number', 'date', 'noun', 'list'] as const;

/** `item 3 (id 'x')`, or `val item 3 (id 'x')` inside explicit splits; 3 is the array index. */
export function describeItem(index: number, id: unknown, split?: SplitName): string {
	const where = split === undefined ? `item ${index}` : `${split} item ${index}`;
	return typeof id === 'string' && id !== '' ? `${where} (id '${id}')` : where;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonValue(value: unknown): value is JsonValue {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isJsonValue);
	if (isRecord(value)) return Object.values(value).every(isJsonValue);
	return false;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Collects issues under a location prefix. */
class Report {
	readonly errors: PackIssue[] = [];
	readonly warnings: PackIssue[] = [];

	error(code: string, where: string, path: string, text: string, itemId?: string): void {
		this.errors.push(issue(code, where, path, text, itemId));
	}

	warn(code: string, where: string, path: string, text: string, itemId?: string): void {
		this.warnings.push(issue(code, where, path, text, itemId));
	}
}

function issue(
	code: string,
	where: string,
	path: string,
	text: string,
	itemId?: string
): PackIssue {
	const found: PackIssue = { code, message: where === '' ? text : `${where}: ${text}`, path };
	if (itemId !== undefined) found.itemId = itemId;
	return found;
}

// ---------------------------------------------------------------------------------------------
// Grader specs

type ParamKind = 'string' | 'boolean' | 'number' | 'strings' | 'numbers' | 'fields' | 'graders';

const GRADER_PARAMS: Record<GraderType, { required: string[]; params: Record<string, ParamKind> }> =
	{
		exact: {
			required: [],
			params: {
				marker: 'string',
				tag: 'string',
				caseInsensitive: 'boolean',
				collapseSpace: 'boolean',
				aliases: 'strings'
			}
		},
		numeric: {
			required: [],
			params: {
				marker: 'string',
				absTol: 'number',
				relTol: 'number',
				percentAsFraction: 'boolean'
			}
		},
		choice: { required: [], params: { marker: 'string', letters: 'string' } },
		word_list: { required: [], params: { marker: 'string' } },
		regex: { required: ['pattern'], params: { pattern: 'string', flags: 'string' } },
		json_fields: {
			required: ['fields'],
			params: {
				fields: 'fields',
				strictTypes: 'boolean',
				noExtraKeys: 'boolean',
				requireBare: 'boolean',
				absTol: 'number'
			}
		},
		constraints: { required: [], params: {} },
		js: { required: ['code'], params: { code: 'string', timeoutMs: 'number' } },
		all: { required: ['of'], params: { of: 'graders', weights: 'numbers' } },
		any: { required: ['of'], params: { of: 'graders' } }
	};

export const GRADER_TYPES = Object.keys(GRADER_PARAMS) as GraderType[];

function isGraderType(value: unknown): value is GraderType {
	return typeof value === 'string' && Object.hasOwn(GRADER_PARAMS, value);
}

/**
 * Reads a grader spec. With `partialOf`, reads a per-item override: `type` may be left out (the
 * pack's type is meant) and required parameters may come from the pack grader.
 */
function readGrader(
	value: unknown,
	path: string,
	where: string,
	report: Report,
	partialOf?: GraderType
): Record<string, unknown> | undefined {
	if (!isRecord(value)) {
		report.error('bad-grader', where, path, `${path} must be an object, got ${kindOf(value)}`);
		return undefined;
	}
	const type = value['type'] ?? partialOf;
	if (!isGraderType(type)) {
		report.error(
			'bad-grader',
			where,
			`${path}.type`,
			type === undefined
				? `${path} has no type (one of ${GRADER_TYPES.join(', ')})`
				: `${path}.type '${String(type)}' is not a grader type (one of ${GRADER_TYPES.join(', ')})`
		);
		return undefined;
	}
	const table = GRADER_PARAMS[type];
	const out: Record<string, unknown> = { type };
	let ok = true;
	const replaces = partialOf === undefined || type !== partialOf;
	if (replaces) {
		for (const key of table.required) {
			if (value[key] === undefined) {
				report.error('bad-grader', where, `${path}.${key}`, `${path} (${type}) needs '${key}'`);
				ok = false;
			}
		}
	}
	for (const [key, raw] of Object.entries(value)) {
		if (key === 'type') continue;
		const kind = table.params[key];
		if (kind === undefined) {
			report.warn(
				'unknown-field',
				where,
				`${path}.${key}`,
				`${path}: '${key}' is not a parameter of the ${type} grader and was ignored`
			);
			continue;
		}
		const read = readParam(raw, kind, `${path}.${key}`, where, report);
		if (read === undefined) ok = false;
		else out[key] = read;
	}
	if (ok && type === 'all' && Array.isArray(out['weights']) && Array.isArray(out['of'])) {
		if (out['weights'].length !== out['of'].length) {
			report.error(
				'bad-grader',
				where,
				`${path}.weights`,
				`${path}.weights has ${out['weights'].length} entries for ${out['of'].length} graders`
			);
			ok = false;
		}
	}
	return ok ? out : undefined;
}

function readParam(
	raw: unknown,
	kind: ParamKind,
	path: string,
	where: string,
	report: Report
): unknown {
	const bad = (expected: string): undefined => {
		report.error('bad-grader', where, path, `${path} must be ${expected}, got ${kindOf(raw)}`);
		return undefined;
	};
	switch (kind) {
		case 'string':
			return typeof raw === 'string' ? raw : bad('a string');
		case 'boolean':
			return typeof raw === 'boolean' ? raw : bad('true or false');
		case 'number':
			return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0
				? raw
				: bad('a number ≥ 0');
		case 'strings':
			return Array.isArray(raw) && raw.every((s) => typeof s === 'string')
				? [...raw]
				: bad('an array of strings');
		case 'numbers':
			return Array.isArray(raw) && raw.every((n) => typeof n === 'number' && n >= 0)
				? [...raw]
				: bad('an array of numbers ≥ 0');
		case 'fields': {
			if (!isRecord(raw) || Object.keys(raw).length === 0)
				return bad(`an object of field types (${JSON_FIELD_TYPES.join(', ')})`);
			const fields: Record<string, string> = {};
			for (const [name, type] of Object.entries(raw)) {
				if (typeof type !== 'string' || !(JSON_FIELD_TYPES as readonly string[]).includes(type)) {
					report.error(
						'bad-grader',
						where,
						`${path}.${name}`,
						`${path}.${name} must be one of ${JSON_FIELD_TYPES.join(', ')}, got ${JSON.stringify(type)}`
					);
					return undefined;
				}
				fields[name] = type;
			}
			return fields;
		}
		case 'graders': {
			if (!Array.isArray(raw) || raw.length === 0) return bad('a non-empty array of graders');
			const specs: unknown[] = [];
			let ok = true;
			raw.forEach((child, i) => {
				const spec = readGrader(child, `${path}[${i}]`, where, report);
				if (spec === undefined) ok = false;
				else specs.push(spec);
			});
			return ok ? specs : undefined;
		}
	}
}

/** Checks one grader spec on its own (for adapters and the UI's grader editor). */
export function checkGraderSpec(
	value: unknown,
	path = 'grader'
): { ok: true; spec: GraderSpec; warnings: PackIssue[] } | { ok: false; errors: PackIssue[] } {
	const report = new Report();
	const spec = readGrader(value, path, '', report);
	if (spec === undefined) return { ok: false, errors: report.errors };
	return { ok: true, spec: spec as GraderSpec, warnings: report.warnings };
}

// ---------------------------------------------------------------------------------------------
// Items

const ITEM_FIELDS = [
	'id',
	'input',
	'vars',
	'messages',
	'answer',
	'choices',
	'grader',
	'checks',
	'split',
	'meta'
];

const ROLES = ['system', 'user', 'assistant'];

function readItem(
	value: unknown,
	index: number,
	base: string,
	split: SplitName | undefined,
	packGrader: GraderType | undefined,
	report: Report,
	unknownFields: Map<string, number>
): PackItem | undefined {
	const rawId = isRecord(value) ? value['id'] : undefined;
	const where = describeItem(index, rawId, split);
	const path = `${base}[${index}]`;
	const itemId = typeof rawId === 'string' ? rawId : undefined;
	const err = (code: string, field: string, text: string): void =>
		report.error(code, where, field === '' ? path : `${path}.${field}`, text, itemId);
	if (!isRecord(value)) {
		err('bad-item', '', `must be an object, got ${kindOf(value)}`);
		return undefined;
	}
	let ok = true;
	const fail = (code: string, field: string, text: string): void => {
		err(code, field, text);
		ok = false;
	};

	let id: string | undefined;
	if (typeof rawId === 'string' && rawId.trim() !== '') id = rawId;
	else if (typeof rawId === 'number' && Number.isFinite(rawId)) {
		id = String(rawId);
		report.warn('id-number', where, `${path}.id`, `id ${rawId} was read as the string '${id}'`);
	} else
		fail('missing-id', 'id', rawId === undefined ? 'missing id' : 'id must be a non-empty string');

	const item: PackItem = { id: id ?? '' };
	if (value['input'] !== undefined) {
		if (typeof value['input'] === 'string') item.input = value['input'];
		else fail('bad-input', 'input', `input must be a string, got ${kindOf(value['input'])}`);
	}
	if (value['vars'] !== undefined) {
		const vars = value['vars'];
		if (!isRecord(vars)) fail('bad-vars', 'vars', `vars must be an object, got ${kindOf(vars)}`);
		else {
			const out: Record<string, string> = {};
			for (const [name, v] of Object.entries(vars)) {
				if (typeof v === 'string') out[name] = v;
				else if (typeof v === 'number' || typeof v === 'boolean') out[name] = String(v);
				else fail('bad-vars', `vars.${name}`, `vars.${name} must be text, got ${kindOf(v)}`);
			}
			item.vars = out;
		}
	}
	if (value['messages'] !== undefined) {
		const messages = readMessages(value['messages']);
		if (typeof messages === 'string') fail('bad-messages', 'messages', messages);
		else item.messages = messages;
	}
	const hasInput =
		(item.input !== undefined && item.input.trim() !== '') ||
		(item.vars !== undefined && Object.keys(item.vars).length > 0) ||
		(item.messages !== undefined && item.messages.some((m) => m.role === 'user'));
	if (
		!hasInput &&
		value['input'] === undefined &&
		value['vars'] === undefined &&
		value['messages'] === undefined
	)
		fail('missing-input', 'input', 'missing input (needs input, vars or messages)');
	else if (!hasInput && ok) fail('missing-input', 'input', 'input is empty');

	if (value['answer'] !== undefined) {
		if (isJsonValue(value['answer'])) item.answer = value['answer'];
		else fail('bad-answer', 'answer', 'answer must be plain JSON');
	}
	if (value['choices'] !== undefined) {
		const choices = value['choices'];
		if (
			!isRecord(choices) ||
			!Object.entries(choices).every(([k, v]) => /^[A-Z]$/u.test(k) && typeof v === 'string')
		)
			fail(
				'bad-choices',
				'choices',
				'choices must map capital letters to option text, e.g. {"A": "12/25/1937"}'
			);
		else item.choices = { ...(choices as Record<string, string>) };
	}
	if (value['grader'] !== undefined) {
		const spec = readGrader(value['grader'], 'grader', where, report, packGrader);
		if (spec === undefined) ok = false;
		else item.grader = spec as Partial<GraderSpec>;
	}
	if (value['checks'] !== undefined) {
		const checks = readChecks(value['checks'], `${path}.checks`, where, report, itemId);
		if (checks === undefined) ok = false;
		else item.checks = checks;
	}
	if (value['split'] !== undefined) {
		const s = value['split'];
		if (typeof s === 'string' && (SPLIT_NAMES as readonly string[]).includes(s))
			item.split = s as SplitName;
		else fail('bad-split', 'split', `split must be train, val or test, got ${JSON.stringify(s)}`);
	}
	if (value['meta'] !== undefined) {
		const meta = readMeta(value['meta']);
		if (typeof meta === 'string') fail('bad-meta', 'meta', meta);
		else item.meta = meta;
	}
	for (const key of Object.keys(value))
		if (!ITEM_FIELDS.includes(key)) unknownFields.set(key, (unknownFields.get(key) ?? 0) + 1);
	return ok ? item : undefined;
}

function readMessages(value: unknown): ChatMessage[] | string {
	if (!Array.isArray(value) || value.length === 0)
		return 'messages must be a non-empty array of {role, content}';
	const out: ChatMessage[] = [];
	for (const [i, m] of value.entries()) {
		if (!isRecord(m) || typeof m['content'] !== 'string')
			return `messages[${i}] must be {role, content} with text content`;
		const role = m['role'];
		if (typeof role !== 'string' || !ROLES.includes(role))
			return `messages[${i}].role must be system, user or assistant, got ${JSON.stringify(role)}`;
		out.push({ role: role as ChatMessage['role'], content: m['content'] });
	}
	if (!out.some((m) => m.role === 'user')) return 'messages has no user turn';
	return out;
}

function readChecks(
	value: unknown,
	path: string,
	where: string,
	report: Report,
	itemId: string | undefined
): ConstraintCheck[] | undefined {
	if (!Array.isArray(value)) {
		report.error('bad-checks', where, path, `checks must be an array of {op, arg}`, itemId);
		return undefined;
	}
	const out: ConstraintCheck[] = [];
	let ok = true;
	value.forEach((check, i) => {
		const op = isRecord(check) ? check['op'] : undefined;
		if (!isRecord(check) || typeof op !== 'string' || !(CONSTRAINT_OPS as string[]).includes(op)) {
			report.error(
				'unknown-check',
				where,
				`${path}[${i}].op`,
				`checks[${i}]: unknown constraint operation ${JSON.stringify(op)} ` +
					`(known: ${CONSTRAINT_OPS.join(', ')})`,
				itemId
			);
			ok = false;
			return;
		}
		const arg = check['arg'];
		if (arg !== undefined && !isJsonValue(arg)) {
			report.error('unknown-check', where, `${path}[${i}].arg`, `checks[${i}].arg must be JSON`);
			ok = false;
			return;
		}
		out.push(arg === undefined ? { op: op as ConstraintOp } : { op: op as ConstraintOp, arg });
	});
	return ok ? out : undefined;
}

function readMeta(value: unknown): ItemMeta | string {
	if (!isRecord(value)) return `meta must be an object, got ${kindOf(value)}`;
	const meta: ItemMeta = {};
	for (const [key, v] of Object.entries(value)) {
		if (key === 'features') {
			if (!isRecord(v)) return 'meta.features must be an object of strings, numbers or booleans';
			const features: Record<string, FeatureValue> = {};
			for (const [name, f] of Object.entries(v)) {
				if (typeof f !== 'string' && typeof f !== 'number' && typeof f !== 'boolean')
					return `meta.features.${name} must be a string, number or boolean`;
				features[name] = f;
			}
			meta.features = features;
		} else if (key === 'difficulty') {
			if (typeof v !== 'number') return 'meta.difficulty must be a number';
			meta.difficulty = v;
		} else if (isJsonValue(v)) meta[key] = v;
		else return `meta.${key} must be plain JSON`;
	}
	return meta;
}

// ---------------------------------------------------------------------------------------------
// The pack

const PACK_FIELDS = [
	'format',
	'id',
	'title',
	'description',
	'license',
	'source',
	'prompt',
	'generation',
	'grader',
	'gate',
	'initialSkill',
	'splits',
	'items',
	'splitRule'
];

/**
 * Reads a `skillopt-playground.pack.v1` object. Either `splits` (explicit) or `items` with an
 * optional `splitRule` (hash-assigned; without sizes, `proportionalSizes` decides and a warning
 * says so). Returns every problem found, or the pack with warnings.
 */
export async function parsePack(json: unknown, hasher: Hasher): Promise<ParsePackResult> {
	const report = new Report();
	if (!isRecord(json)) {
		report.error('not-a-pack', '', '', `a pack must be a JSON object, got ${kindOf(json)}`);
		return { ok: false, errors: report.errors };
	}
	const format = json['format'];
	if (format !== PACK_FORMAT_V1) {
		const text =
			format === undefined
				? `missing format: expected "format": "${PACK_FORMAT_V1}"`
				: typeof format === 'string' && format.startsWith('skillopt-playground.pack.')
					? `unsupported pack format version '${format}': this app reads ${PACK_FORMAT_V1}`
					: `not a SkillOpt Playground pack: format ${JSON.stringify(format)} is not ${PACK_FORMAT_V1}`;
		report.error('bad-format', '', 'format', text);
		return { ok: false, errors: report.errors };
	}

	const text = (key: string, fallback?: string): string | undefined => {
		const v = json[key];
		if (v === undefined) {
			if (fallback === undefined)
				report.error('missing-field', '', key, `missing ${key} (a string)`);
			return fallback;
		}
		if (typeof v === 'string') return v;
		report.error('bad-field', '', key, `${key} must be a string, got ${kindOf(v)}`);
		return undefined;
	};
	const id = text('id');
	if (id !== undefined && id.trim() === '')
		report.error('missing-field', '', 'id', 'id must not be empty');
	const title = text('title', id ?? '');
	const description = text('description', '');
	const license = json['license'] === undefined ? undefined : text('license');
	const source = json['source'] === undefined ? undefined : text('source');
	const initialSkill = text('initialSkill', '');
	const prompt = readPrompt(json['prompt'], report);
	const generation = readGeneration(json['generation'], report);
	const gate = readGate(json['gate'], report);
	let grader: GraderSpec | undefined;
	if (json['grader'] === undefined)
		report.error('missing-field', '', 'grader', 'missing grader (e.g. {"type": "exact"})');
	else grader = readGrader(json['grader'], 'grader', '', report) as GraderSpec | undefined;
	for (const key of Object.keys(json))
		if (!PACK_FIELDS.includes(key))
			report.warn('unknown-field', '', key, `unknown field '${key}' was ignored`);

	const unknownFields = new Map<string, number>();
	const seen = new Map<string, string>();
	const readList = (value: unknown, base: string, split?: SplitName): PackItem[] => {
		if (!Array.isArray(value)) {
			report.error(
				'bad-items',
				'',
				base,
				`${base} must be an array of items, got ${kindOf(value)}`
			);
			return [];
		}
		const items: PackItem[] = [];
		value.forEach((raw, i) => {
			const item = readItem(raw, i, base, split, grader?.type, report, unknownFields);
			if (item === undefined) return;
			const where = describeItem(i, item.id, split);
			const first = seen.get(item.id);
			if (first !== undefined)
				report.error(
					'duplicate-id',
					where,
					`${base}[${i}].id`,
					`duplicate id '${item.id}' (also ${first})`,
					item.id
				);
			else seen.set(item.id, where);
			items.push(item);
		});
		return items;
	};

	let splits: Record<SplitName, PackItem[]> | undefined;
	let pending: { items: PackItem[]; rule: SplitRule } | undefined;
	const hasSplits = json['splits'] !== undefined;
	const hasItems = json['items'] !== undefined;
	if (hasSplits && hasItems) {
		report.error('bad-items', '', 'items', 'give either splits or items, not both');
	} else if (hasSplits) {
		const raw = json['splits'];
		if (!isRecord(raw)) {
			report.error('bad-items', '', 'splits', `splits must be an object with train, val and test`);
		} else {
			for (const key of Object.keys(raw))
				if (!(SPLIT_NAMES as readonly string[]).includes(key))
					report.error(
						'bad-split',
						'',
						`splits.${key}`,
						`unknown split '${key}' (splits are train, val and test)`
					);
			splits = { train: [], val: [], test: [] };
			for (const name of SPLIT_NAMES)
				if (raw[name] !== undefined) splits[name] = readList(raw[name], `splits.${name}`, name);
			for (const name of SPLIT_NAMES)
				for (const item of splits[name])
					if (item.split !== undefined && item.split !== name)
						report.error(
							'split-conflict',
							`${name} item (id '${item.id}')`,
							`splits.${name}`,
							`sits in ${name} but says "split": "${item.split}"`,
							item.id
						);
		}
	} else if (hasItems) {
		const items = readList(json['items'], 'items');
		const rule = readSplitRule(json['splitRule'], items, report);
		if (rule !== undefined) pending = { items, rule };
	} else {
		report.error('no-items', '', 'items', 'the pack has no items: give splits or items');
	}
	for (const [key, count] of unknownFields)
		report.warn(
			'unknown-field',
			'',
			key,
			`unknown item field '${key}' (on ${count} item${count === 1 ? '' : 's'}) was ignored`
		);

	if (
		report.errors.length > 0 ||
		id === undefined ||
		grader === undefined ||
		prompt === undefined ||
		generation === undefined ||
		gate === undefined
	)
		return { ok: false, errors: report.errors };

	if (pending !== undefined) {
		try {
			const assigned = await assignSplits(pending.items, pending.rule, id, hasher);
			splits = assigned.splits;
			if (assigned.unused > 0)
				report.warn(
					'items-unused',
					'',
					'splitRule.sizes',
					`${assigned.unused} items fall beyond the split sizes and are not used`
				);
		} catch (error) {
			report.error('split-sizes', '', 'splitRule', (error as Error).message);
			return { ok: false, errors: report.errors };
		}
	}
	const pack: TaskPack = {
		format: PACK_FORMAT_V1,
		id,
		title: title ?? id,
		description: description ?? '',
		prompt,
		generation,
		grader,
		gate,
		initialSkill: initialSkill ?? '',
		splits: splits ?? { train: [], val: [], test: [] }
	};
	if (license !== undefined) pack.license = license;
	if (source !== undefined) pack.source = source;
	return { ok: true, pack, warnings: report.warnings };
}

function readPrompt(value: unknown, report: Report): PromptSpec | undefined {
	if (value === undefined) {
		report.warn(
			'default-prompt',
			'',
			'prompt',
			'no prompt given: using "{{input}}" and no contract'
		);
		return { template: DEFAULT_TEMPLATE, contract: '' };
	}
	if (!isRecord(value)) {
		report.error('bad-field', '', 'prompt', `prompt must be an object, got ${kindOf(value)}`);
		return undefined;
	}
	const prompt: PromptSpec = { template: DEFAULT_TEMPLATE, contract: '' };
	let ok = true;
	for (const key of ['template', 'contract', 'systemPrefix'] as const) {
		const v = value[key];
		if (v === undefined) continue;
		if (typeof v !== 'string') {
			report.error('bad-field', '', `prompt.${key}`, `prompt.${key} must be a string`);
			ok = false;
		} else prompt[key] = v;
	}
	for (const key of Object.keys(value))
		if (!['template', 'contract', 'systemPrefix'].includes(key))
			report.warn(
				'unknown-field',
				'',
				`prompt.${key}`,
				`unknown field 'prompt.${key}' was ignored`
			);
	if (ok && prompt.contract.trim() === '')
		report.warn(
			'no-contract',
			'',
			'prompt.contract',
			'prompt.contract is empty: the model is not told how to give its answer'
		);
	return ok ? prompt : undefined;
}

function readGeneration(value: unknown, report: Report): GenerationSpec | undefined {
	if (value === undefined) return { ...DEFAULT_GENERATION, stop: [] };
	if (!isRecord(value)) {
		report.error('bad-field', '', 'generation', `generation must be an object`);
		return undefined;
	}
	const out: GenerationSpec = { ...DEFAULT_GENERATION, stop: [] };
	let ok = true;
	const max = value['maxTokens'];
	if (max !== undefined) {
		if (typeof max === 'number' && Number.isInteger(max) && max > 0) out.maxTokens = max;
		else {
			report.error(
				'bad-field',
				'',
				'generation.maxTokens',
				'generation.maxTokens must be a whole number > 0'
			);
			ok = false;
		}
	}
	const temperature = value['temperature'];
	if (temperature !== undefined) {
		if (typeof temperature === 'number' && temperature >= 0 && temperature <= 2)
			out.temperature = temperature;
		else {
			report.error(
				'bad-field',
				'',
				'generation.temperature',
				'generation.temperature must be a number from 0 to 2'
			);
			ok = false;
		}
	}
	const stop = value['stop'];
	if (stop !== undefined) {
		if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) out.stop = [...stop];
		else {
			report.error(
				'bad-field',
				'',
				'generation.stop',
				'generation.stop must be an array of strings'
			);
			ok = false;
		}
	}
	return ok ? out : undefined;
}

function readGate(value: unknown, report: Report): GateSpec | undefined {
	if (value === undefined) return { ...DEFAULT_GATE };
	if (!isRecord(value)) {
		report.error('bad-field', '', 'gate', 'gate must be an object');
		return undefined;
	}
	const out: GateSpec = { ...DEFAULT_GATE };
	let ok = true;
	const metric = value['metric'];
	if (metric !== undefined) {
		if (metric === 'hard' || metric === 'soft' || metric === 'mixed') out.metric = metric;
		else {
			report.error('bad-field', '', 'gate.metric', 'gate.metric must be hard, soft or mixed');
			ok = false;
		}
	}
	const delta = value['minDeltaItems'];
	if (delta !== undefined) {
		if (typeof delta === 'number' && Number.isInteger(delta) && delta >= 1)
			out.minDeltaItems = delta;
		else {
			report.error(
				'bad-field',
				'',
				'gate.minDeltaItems',
				'gate.minDeltaItems must be a whole number ≥ 1'
			);
			ok = false;
		}
	}
	const weight = value['mixedWeight'];
	if (weight !== undefined) {
		if (typeof weight === 'number' && weight >= 0 && weight <= 1) out.mixedWeight = weight;
		else {
			report.error('bad-field', '', 'gate.mixedWeight', 'gate.mixedWeight must be between 0 and 1');
			ok = false;
		}
	}
	return ok ? out : undefined;
}

function readSplitRule(value: unknown, items: PackItem[], report: Report): SplitRule | undefined {
	const free = items.filter((item) => item.split === undefined).length;
	if (value === undefined) {
		const sizes = proportionalSizes(free);
		if (free > 0)
			report.warn(
				'default-sizes',
				'',
				'splitRule',
				`no splitRule: ${free} items split as train ${sizes.train}, val ${sizes.val}, test ${sizes.test}`
			);
		return { sizes };
	}
	if (!isRecord(value)) {
		report.error('bad-field', '', 'splitRule', 'splitRule must be an object {salt?, sizes}');
		return undefined;
	}
	const salt = value['salt'];
	if (salt !== undefined && typeof salt !== 'string') {
		report.error('bad-field', '', 'splitRule.salt', 'splitRule.salt must be a string');
		return undefined;
	}
	const raw = value['sizes'];
	let sizes: Record<SplitName, number>;
	if (raw === undefined) sizes = proportionalSizes(free);
	else if (!isRecord(raw)) {
		report.error('bad-field', '', 'splitRule.sizes', 'splitRule.sizes must be {train, val, test}');
		return undefined;
	} else {
		sizes = { train: 0, val: 0, test: 0 };
		for (const name of SPLIT_NAMES) {
			const n = raw[name] ?? 0;
			if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
				report.error(
					'bad-field',
					'',
					`splitRule.sizes.${name}`,
					`splitRule.sizes.${name} must be a whole number ≥ 0`
				);
				return undefined;
			}
			sizes[name] = n;
		}
	}
	return salt === undefined ? { sizes } : { salt, sizes };
}

/**
 * The pack as a plain `skillopt-playground.pack.v1` object with explicit splits, ready for
 * `JSON.stringify`. `parsePack(serialisePack(p))` gives back an equal pack.
 */
export function serialisePack(pack: TaskPack): Record<string, JsonValue> {
	const out: Record<string, unknown> = {
		format: PACK_FORMAT_V1,
		id: pack.id,
		title: pack.title,
		description: pack.description
	};
	if (pack.license !== undefined) out['license'] = pack.license;
	if (pack.source !== undefined) out['source'] = pack.source;
	out['prompt'] = pack.prompt;
	out['generation'] = pack.generation;
	out['grader'] = pack.grader;
	out['gate'] = pack.gate;
	out['initialSkill'] = pack.initialSkill;
	out['splits'] = pack.splits;
	// A JSON round trip drops undefined fields and copies, so the result shares nothing with
	// the live pack.
	return JSON.parse(JSON.stringify(out)) as Record<string, JsonValue>;
}
