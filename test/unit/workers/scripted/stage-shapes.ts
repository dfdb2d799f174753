/**
 * Shape checks for the optimiser stage outputs of src/core/optimiser-io.ts, written out by hand so
 * the scripted-engine tests check the engine against the contract, not against itself.
 */
import { EDIT_OPS, type EditOp } from '../../../../src/core/optimiser-io.ts';
import type { OptimiserStage } from '../../../../src/core/ports.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndexList = (v: unknown): boolean =>
	Array.isArray(v) && v.every((i) => Number.isInteger(i) && (i as number) >= 0);

/** Problems with `value` as the output of `stage`; empty when it fits the shape. */
export function shapeProblems(stage: OptimiserStage, value: unknown): string[] {
	if (!isObject(value)) return ['not an object'];
	const problems: string[] = [];
	const keys = Object.keys(value).sort().join(',');
	switch (stage) {
		case 'failure-analyst':
		case 'success-analyst': {
			if (keys !== 'edits,failures') problems.push(`keys ${keys}`);
			const failures = value.failures;
			if (
				!Array.isArray(failures) ||
				!failures.every(
					(f) =>
						isObject(f) &&
						typeof f.type === 'string' &&
						Number.isInteger(f.count) &&
						typeof f.description === 'string'
				)
			) {
				problems.push('failures');
			}
			const edits = value.edits;
			if (!Array.isArray(edits)) return [...problems, 'edits not a list'];
			for (const edit of edits) {
				if (!isObject(edit) || !EDIT_OPS.includes(edit.op as EditOp)) {
					problems.push(`bad op in ${JSON.stringify(edit)}`);
					continue;
				}
				if (edit.op !== 'append' && typeof edit.target !== 'string') problems.push('target');
				if (edit.op !== 'delete' && typeof edit.content !== 'string') problems.push('content');
			}
			break;
		}
		case 'merge':
			if (keys !== 'keep' || !isIndexList(value.keep)) problems.push('keep');
			break;
		case 'rank':
			if (keys !== 'selected' || !isIndexList(value.selected)) problems.push('selected');
			break;
		case 'slow-update':
			if (keys !== 'guidance' || typeof value.guidance !== 'string') problems.push('guidance');
			break;
		case 'meta-skill':
			if (keys !== 'metaSkill' || typeof value.metaSkill !== 'string') problems.push('metaSkill');
			break;
	}
	return problems;
}
