/**
 * Task-pack data: items with gold answers, the prompt contract, grader specifications and splits.
 *
 * These types are the contract between the generators, the graders, the import adapters, the
 * engines (whose hints carry item features) and the loop. Everything here is plain JSON-safe data
 * so packs can be stored, exported and shared unchanged. Keys are camelCase everywhere.
 */

/** NOTE: persisted and exported; do not change without a format migration. */
export const PACK_FORMAT_V1 = 'skillopt-playground.pack.v1' as const;

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

/** A feature value the scripted engine and the UI can read: small scalars only. */
export type FeatureValue = string | number | boolean;

/** JSON value, for gold answers of structured tasks. */
export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

/** One constraint check for the `constraints` grader. */
export interface ConstraintCheck {
	op: ConstraintOp;
	arg?: JsonValue;
}

export type ConstraintOp =
	| 'minWords'
	| 'maxWords'
	| 'minSentences'
	| 'maxSentences'
	| 'mustInclude'
	| 'mustExclude'
	| 'startsWith'
	| 'endsWith'
	| 'bulletCount'
	| 'paragraphCount'
	| 'isJson'
	| 'allLowercase'
	| 'allUppercase'
	| 'noCommas'
	| 'wrappedInQuotes'
	| 'sectionHeaders';

export interface PackItem {
	/** Unique within the pack; used for split hashing and result caching. */
	id: string;
	/** Substituted for `{{input}}` in the template. One of input / vars / messages is required. */
	input?: string;
	/** `{{name}}` placeholders in the template (promptfoo-compatible). */
	vars?: Record<string, string>;
	/** Chat array; the contract is appended to the last user turn (OpenAI-evals-compatible). */
	messages?: ChatMessage[];
	/** Gold. An array of strings means aliases (any matches); an object is a json_fields gold. */
	answer?: JsonValue;
	/** Options for `choice` when they are not in the input: `{"A": "12/25/1937", ...}`. */
	choices?: Record<string, string>;
	/** Per-item override merged over the pack grader. */
	grader?: Partial<GraderSpec>;
	/** For the `constraints` grader. */
	checks?: ConstraintCheck[];
	/** Explicit split; when absent the pack's split rule decides. */
	split?: SplitName;
	meta?: ItemMeta;
}

export interface ItemMeta {
	/**
	 * Facts about the item that decide which procedural rules it needs (e.g. coin flip:
	 * `people: 4, distractors: true`). The scripted engine simulates a model that needs those rules.
	 */
	features?: Record<string, FeatureValue>;
	difficulty?: number;
	/** Free-form extras (stratification keys, source, description). */
	[key: string]: JsonValue | Record<string, FeatureValue> | undefined;
}

export interface PromptSpec {
	/** Template with `{{input}}`, `{{contract}}` and `{{var}}` placeholders. */
	template: string;
	/** The fixed output contract, e.g. "Finish with a final line: Answer: <number>". */
	contract: string;
	/** Optional fixed text placed before the skill in the system prompt. */
	systemPrefix?: string;
}

export interface GenerationSpec {
	maxTokens: number;
	temperature: number;
	stop: string[];
}

export type GateMetric = 'hard' | 'soft' | 'mixed';

export interface GateSpec {
	metric: GateMetric;
	minDeltaItems: number;
	mixedWeight: number;
}

/** JSON field types for the `json_fields` grader. */
export type JsonFieldType = 'string' | 'number' | 'date' | 'noun' | 'list';

export type GraderSpec =
	| {
			type: 'exact';
			marker?: string;
			tag?: string;
			caseInsensitive?: boolean;
			collapseSpace?: boolean;
			aliases?: string[];
	  }
	| {
			type: 'numeric';
			marker?: string;
			absTol?: number;
			relTol?: number;
			percentAsFraction?: boolean;
	  }
	| { type: 'choice'; marker?: string; letters?: string }
	| { type: 'word_list'; marker?: string }
	| { type: 'regex'; pattern: string; flags?: string }
	| {
			type: 'json_fields';
			fields: Record<string, JsonFieldType>;
			strictTypes?: boolean;
			noExtraKeys?: boolean;
			requireBare?: boolean;
			absTol?: number;
	  }
	| { type: 'constraints' }
	| { type: 'js'; code: string; timeoutMs?: number }
	| { type: 'all'; of: GraderSpec[]; weights?: number[] }
	| { type: 'any'; of: GraderSpec[] };

export type GraderType = GraderSpec['type'];

/** What a grader returns for one output. */
export interface GradeResult {
	/** Strict: correct *and* on the contract line. 0 or 1 (fractional only for combinators). */
	hard: number;
	/** Partial credit in [0, 1]. */
	soft: number;
	/** One line a person can read, e.g. "expected 15, found 14 on the Answer line". */
	explanation: string;
}

/** A grader bound to its spec. Asynchronous so that sandboxed (JS predicate) graders fit. */
export interface Grader {
	readonly spec: GraderSpec;
	grade(output: string, item: PackItem): Promise<GradeResult>;
}

/** Runs user-written predicate code somewhere safe (a sandboxed worker in the browser). */
export interface PredicateRunner {
	run(
		code: string,
		output: string,
		item: PackItem,
		timeoutMs: number
	): Promise<boolean | number | { hard: number; soft: number }>;
}

export interface SplitRule {
	/** Defaults to the pack id. */
	salt?: string;
	sizes: Record<SplitName, number>;
}

/** A pack in memory, with its items already assigned to splits. */
export interface TaskPack {
	format: typeof PACK_FORMAT_V1;
	id: string;
	title: string;
	description: string;
	license?: string;
	source?: string;
	prompt: PromptSpec;
	generation: GenerationSpec;
	grader: GraderSpec;
	gate: GateSpec;
	initialSkill: string;
	splits: Record<SplitName, PackItem[]>;
}

/** A built-in, generated task family. */
export interface TaskFamily {
	/** One of the nine built-in ids, e.g. `coin-flip`. */
	id: string;
	title: string;
	description: string;
	prompt: PromptSpec;
	generation: GenerationSpec;
	grader: GraderSpec;
	initialSkill: string;
	/** Default split sizes; val is 24–40 so a val pass stays short on a laptop GPU. */
	defaultSizes: Record<SplitName, number>;
	/** Difficulty levels offered (1 = easiest). */
	difficulties: readonly number[];
	defaultDifficulty: number;
	/**
	 * Deterministic: the same (seed, index, difficulty) always gives the same item. Item ids are
	 * `${familyId}#${seed}-${index}` so that items of different seeds never collide.
	 */
	generate(seed: number, index: number, difficulty: number): PackItem;
	/**
	 * Solve an item from its input text alone (independently of the generator's bookkeeping), so
	 * hand-written items can be checked against the family's own logic.
	 */
	solve(input: string): JsonValue;
}
