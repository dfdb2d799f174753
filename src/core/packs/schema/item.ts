/**
 * The shape of one pack item. Ids may be written as numbers (read as strings, with a warning);
 * `vars`, `meta` and `answer` hold the user's own keys, kept as data whatever their names.
 * Whether the item has any input at all is checked here too, since it needs only the item.
 */
import * as v from 'valibot';
import { CONSTRAINT_OPS } from '../graders/constraints.ts';
import type { FeatureValue, GraderType, ItemMeta } from '../types.ts';
import { SPLIT_NAMES } from '../types.ts';
import {
	closed,
	dataRecord,
	fromRun,
	isPlainObject,
	jsonValue,
	m,
	makeIssue,
	pathItem,
	runAt,
	setOwn
} from '../../schemas/shapes.ts';
import { graderOverride } from './grader.ts';

export const ITEM_FIELDS = [
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
] as const;

const ROLES = ['system', 'user', 'assistant'] as const;

const id = fromRun<string | number>('id', (input, _config, issues) => {
	if (
		(typeof input === 'string' && input.trim() !== '') ||
		(typeof input === 'number' && Number.isFinite(input))
	)
		return input;
	issues.push(makeIssue(m('missing-id', '{path} must be a non-empty string'), input));
	return '';
});

const text = fromRun<string>('text', (input, _config, issues) => {
	if (typeof input === 'string') return input;
	if (typeof input === 'number' || typeof input === 'boolean') return String(input);
	issues.push(makeIssue(m('bad-vars', '{path} must be text, got {kind}'), input));
	return '';
});

const message = closed(
	{
		role: v.picklist(
			ROLES,
			m('bad-messages', '{path} must be system, user or assistant, got {json}')
		),
		content: v.string(m('bad-messages', '{path} must be text, got {kind}'))
	},
	{
		notObject: m('bad-messages', '{path} must be {role, content} with text content, got {kind}'),
		missing: (key) => m('bad-messages', `{parent} needs '${key}'`),
		unknown: () => m('bad-messages', "{parent}: '{key}' is not part of a message (role, content)")
	},
	'bad-messages'
);

const messages = v.pipe(
	v.array(
		message,
		m('bad-messages', '{path} must be a non-empty array of {role, content}, got {kind}')
	),
	v.minLength(1, m('bad-messages', '{path} must be a non-empty array of {role, content}')),
	v.check(
		(list) => list.some((turn) => turn.role === 'user'),
		m('bad-messages', '{path} has no user turn')
	)
);

const choices = dataRecord(
	v.string(m('bad-choices', '{path} must be the option text, got {kind}')),
	{
		notObject: m(
			'bad-choices',
			'{path} must map capital letters to option text, e.g. {"A": "12/25/1937"}'
		),
		key: {
			test: (key) => /^[A-Z]$/u.test(key),
			message: m(
				'bad-choices',
				'{parent}: \'{key}\' is not a capital letter (choices map letters to option text, e.g. {"A": "12/25/1937"})'
			)
		}
	}
);

const check = closed(
	{
		op: v.picklist(
			CONSTRAINT_OPS,
			m(
				'unknown-check',
				`{parent}: unknown constraint operation {json} (known: ${CONSTRAINT_OPS.join(', ')})`
			)
		),
		arg: v.optional(jsonValue('unknown-check'))
	},
	{
		notObject: m('unknown-check', '{path} must be {op, arg}, got {kind}'),
		missing: () =>
			m(
				'unknown-check',
				`{parent}: unknown constraint operation undefined (known: ${CONSTRAINT_OPS.join(', ')})`
			),
		unknown: () => m('unknown-check', "{parent}: '{key}' is not part of a check (op, arg)")
	},
	'unknown-check'
);

const checks = v.array(check, m('bad-checks', '{path} must be an array of {op, arg}, got {kind}'));

