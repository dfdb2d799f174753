/**
 * Scenarios for the scripted engine, declared as plain JSON-safe data.
 *
 * One scenario fixes everything the simulation does: the seed, how the simulated executor reacts
 * to a skill (accuracy, penalties, label noise, length pressure), which imperfections the
 * simulated optimiser shows and how often, latency, slow streaming and named pause points. Unit
 * tests, end-to-end tests (`?engine=scripted&scenario=<name>`) and the benchmark all pick
 * scenarios from here, so a regression seen at one level reproduces at the others (chat-ui's
 * `SCENARIOS … satisfies` pattern). Scenarios coming from outside (a URL, a fixture file) go
 * through `parseScenario`, which validates, fills defaults and names the offending field.
 */
import type { OptimiserStage } from '../../../src/core/ports.ts';

/** How the simulated executor reacts to a skill. Probabilities are in [0, 1]. */
export interface ExecutorKnobs {
	/** p(correct) for an item when the skill states every lesson it needs. */
	baseAccuracy: number;
	/** Subtracted from p(correct) for each lesson the item needs that the skill lacks. */
	missingLessonPenalty: number;
	/** Subtracted from p(correct) for each harmful lesson present that hurts the item. */
	harmfulLessonPenalty: number;
	/** Chance the answer still lands on the contract line when a needed format lesson is missing. */
	contractRateWithoutFormat: number;
	/** Fraction of items that are wrong whatever the skill says (val never reaches 100%). */
	labelNoiseRate: number;
	/** Skill length (approximate tokens) up to which no length penalty applies. */
	lengthBudgetTokens: number;
	/** Width of a length bucket past the budget, in approximate tokens. */
	lengthBucketTokens: number;
	/** Subtracted from p(correct) per length bucket past the budget. */
	lengthDecayPerBucket: number;
	/** Fixed accuracy on tasks without lessons (imported data): a weak model. */
	unknownTaskAccuracy: number;
}

/** Imperfections of the simulated optimiser, each drawn per call (or per edit) from the seed. */
export interface OptimiserKnobs {
	/** Per edit: replaced by a harmful lesson's phrasing (the gate must reject it). */
	harmfulEditRate: number;
	/** Per edit: the anchor is a paraphrase not found in the skill (unmatched / append fallback). */
	paraphrasedAnchorRate: number;
	/** Per edit: the anchor is text that occurs more than once in the skill (ambiguous). */
	duplicateAnchorRate: number;
	/** Per call: the JSON is truncated or wrapped in prose. */
	malformedJsonRate: number;
	/** Per call: only whitespace until max tokens (finish `length`). */
	whitespaceUntilMaxTokensRate: number;
	/** Per call: the call throws a `SimulatedModelError`. */
	errorRate: number;
}

export type ScriptedRole = 'executor' | 'optimiser';

/** Stream one token at a time with a delay, so tests can abort mid-stream. */
export interface SlowStream {
	roles: ScriptedRole[];
	tokenDelayMs: number;
}

/** Which call a pause point waits at: the `occurrence`-th call (1-based) matching the filters. */
export interface PauseWhen {
	role?: ScriptedRole;
	stage?: OptimiserStage;
	itemId?: string;
	occurrence: number;
}

/** When reached, the engine reports `onPause(name)` and waits for `release(name)`. */
export interface PausePoint {
	name: string;
	when: PauseWhen;
}

export interface Scenario {
	name: string;
	/** One line: what the scenario simulates (shown where scenarios are picked). */
	description: string;
	/** One line: what a person watching a run should look for. */
	lookFor: string;
	seed: string;
	executor: ExecutorKnobs;
	optimiser: OptimiserKnobs;
	/** Delay before the first token of every call, in milliseconds. */
	latencyMs: number;
	slowStream: SlowStream | null;
	pauses: PausePoint[];
	/** The qualitative outcome a loop run against this scenario should show. */
	expected: string;
}

/** A scenario as written by hand: every field optional except what the defaults cannot know. */
export type ScenarioInput = Partial<Omit<Scenario, 'executor' | 'optimiser'>> & {
	executor?: Partial<ExecutorKnobs>;
	optimiser?: Partial<OptimiserKnobs>;
};

/** A scenario failed validation; `path` names the field (e.g. `executor.baseAccuracy`). */
export class ScenarioError extends Error {
	readonly path: string;
	constructor(path: string, message: string) {
		super(path === '' ? message : `scenario.${path}: ${message}`);
		this.name = 'ScenarioError';
		this.path = path;
	}
}

