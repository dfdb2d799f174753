/**
 * The top level of a `skillopt-playground.pack.v1` file. Items are only checked to be arrays
 * here: each is read with `itemSchema` once the pack grader's type is known (an item's grader
 * override depends on it), so that its messages can name the item.
 */
import * as v from 'valibot';
import { SPLIT_NAMES } from '../types.ts';
import { closed, m } from '../../schemas/shapes.ts';
import { graderSpec } from './grader.ts';

const F = 'bad-field';
const str = v.string(m(F, '{path} must be a string, got {kind}'));
const o = v.optional;

export const PACK_FIELDS = [
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
] as const;

function section<const E extends v.ObjectEntries>(entries: E, what: string) {
	const names = Object.keys(entries).join(', ');
	return closed(entries, {
		notObject: m(F, `{path} must be ${what}, got {kind}`),
		missing: (key) => m(F, `{parent} needs '${key}'`),
		unknown: () => m('unknown-field', `{parent}: unknown field '{key}' (its fields: ${names})`)
	});
}

const wholeNumber = (min: number, text: string) =>
	v.pipe(
		v.number(m(F, `{path} must be ${text}`)),
		v.integer(m(F, `{path} must be ${text}`)),
		v.minValue(min, m(F, `{path} must be ${text}`))
	);
const between = (min: number, max: number, text: string) =>
	v.pipe(
		v.number(m(F, `{path} must be ${text}`)),
		v.minValue(min, m(F, `{path} must be ${text}`)),
		v.maxValue(max, m(F, `{path} must be ${text}`))
	);

export const promptShape = section(
	{ template: o(str), contract: o(str), systemPrefix: o(str) },
	'an object {template, contract, systemPrefix?}'
);

export const generationShape = section(
	{
		maxTokens: o(wholeNumber(1, 'a whole number > 0')),
		temperature: o(between(0, 2, 'a number from 0 to 2')),
		stop: o(v.array(str, m(F, '{path} must be an array of strings')))
	},
	'an object {maxTokens, temperature, stop}'
);

export const gateShape = section(
	{
		metric: o(
			v.picklist(['hard', 'soft', 'mixed'], m(F, '{path} must be hard, soft or mixed, got {json}'))
		),
		minDeltaItems: o(wholeNumber(1, 'a whole number ≥ 1')),
		mixedWeight: o(between(0, 1, 'between 0 and 1'))
	},
	'an object {metric, minDeltaItems, mixedWeight}'
);

const size = o(wholeNumber(0, 'a whole number ≥ 0'));
export const splitRuleShape = section(
	{ salt: o(str), sizes: o(section({ train: size, val: size, test: size }, '{train, val, test}')) },
	'an object {salt?, sizes}'
);

const list = v.array(v.unknown(), m('bad-items', '{path} must be an array of items, got {kind}'));

const splitsShape = closed(
	{ train: o(list), val: o(list), test: o(list) },
	{
		notObject: m('bad-items', '{path} must be an object with train, val and test, got {kind}'),
		missing: () => m('bad-items', '{path} is missing'),
		unknown: () => m('bad-split', `unknown split '{key}' (splits are ${SPLIT_NAMES.join(', ')})`)
	},
	'bad-split'
);

const id = v.pipe(
	v.string(m(F, '{path} must be a string, got {kind}')),
	v.check((text) => text.trim() !== '', m('missing-field', '{path} must not be empty'))
);

/** The pack's own fields; `format` is checked before this runs (its messages differ). */
export const packShape = closed(
	{
		format: v.unknown(),
		id,
		title: o(str),
		description: o(str),
		license: o(str),
		source: o(str),
		initialSkill: o(str),
		prompt: o(promptShape),
		generation: o(generationShape),
		grader: graderSpec,
		gate: o(gateShape),
		splits: o(splitsShape),
		items: o(list),
		splitRule: o(splitRuleShape)
	},
	{
		notObject: m('not-a-pack', 'a pack must be a JSON object, got {kind}'),
		missing: (key) =>
			m(
				'missing-field',
				key === 'grader' ? 'missing grader (e.g. {"type": "exact"})' : `missing ${key} (a string)`
			),
		unknown: () =>
			m('unknown-field', `unknown field '{key}' (pack fields: ${PACK_FIELDS.join(', ')})`)
	}
);

export type PackShape = v.InferOutput<typeof packShape>;
