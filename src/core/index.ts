/**
 * The public surface of the SkillOpt core: pure TypeScript that runs in Node and in the browser.
 * Everything the app, the workers and the Node scripts use from the core is exported here; the
 * modules behind it may be reorganised, this list is what callers rely on.
 *
 * @example
 * // A whole training run (see `runOptimization` for the options):
 * import { buildFamilyPack, createSha256Hasher, findFamily, runOptimization } from './core/index.ts'
 * const hasher = createSha256Hasher(crypto.subtle)
 * const pack = await buildFamilyPack(findFamily('coin-flip')!, { seed: 1 }, hasher)
 * const { summary, bestSkill } = await runOptimization(
 *   { pack, seed: 1 },
 *   { executor: engine, optimiser: engine, hasher },
 *   { signal, onEvent, onSnapshot }
 * )
 */

/** Character, word, line and conservative token counts (`approxTokenCount('Answer: 42') // 4`). */
export { approxTokenCount, textStats } from './text-stats.ts';
export type { TextStats } from './text-stats.ts';

/**
 * The ports: the only ways the core reaches models, hashing, time and randomness.
 * @example const engine: ChatEngine = client.chatEngine('Qwen2.5-0.5B-Instruct-q4f16_1-MLC')
 */
export type {
	ChatEngine,
	ChatMessage,
	Clock,
	FinishReason,
	GenerateHints,
	GenerateRequest,
	GenerateResult,
	Hasher,
	ItemOutcomeHint,
	ListedEditHint,
	OptimiserStage,
	Random,
	RejectedEditHint,
	SignalLike,
	Usage
} from './ports.ts';

/** Seeded randomness (`createRandom(1).fork('epoch-2')`) and SHA-256 over WebCrypto. */
export { createRandom, hash32, shuffled, unitHash } from './random.ts';
export { createSha256Hasher } from './hash.ts';
export type { SubtleDigest } from './hash.ts';

/**
 * Named errors; branch on `err.name` (through the `is*` helpers) since comlink keeps only names.
 * @example if (isAbortError(err)) showStopped()
 */
export {
	AbortError,
	ContextOverflowError,
	MalformedSkillError,
	OptimiserOutputError,
	checkAborted,
	isAbortError,
	isContextOverflowError,
	isOptimiserOutputError
} from './errors.ts';

/**
 * The skill document: protected-region markers, regions, the numbered line view, hash, outline
 * and the slow block.
 * @example lineView('# Skill\n- Count flips') // 'L1: # Skill\nL2: - Count flips'
 */
export * from './skill/index.ts';

/**
 * Step edits with a status per edit, and CodeMirror-style change lists for the editor.
 * @example applyEdits(skill, [{ op: 'insert_after', line: 2, content: '- Check parity.' }]).reports[0].status // 'applied'
 */
export * from './edits/index.ts';

/** What each optimiser stage returns (`ProposedEdit`, `AnalystOutput`, ...). */
export { EDIT_OPS } from './optimiser-io.ts';
export type {
	AnalystOutput,
	EditOp,
	MergeOutput,
	MetaSkillOutput,
	ProposedEdit,
	RankOutput,
	SlowUpdateOutput
} from './optimiser-io.ts';

/**
 * The edit budget ("textual learning rate"): constant, linear or cosine, rounded half-to-even.
 * @example [1, 2, 3, 4, 5, 6, 7, 8].map((k) => budgetAt({ kind: 'cosine', max: 4, min: 2, totalSteps: 8 }, k)) // [4, 4, 3, 3, 3, 2, 2, 2]
 */
export {
	SCHEDULE_KINDS,
	budgetAt,
	defaultSchedule,
	initialScheduleState,
	peekBudget,
	roundHalfEven,
	takeBudget
} from './schedule.ts';
export type { EditBudgetSchedule, ScheduleKind, ScheduleState } from './schedule.ts';

/**
 * The validation gate: metrics, strict decision, exact early decision, evaluation order and the
 * score cache.
 * @example decideGate(DEFAULT_GATE_CONFIG, { candidate: 0.6, current: 0.6, best: 0.6, n: 40 }).action // 'reject' (tie)
 */
export * from './gate/index.ts';

/**
 * Reading optimiser answers tolerantly, the repair-retry message and JSON Schemas for
 * constrained decoding.
 * @example parseStageOutput('rank', '{"selected": [2, 0]}', { listSize: 3, editBudget: 2 }).ok // true
 */
export * from './optimiser/index.ts';

/**
 * Task packs: the built-in generated families, building a pack, rendering an item's chat and
 * grading an answer.
 * @example const pack = await buildFamilyPack(findFamily('coin-flip')!, { seed: 1 }, hasher)
 */
export { BUILT_IN_FAMILIES, findFamily } from './packs/families/index.ts';
export { buildFamilyPack } from './packs/build.ts';
export type { BuildFamilyOptions } from './packs/build.ts';
export { renderMessages } from './packs/render.ts';
export { createGrader, describeGrader, GraderError } from './packs/graders/index.ts';
export { PACK_FORMAT_V1, SPLIT_NAMES } from './packs/types.ts';
export type {
	GradeResult,
	Grader,
	GraderSpec,
	JsonValue,
	PackItem,
	PredicateRunner,
	SplitName,
	TaskFamily,
	TaskPack
} from './packs/types.ts';

/**
 * The training loop: `runOptimization`, its config, events, snapshots (resume), the step buffer
 * and the human edit source.
 * @example
 * const human = createHumanEditSource((request, signal) => panel.waitForEdits(request, signal))
 * await runOptimization({ pack }, { executor, optimiser: human, hasher })
 */
export * from './loop/index.ts';