/** A scenario name that is not declared in `SCENARIOS`. */
export class UnknownScenarioError extends Error {
	constructor(name: string) {
		super(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}`);
		this.name = 'UnknownScenarioError';
	}
}

const DEFAULT_EXECUTOR: ExecutorKnobs = {
	baseAccuracy: 0.95,
	missingLessonPenalty: 0.3,
	harmfulLessonPenalty: 0.4,
	contractRateWithoutFormat: 0.3,
	labelNoiseRate: 0.05,
	lengthBudgetTokens: 600,
	lengthBucketTokens: 150,
	lengthDecayPerBucket: 0.08,
	unknownTaskAccuracy: 0.35
};

const NO_IMPERFECTIONS: OptimiserKnobs = {
	harmfulEditRate: 0,
	paraphrasedAnchorRate: 0,
	duplicateAnchorRate: 0,
	malformedJsonRate: 0,
	whitespaceUntilMaxTokensRate: 0,
	errorRate: 0
};

const DEFAULT_OPTIMISER: OptimiserKnobs = {
	harmfulEditRate: 0.15,
	paraphrasedAnchorRate: 0.1,
	duplicateAnchorRate: 0.05,
	malformedJsonRate: 0.05,
	whitespaceUntilMaxTokensRate: 0.02,
	errorRate: 0.02
};

const DEFAULT_SCENARIO: Scenario = {
	name: 'default',
	description: 'A small model that responds to the skill, with a mildly imperfect optimiser.',
	lookFor: 'Val climbs over the epochs while the gate rejects the odd harmful or unmatched edit.',
	seed: 'scripted-default',
	executor: DEFAULT_EXECUTOR,
	optimiser: DEFAULT_OPTIMISER,
	latencyMs: 0,
	slowStream: null,
	pauses: [],
	expected:
		'Val rises from the seed skill towards 70% or more within 3 epochs; some harmful or ' +
		'unmatched edits are rejected or reported on the way; no stage failure stops the run.'
};

/** The named scenarios. Keys are the names used in `?scenario=` and by the benchmark. */
export const SCENARIOS = {
	default: DEFAULT_SCENARIO,
	clean: {
		...DEFAULT_SCENARIO,
		name: 'clean',
		description: 'No imperfections: the optimiser always answers well-formed, useful edits.',
		lookFor: 'A clean learning curve: accepted steps only raise val, and test follows it.',
		seed: 'scripted-clean',
		optimiser: NO_IMPERFECTIONS,
		expected:
			'Every optimiser stage parses; val rises monotonically (accepted steps only) and ends ' +
			'well above the seed skill; test follows val.'
	},
	'noisy-optimiser': {
		...DEFAULT_SCENARIO,
		name: 'noisy-optimiser',
		description: 'An optimiser that often paraphrases or duplicates anchors and breaks its JSON.',
		lookFor:
			'Edits reported unmatched or ambiguous and stage failures that degrade instead of crashing.',
		seed: 'scripted-noisy',
		optimiser: {
			harmfulEditRate: 0.25,
			paraphrasedAnchorRate: 0.35,
			duplicateAnchorRate: 0.2,
			malformedJsonRate: 0.3,
			whitespaceUntilMaxTokensRate: 0.05,
			errorRate: 0.05
		},
		expected:
			'Many edits are reported unmatched, ambiguous or applied by fallback; several stages ' +
			'degrade (retry, concatenate, truncate) and are recorded; the run still finishes and ' +
			'val still improves, more slowly than in `clean`.'
	},
	'slow-stream': {
		...DEFAULT_SCENARIO,
		name: 'slow-stream',
		description:
			'Every answer streams token by token at about 100 tokens a second, like a small model on a laptop GPU.',
		lookFor: 'Answers appearing as they stream; Stop ends the call in flight at once.',
		seed: 'scripted-slow',
		optimiser: NO_IMPERFECTIONS,
		// 10 ms a token: a whole default run (about 18,000 tokens) takes about three minutes.
		slowStream: { roles: ['executor', 'optimiser'], tokenDelayMs: 10 },
		expected:
			'Stopping mid-run ends the current call at once with finish reason `abort`; nothing is ' +
			'half-applied and the run can be resumed. A whole run finishes within a few minutes.'
	},
	'malformed-json': {
		...DEFAULT_SCENARIO,
		name: 'malformed-json',
		description: 'Every optimiser reply is malformed JSON (truncated or wrapped in prose).',
		lookFor: 'Recovered replies, retries and recorded stage failures; the skill barely changes.',
		seed: 'scripted-malformed',
		optimiser: { ...NO_IMPERFECTIONS, malformedJsonRate: 1 },
		expected:
			'Prose-wrapped replies are recovered by tolerant parsing; truncated ones fail after ' +
			'one retry and the stage degrades as documented; the skill changes little.'
	},
	'harmful-heavy': {
		...DEFAULT_SCENARIO,
		name: 'harmful-heavy',
		description: 'Half of the proposed edits state a harmful rule.',
		lookFor: 'The val gate rejecting harmful rules: the rejected-edit buffer fills up.',
		seed: 'scripted-harmful',
		optimiser: { ...NO_IMPERFECTIONS, harmfulEditRate: 0.5 },
		expected:
			'At least one harmful edit is rejected by the gate; the accepted skill contains no ' +
			'harmful rule (or only ones that did not lower val); val still improves.'
	},
	'reject-heavy': {
		...DEFAULT_SCENARIO,
		name: 'reject-heavy',
		description:
			'A model that already does the task and an optimiser prone to harmful rules: about one candidate in ten passes.',
		lookFor: 'Mostly rejected candidates and early stops that save val rollouts.',
		seed: 'scripted-reject-heavy',
		executor: { ...DEFAULT_EXECUTOR, missingLessonPenalty: 0, contractRateWithoutFormat: 0.95 },
		optimiser: { ...DEFAULT_OPTIMISER, harmfulEditRate: 0.6 },
		expected:
			'About one judged candidate in ten or fewer is accepted (the bench measures ≈9% over its ' +
			'18 runs); val starts high (≈65–90%) and gains less than in `default`; no stage failure ' +
			'stops the run.'
	},
	'stepwise-pauses': {
		...DEFAULT_SCENARIO,
		name: 'stepwise-pauses',
		description:
			'A clean optimiser that holds its first failure analysis of steps 1 and 2 until released.',
		lookFor: 'The run waiting at each pause point until “Continue”, then going on as in clean.',
		seed: 'scripted-pauses',
		optimiser: NO_IMPERFECTIONS,
		// Named after the stage they hold (the default coin-flip pack, batch 8: step 1 has two
		// failure analyses, so the third call is step 2's first); a unit test keeps them true.
		pauses: [
			{
				name: 'step-1-reflect',
				when: { role: 'optimiser', stage: 'failure-analyst', occurrence: 1 }
			},
			{
				name: 'step-2-reflect',
				when: { role: 'optimiser', stage: 'failure-analyst', occurrence: 3 }
			}
		],
		expected:
			'The run stops at "step-1-reflect" and "step-2-reflect" until released; released runs ' +
			'continue as in `clean`.'
	}
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

/** The named scenario, or `UnknownScenarioError`. */
export function getScenario(name: string): Scenario {
	if (!Object.hasOwn(SCENARIOS, name)) throw new UnknownScenarioError(name);
	return SCENARIOS[name as ScenarioName];
}

/**
 * Validate a scenario from outside (URL, JSON file, test), fill defaults from `base` (the
 * `default` scenario unless given) and return a complete `Scenario`. A string is taken as the
 * name of a declared scenario. Unknown keys are errors, so a typo never silently does nothing.
 *
 * @example parseScenario({ name: 'x', optimiser: { errorRate: 1 } }).optimiser.errorRate // 1
 */
export function parseScenario(input: unknown, base: Scenario = DEFAULT_SCENARIO): Scenario {
	if (typeof input === 'string') return getScenario(input);
	const obj = record(input, '');
	allowKeys(obj, '', [
		'name',
		'description',
		'lookFor',
		'seed',
		'executor',
		'optimiser',
		'latencyMs',
		'slowStream',
		'pauses',
		'expected'
	]);
	const executor = knobs(obj.executor, 'executor', base.executor);
	const optimiser = knobs(obj.optimiser, 'optimiser', base.optimiser);
	for (const key of Object.keys(optimiser) as (keyof OptimiserKnobs)[]) {
		probability(optimiser[key], `optimiser.${key}`);
	}
	for (const key of [
		'baseAccuracy',
		'missingLessonPenalty',
		'harmfulLessonPenalty',
		'contractRateWithoutFormat',
		'labelNoiseRate',
		'lengthDecayPerBucket',
		'unknownTaskAccuracy'
	] as const) {
		probability(executor[key], `executor.${key}`);
	}
	nonNegative(executor.lengthBudgetTokens, 'executor.lengthBudgetTokens');
	if (executor.lengthBucketTokens < 1) {
		throw new ScenarioError('executor.lengthBucketTokens', 'must be at least 1');
	}
	const seed = obj.seed === undefined ? base.seed : obj.seed;
	if (typeof seed !== 'string' && typeof seed !== 'number') {
		throw new ScenarioError('seed', `must be a string or a number, got ${describe(seed)}`);
	}
	return {
		name: optionalString(obj.name, 'name') ?? base.name,
		description: optionalString(obj.description, 'description') ?? base.description,
		lookFor: optionalString(obj.lookFor, 'lookFor') ?? base.lookFor,
		seed: String(seed),
		executor,
		optimiser,
		latencyMs:
			obj.latencyMs === undefined ? base.latencyMs : nonNegative(obj.latencyMs, 'latencyMs'),
		slowStream: obj.slowStream === undefined ? base.slowStream : slowStream(obj.slowStream),
		pauses: obj.pauses === undefined ? base.pauses : pauses(obj.pauses),
		expected: optionalString(obj.expected, 'expected') ?? base.expected
	};
}

function knobs<T extends Record<keyof T, number>>(value: unknown, path: string, defaults: T): T {
	if (value === undefined) return { ...defaults };
	const obj = record(value, path);
	allowKeys(obj, path, Object.keys(defaults));
	const out: Record<string, number> = { ...defaults };
	for (const [key, v] of Object.entries(obj)) {
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			throw new ScenarioError(`${path}.${key}`, `must be a finite number, got ${describe(v)}`);
		}
		out[key] = v;
	}
	return out as T;
}

function slowStream(value: unknown): SlowStream | null {
	if (value === null) return null;
	const obj = record(value, 'slowStream');
	allowKeys(obj, 'slowStream', ['roles', 'tokenDelayMs']);
	const roles = obj.roles ?? ['executor', 'optimiser'];
	if (!Array.isArray(roles) || roles.some((r) => r !== 'executor' && r !== 'optimiser')) {
		throw new ScenarioError('slowStream.roles', 'must be a list of "executor" / "optimiser"');
	}
	return {
		roles: roles as ScriptedRole[],
		tokenDelayMs: nonNegative(obj.tokenDelayMs ?? 40, 'slowStream.tokenDelayMs')
	};
}

const STAGES: readonly OptimiserStage[] = [
	'failure-analyst',
	'success-analyst',
	'merge',
	'rank',
	'slow-update',
	'meta-skill'
];

function pauses(value: unknown): PausePoint[] {
	if (!Array.isArray(value)) {
		throw new ScenarioError('pauses', `must be a list, got ${describe(value)}`);
	}
	const names = new Set<string>();
	return value.map((entry: unknown, i) => {
		const path = `pauses[${i}]`;
		const obj = record(entry, path);
		allowKeys(obj, path, ['name', 'when']);
		const name = optionalString(obj.name, `${path}.name`);
		if (name === undefined || name === '') {
			throw new ScenarioError(`${path}.name`, 'is required');
		}
		if (names.has(name)) throw new ScenarioError(`${path}.name`, `"${name}" is used twice`);
		names.add(name);
		const when = record(obj.when, `${path}.when`);
		allowKeys(when, `${path}.when`, ['role', 'stage', 'itemId', 'occurrence']);
		const out: PauseWhen = { occurrence: 1 };
		if (when.occurrence !== undefined) {
			const n = when.occurrence;
			if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
				throw new ScenarioError(`${path}.when.occurrence`, `must be an integer ≥ 1`);
			}
			out.occurrence = n;
		}
		if (when.role !== undefined) {
			if (when.role !== 'executor' && when.role !== 'optimiser') {
				throw new ScenarioError(`${path}.when.role`, 'must be "executor" or "optimiser"');
			}
			out.role = when.role;
		}
		if (when.stage !== undefined) {
			if (!STAGES.includes(when.stage as OptimiserStage)) {
				throw new ScenarioError(`${path}.when.stage`, `must be one of ${STAGES.join(', ')}`);
			}
			out.stage = when.stage as OptimiserStage;
		}
		const itemId = optionalString(when.itemId, `${path}.when.itemId`);
		if (itemId !== undefined) out.itemId = itemId;
		return { name, when: out };
	});
}

function record(value: unknown, path: string): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new ScenarioError(path, `must be an object, got ${describe(value)}`);
	}
	return value as Record<string, unknown>;
}

function allowKeys(obj: Record<string, unknown>, path: string, keys: readonly string[]): void {
	for (const key of Object.keys(obj)) {
		if (!keys.includes(key)) {
			throw new ScenarioError(path === '' ? key : `${path}.${key}`, 'is not a known field');
		}
	}
}

function optionalString(value: unknown, path: string): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string') {
		throw new ScenarioError(path, `must be a string, got ${describe(value)}`);
	}
	return value;
}

function probability(value: number, path: string): number {
	if (!(value >= 0 && value <= 1)) {
		throw new ScenarioError(path, `must be between 0 and 1, got ${value}`);
	}
	return value;
}

function nonNegative(value: unknown, path: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new ScenarioError(path, `must be a number ≥ 0, got ${describe(value)}`);
	}
	return value;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return typeof value === 'string' ? `"${value}"` : `${typeof value} ${String(value)}`;
}
