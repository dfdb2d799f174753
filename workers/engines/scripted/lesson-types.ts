/**
 * What the scripted engine knows about a task family: named lessons a skill can state, which
 * items need each one, and how a weak model's wrong answers look. Data per family lives in
 * `lessons/<family-id>.ts`; the simulation machinery reads only this interface.
 */
import type { FeatureValue, JsonValue, PackItem } from '../../../src/core/packs/types.ts';

export type Features = Readonly<Record<string, FeatureValue>>;

export interface Lesson {
	/** Stable id, e.g. `toggle-only-on-flip`. */
	id: string;
	/**
	 * `procedure`: raises accuracy on items that need it; `format`: decides whether the answer
	 * lands on the contract line (hard vs soft); `harmful`: lowers accuracy where `hurts` says so.
	 */
	kind: 'procedure' | 'format' | 'harmful';
	/**
	 * Ways a skill states the lesson. The executor detects a lesson when any phrasing's key phrase
	 * occurs in the normalised skill (lowercase, collapsed spaces); the simulated optimiser writes
	 * one of these as edit content. The first phrasing is canonical.
	 */
	phrasings: readonly string[];
	/** Key phrases (normalised) whose presence in the skill means the lesson is stated. */
	triggers: readonly string[];
	/** For procedure lessons: does this item need it? */
	needs?(features: Features): boolean;
	/** For harmful lessons: does it hurt this item? */
	hurts?(features: Features): boolean;
}

export interface FamilyLessons {
	familyId: string;
	lessons: readonly Lesson[];
	/**
	 * A plausible wrong final answer for the item (what a model that misses a rule would say),
	 * rendered as the contract expects (e.g. "no", "14", "(C)", a JSON string). `variant`
	 * (a small integer) picks among several mistakes deterministically.
	 */
	wrongAnswer(item: PackItem, variant: number): string;
	/** The gold answer rendered as the contract expects. */
	renderAnswer(gold: JsonValue | undefined, item: PackItem): string;
	/** Two to four short "reasoning" lines a model might write before its answer. */
	reasoning(item: PackItem, correct: boolean): string[];
}
