/**
 * The shape every grader module builds: a grading function bound to its (validated) spec, plus
 * the options the factory passes through. Kept apart from index.ts so modules do not import it.
 */

import type { GradeResult, PackItem, PredicateRunner } from '../types.ts';

/** Grades one output; may answer synchronously. Must not throw (the factory guards anyway). */
export type GradeFn = (output: string, item: PackItem) => GradeResult | Promise<GradeResult>;

/** Options for createGrader. */
export interface GraderOptions {
	/** Runs `js` predicates in a sandbox; without it, `js` graders score 0 and say why. */
	predicates?: PredicateRunner;
}