const feature = fromRun<FeatureValue>('feature', (input, _config, issues) => {
	if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean')
		return input;
	issues.push(
		makeIssue(m('bad-meta', '{path} must be a string, number or boolean, got {kind}'), input)
	);
	return '';
});
const features = dataRecord(feature, {
	notObject: m('bad-meta', '{path} must be an object of strings, numbers or booleans, got {kind}')
});
const difficulty = v.pipe(
	v.number(m('bad-meta', '{path} must be a number, got {kind}')),
	v.finite(m('bad-meta', '{path} must be a finite number'))
);
const extra = jsonValue('bad-meta');

/** `meta`: `features` and `difficulty` have a shape; any other key is free-form JSON. */
const meta = fromRun<ItemMeta>('meta', (input, config, issues) => {
	const out: ItemMeta = {};
	if (!isPlainObject(input)) {
		issues.push(makeIssue(m('bad-meta', '{path} must be an object, got {kind}'), input));
		return out;
	}
	for (const key of Object.keys(input)) {
		const schema = key === 'features' ? features : key === 'difficulty' ? difficulty : extra;
		const read = runAt(schema, input, key, input[key], config, issues);
		if (read.ok) setOwn(out, key, read.value);
	}
	return out;
});

function itemShape(packType: GraderType | undefined) {
	return closed(
		{
			id,
			input: v.optional(v.string(m('bad-input', '{path} must be a string, got {kind}'))),
			vars: v.optional(
				dataRecord(text, { notObject: m('bad-vars', '{path} must be an object, got {kind}') })
			),
			messages: v.optional(messages),
			answer: v.optional(jsonValue('bad-answer')),
			choices: v.optional(choices),
			grader: v.optional(graderOverride(packType)),
			checks: v.optional(checks),
			split: v.optional(
				v.picklist(SPLIT_NAMES, m('bad-split', '{path} must be train, val or test, got {json}'))
			),
			meta: v.optional(meta)
		},
		{
			notObject: m('bad-item', 'must be an object, got {kind}'),
			missing: (key) => m(key === 'id' ? 'missing-id' : 'bad-item', `missing ${key}`),
			unknown: () =>
				m('unknown-field', `unknown item field '{key}' (item fields: ${ITEM_FIELDS.join(', ')})`)
		}
	);
}

type ItemShape = ReturnType<typeof itemShape>;
/** An item as read, before its id is normalised to a string. */
export type RawItem = v.InferOutput<ItemShape>;

function hasInput(item: Partial<RawItem>): boolean {
	return (
		(typeof item.input === 'string' && item.input.trim() !== '') ||
		(isPlainObject(item.vars) && Object.keys(item.vars).length > 0) ||
		(Array.isArray(item.messages) &&
			item.messages.some((turn) => isPlainObject(turn) && turn.role === 'user'))
	);
}

function withInputCheck(schema: ItemShape) {
	return v.pipe(
		schema,
		v.rawCheck(({ dataset, addIssue }) => {
			const item = dataset.value as Partial<RawItem>;
			if (!isPlainObject(item) || hasInput(item)) return;
			const given =
				item.input !== undefined || item.vars !== undefined || item.messages !== undefined;
			if (!given)
				addIssue({
					message: m('missing-input', 'missing input (needs input, vars or messages)'),
					path: [pathItem(item, 'input', undefined)]
				});
			else if (dataset.typed)
				addIssue({
					message: m('missing-input', 'input is empty'),
					path: [pathItem(item, 'input', item.input)]
				});
		})
	);
}

const items = new Map<GraderType | undefined, ReturnType<typeof withInputCheck>>();

/** The item schema for a pack whose grader has type `packType` (overrides depend on it). */
export function itemSchema(packType: GraderType | undefined): ReturnType<typeof withInputCheck> {
	let schema = items.get(packType);
	if (schema === undefined) {
		schema = withInputCheck(itemShape(packType));
		items.set(packType, schema);
	}
	return schema;
}
