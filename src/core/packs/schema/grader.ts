/**
 * Grader specs of the pack format, one closed shape per grader type, with the parameters each
 * type takes. The pack's grader is a full spec; an item's override may leave out `type` (the
 * pack's is meant) and the parameters the pack's grader already has. `type` decides the shape
 * before anything else is read, so a `type` that is not a string gets its own message instead
 * of being coerced (`{"type": {"toString": 1}}` used to throw).
 */
import * as v from 'valibot';
import type { GraderSpec, GraderType } from '../types.ts';
import {
	closed,
	dataRecord,
	fromRun,
	isPlainObject,
	m,
	makeIssue,
	pathItem,
	type Issue
} from '../../schemas/shapes.ts';

const CODE = 'bad-grader';

export const JSON_FIELD_TYPES = ['string', 'number', 'date', 'noun', 'list'] as const;

const str = v.string(m(CODE, '{path} must be a string, got {kind}'));
const bool = v.boolean(m(CODE, '{path} must be true or false, got {kind}'));
const nonNegative = v.pipe(
	v.number(m(CODE, '{path} must be a number ≥ 0, got {kind}')),
	v.finite(m(CODE, '{path} must be a number ≥ 0, got {json}')),
	v.minValue(0, m(CODE, '{path} must be a number ≥ 0, got {json}'))
);
const strings = v.array(str, m(CODE, '{path} must be an array of strings, got {kind}'));
const numbers = v.array(nonNegative, m(CODE, '{path} must be an array of numbers ≥ 0, got {kind}'));
const fields = dataRecord(
	v.picklist(
		JSON_FIELD_TYPES,
		m(CODE, `{path} must be one of ${JSON_FIELD_TYPES.join(', ')}, got {json}`)
	),
	{
		notObject: m(
			CODE,
			`{path} must be an object of field types (${JSON_FIELD_TYPES.join(', ')}), got {kind}`
		),
		empty: m(
			CODE,
			`{path} must be an object of field types (${JSON_FIELD_TYPES.join(', ')}), got an empty object`
		)
	}
);

// `of` refers back to the full grader spec.
const children: v.GenericSchema<unknown, GraderSpec[]> = v.lazy(() =>
	v.pipe(
		v.array(graderSpec, m(CODE, '{path} must be a non-empty array of graders, got {kind}')),
		v.minLength(1, m(CODE, '{path} must be a non-empty array of graders, got an empty array'))
	)
);

function shape<const T extends GraderType, const E extends v.ObjectEntries>(type: T, entries: E) {
	const names = Object.keys(entries);
	return closed(
		{ type: v.literal(type), ...entries },
		{
			notObject: m(CODE, '{path} must be an object, got {kind}'),
			missing: (key) => m(CODE, `{parent} (${type}) needs '${key}'`),
			unknown: () =>
				m(
					CODE,
					`{parent}: '{key}' is not a parameter of the ${type} grader (${names.length === 0 ? 'it takes none' : `its parameters: ${names.join(', ')}`})`
				)
		},
		CODE
	);
}

const o = v.optional;

/** The closed shape of each grader type. */
export const GRADER_SHAPES = {
	exact: shape('exact', {
		marker: o(str),
		tag: o(str),
		caseInsensitive: o(bool),
		collapseSpace: o(bool),
		aliases: o(strings)
	}),
	numeric: shape('numeric', {
		marker: o(str),
		absTol: o(nonNegative),
		relTol: o(nonNegative),
		percentAsFraction: o(bool)
	}),
	choice: shape('choice', { marker: o(str), letters: o(str) }),
	word_list: shape('word_list', { marker: o(str) }),
	regex: shape('regex', { pattern: str, flags: o(str) }),
	json_fields: shape('json_fields', {
		fields,
		strictTypes: o(bool),
		noExtraKeys: o(bool),
		requireBare: o(bool),
		absTol: o(nonNegative)
	}),
	constraints: shape('constraints', {}),
	js: shape('js', { code: str, timeoutMs: o(nonNegative) }),
	all: v.pipe(
		shape('all', { of: children, weights: o(numbers) }),
		v.rawCheck(({ dataset, addIssue }) => {
			if (!dataset.typed) return;
			const { of, weights } = dataset.value;
			if (weights !== undefined && weights.length !== of.length)
				addIssue({
					message: m(CODE, `{path} has ${weights.length} entries for ${of.length} graders`),
					path: [pathItem(dataset.value, 'weights', weights)]
				});
		})
	),
	any: shape('any', { of: children })
} satisfies Record<GraderType, v.GenericSchema>;

