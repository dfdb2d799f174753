// Shared test helpers: grade one output against one item under a spec.
import { createGrader } from '../../../../src/core/packs/graders/index.ts';
import type {
	GradeResult,
	GraderSpec,
	JsonValue,
	PackItem,
	PredicateRunner
} from '../../../../src/core/packs/types.ts';

export function item(answer: JsonValue | undefined, extra: Partial<PackItem> = {}): PackItem {
	return { id: 'item-1', input: 'question', ...(answer === undefined ? {} : { answer }), ...extra };
}

export function grade(
	spec: GraderSpec,
	output: string,
	target: PackItem,
	predicates?: PredicateRunner
): Promise<GradeResult> {
	return createGrader(spec, predicates === undefined ? {} : { predicates }).grade(output, target);
}
