/**
 * GSM8K-style rows: `{"question": …, "answer": "reasoning …\n#### 42"}`. The number after the
 * last `####` is the gold; the worked reasoning is kept in `meta.reasoning` for the dataset view.
 */
import type { PackIssue } from '../format.ts';
import { isRecord } from '../format.ts';
import type { PackItem } from '../types.ts';
import type { Adapted } from './common.ts';
import { contractFor, INPUT_TEMPLATE, parseGoldNumber, problem } from './common.ts';

/** Whether rows look like GSM8K (a question and an answer with a `####` line). */
export function looksLikeGsm8k(rows: readonly unknown[]): boolean {
	return (
		rows.length > 0 &&
		rows.every(
			(r) =>
				isRecord(r) &&
				typeof r['question'] === 'string' &&
				typeof r['answer'] === 'string' &&
				r['answer'].includes('####')
		)
	);
}

export function adaptGsm8k(rows: readonly unknown[]): Adapted {
	const items: PackItem[] = [];
	const errors: PackIssue[] = [];
	for (const [i, row] of rows.entries()) {
		const where = `row ${i + 1}`;
		if (
			!isRecord(row) ||
			typeof row['question'] !== 'string' ||
			typeof row['answer'] !== 'string'
		) {
			errors.push(problem('bad-row', `${where}: needs text "question" and "answer" fields`));
			continue;
		}
		const answer = row['answer'];
		const cut = answer.lastIndexOf('####');
		const gold =
			cut < 0
				? ''
				: answer
						.slice(cut + 4)
						.trim()
						.replace(/,/gu, '');
		if (cut < 0 || parseGoldNumber(gold) === undefined) {
			errors.push(
				problem(
					'missing-answer',
					`${where}: the answer has no '#### <number>' line`,
					`[${i}].answer`
				)
			);
			continue;
		}
		items.push({
			id: `gsm8k-${i + 1}`,
			input: row['question'],
			answer: gold,
			meta: { reasoning: answer.slice(0, cut).trim() }
		});
	}
	const grader = { type: 'numeric' } as const;
	return {
		items,
		grader,
		prompt: { template: INPUT_TEMPLATE, contract: contractFor(grader) },
		errors,
		warnings: [],
		title: 'GSM8K-style word problems'
	};
}