/** Per-item overrides: the same shapes with every parameter optional. */
const PARTIAL_SHAPES: Record<GraderType, v.GenericSchema> = {
	exact: v.partial(GRADER_SHAPES.exact),
	numeric: v.partial(GRADER_SHAPES.numeric),
	choice: v.partial(GRADER_SHAPES.choice),
	word_list: v.partial(GRADER_SHAPES.word_list),
	regex: v.partial(GRADER_SHAPES.regex),
	json_fields: v.partial(GRADER_SHAPES.json_fields),
	constraints: v.partial(GRADER_SHAPES.constraints),
	js: v.partial(GRADER_SHAPES.js),
	all: v.partial(GRADER_SHAPES.all.pipe[0]),
	any: v.partial(GRADER_SHAPES.any)
};

export const GRADER_TYPES = Object.keys(GRADER_SHAPES) as GraderType[];

function isGraderType(value: unknown): value is GraderType {
	return typeof value === 'string' && Object.hasOwn(GRADER_SHAPES, value);
}

const typeList = `one of ${GRADER_TYPES.join(', ')}`;

/**
 * A grader spec; with `partialOf` (the pack grader's type), an item's override: `type` may be
 * left out, and an override of the same type needs none of its required parameters.
 */
function graderSchemaFor(partialOf?: GraderType): v.GenericSchema<unknown, GraderSpec> {
	return fromRun('grader', (input, config, issues: Issue[]) => {
		if (!isPlainObject(input)) {
			issues.push(makeIssue(m(CODE, '{path} must be an object, got {kind}'), input));
			return input as GraderSpec;
		}
		const given = Object.hasOwn(input, 'type') ? input['type'] : undefined;
		const type = given === undefined ? partialOf : given;
		const at = [pathItem(input, 'type', given)];
		if (!isGraderType(type)) {
			const message =
				type === undefined
					? m(CODE, `{parent} has no type (${typeList})`)
					: typeof type === 'string'
						? m(CODE, `{path} {quoted} is not a grader type (${typeList})`)
						: m(CODE, `{path} must be a string (${typeList}), got {kind}`);
			issues.push(makeIssue(message, given, at));
			return input as GraderSpec;
		}
		const schema =
			partialOf !== undefined && type === partialOf ? PARTIAL_SHAPES[type] : GRADER_SHAPES[type];
		const out = schema['~run']({ value: given === undefined ? { ...input, type } : input }, config);
		issues.push(...(out.issues ?? []));
		const value = out.value as Record<string, unknown>;
		// The override keeps its own spelling: no `type` when it gave none.
		if (given === undefined && isPlainObject(value)) delete value['type'];
		return value as GraderSpec;
	});
}

export const graderSpec: v.GenericSchema<unknown, GraderSpec> = graderSchemaFor();

const overrides = new Map<GraderType | undefined, v.GenericSchema<unknown, Partial<GraderSpec>>>();

/** The per-item override schema for a pack whose grader has type `packType`. */
export function graderOverride(
	packType: GraderType | undefined
): v.GenericSchema<unknown, Partial<GraderSpec>> {
	let schema = overrides.get(packType);
	if (schema === undefined) {
		schema = graderSchemaFor(packType);
		overrides.set(packType, schema);
	}
	return schema;
}

// The shapes and the hand-written `GraderSpec` (used across the graders) must describe the same
// specs; the compiler checks both directions.
type ShapedSpec = v.InferOutput<(typeof GRADER_SHAPES)[GraderType]>;
const toSpec: (spec: ShapedSpec) => GraderSpec = (spec) => spec;
const fromSpec: (spec: GraderSpec) => ShapedSpec = (spec) => spec;
void toSpec;
void fromSpec;
