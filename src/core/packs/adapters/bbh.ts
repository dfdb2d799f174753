/**
 * BIG-Bench style task files: `{"examples": [{"input": …, "target": …}]}` (BIG-Bench-Hard uses
 * the same shape). A list target means aliases; BIG-Bench's `target_scores` gives the best
 * scoring options as the gold. The grader is guessed from the targets.
 */
import type { PackIssue } from '../format.ts';
import { isRecord } from '../format.ts';
import type { JsonValue, PackItem } from '../types.ts';
import type { Adapted } from './common.ts';
import { contractFor, INPUT_TEMPLATE, problem } from './common.ts';
import { guessGrader } from './rows.ts';

export function adaptBbh(data: Record<string, unknown>): Adapted {
	const examples = data['examples'];
	const items: PackItem[] = [];
	const errors: PackIssue[] = [];
	if (!Array.isArray(examples)) {
		errors.push(problem('bad-items', 'examples must be an array of {input, target}', 'examples'));
	} else {
		for (const [i, ex] of examples.entries()) {
			const where = `example ${i}`;
			if (!isRecord(ex) || typeof ex['input'] !== 'string' || ex['input'].trim() === '') {
				errors.push(
					problem('missing-input', `${where}: missing input text`, `examples[${i}].input`)
				);
				continue;
			}
			const answer = target(ex);
			if (answer === undefined) {
				errors.push(
					problem(
						'missing-answer',
						`${where}: needs a target (text or list) or target_scores`,
						`examples[${i}].target`
					)
				);
				continue;
			}
			items.push({ id: `example-${i + 1}`, input: ex['input'], answer });
		}
	}
	const grader = guessGrader(items.map((item) => item.answer));
	const adapted: Adapted = {
		items,
		grader,
		prompt: { template: INPUT_TEMPLATE, contract: contractFor(grader) },
		errors,
		warnings: []
	};
	if (typeof data['name'] === 'string') adapted.title = data['name'];
	if (typeof data['description'] === 'string') adapted.description = data['description'];
	return adapted;
}

function target(ex: Record<string, unknown>): JsonValue | undefined {
	const t = ex['target'];
	if (typeof t === 'string' && t.trim() !== '') return t.trim();
	if (typeof t === 'number') return t;
	if (Array.isArray(t) && t.length > 0 && t.every((a) => typeof a === 'string'))
		return t.length === 1 ? (t[0] as string) : [...(t as string[])];
	const scores = ex['target_scores'];
	if (isRecord(scores)) {
		const entries = Object.entries(scores).filter(
			(e): e is [string, number] => typeof e[1] === 'number'
		);
		const best = Math.max(...entries.map(([, s]) => s));
		const golds = entries.filter(([, s]) => s === best && s > 0).map(([k]) => k);
		if (golds.length > 0) return golds.length === 1 ? (golds[0] as string) : golds;
	}
	return undefined;
}
