/**
 * The one error a grader raises: an invalid specification (a regex that does not compile, an
 * unknown constraint operation, a tolerance that is not a number). It is thrown when a grader is
 * created or a check list is compiled, so a bad pack fails on import with a message a person can
 * act on; grading itself never throws.
 */

/** An invalid grader specification or constraint check. `name` survives structured cloning. */
export class GraderError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'GraderError';
	}
}
