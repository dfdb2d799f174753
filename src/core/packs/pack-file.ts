/**
 * The light half of the pack format: the issue type, the defaults, item locations and writing a
 * pack out. Kept apart from `format.ts` (the reader, with its schemas) so that the code the app
 * needs on first paint does not pull in the pack file's parser, which only imports use.
 */
import type { GateSpec, GenerationSpec, JsonValue, TaskPack, SplitName } from './types.ts';
import { PACK_FORMAT_V1 } from './types.ts';

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

/** `item 3 (id 'x')`, or `val item 3 (id 'x')` inside explicit splits; 3 is the array index. */
export function describeItem(index: number, id: unknown, split?: SplitName): string {
	const where = split === undefined ? `item ${index}` : `${split} item ${index}`;
	return typeof id === 'string' && id !== '' ? `${where} (id '${clipId(id)}')` : where;
}

export function clipId(id: string): string {
	return id.length > 80 ? `${id.slice(0, 80)}…` : id;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
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
