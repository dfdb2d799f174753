/**
 * The step detail's derived lists: each proposed edit with its fate (merged away, cut by the
 * budget, applied or why not), and the val items a candidate fixed, broke or never reached.
 */
import type { EditReport } from '../../core/edits/index.ts';
import type { PoolEdit, StepRecord, ValItem } from '../../core/loop/state.ts';
import type { ProposedEdit } from '../../core/optimiser-io.ts';
import type { PackItem, TaskPack } from '../../core/packs/types.ts';

const PASS = 1e-9;

export interface EditRow {
	edit: ProposedEdit;
	source: PoolEdit['source'] | 'unknown';
	/** 'merged away', 'not kept (budget)', or the apply status of a kept edit. */
	fate: string;
	reason: string;
	kept: boolean;
}

const key = (e: ProposedEdit): string => JSON.stringify([e.op, e.target, e.line, e.content]);

function applied(report: EditReport | undefined): { fate: string; reason: string } {
	if (report === undefined) return { fate: 'not applied', reason: 'no report recorded' };
	const fate = report.status === 'applied_fallback' ? 'appended as fallback' : report.status;
	return { fate: fate.replaceAll('_', ' '), reason: report.reason };
}

/** Every edit of the step (the pool in v2; the kept edits only in v1) with its fate. */
export function editRows(step: StepRecord): EditRow[] {
	const detail = step.detail;
	if (detail === undefined) {
		return step.ranked.map((edit, i) => ({
			edit,
			source: 'unknown',
			kept: true,
			...applied(step.reports.find((r) => r.index === i))
		}));
	}
	const merged = new Set(detail.merged.map((p) => key(p.edit)));
	const kept = detail.kept.map((p) => key(p.edit));
	// The person's review before the gate: what they dropped and what they rewrote.
	const reviewed = new Map<string, EditRow['fate']>();
	for (const change of detail.review?.changes ?? []) {
		const before = detail.review?.before[change.index];
		if (before !== undefined)
			reviewed.set(
				key(before.edit),
				change.action === 'drop' ? 'dropped by you' : 'rewritten by you'
			);
	}
	const rows: EditRow[] = detail.pool.map((p) => {
		const k = key(p.edit);
		const at = kept.indexOf(k);
		const review = at < 0 ? reviewed.get(k) : undefined;
		if (review !== undefined)
			return {
				edit: p.edit,
				source: p.source,
				kept: false,
				fate: review,
				reason:
					review === 'dropped by you'
						? 'you dropped it before the gate'
						: 'you changed its content before the gate (your version is listed)'
			};
		if (at >= 0)
			return {
				edit: p.edit,
				source: p.source,
				kept: true,
				...applied(step.reports.find((r) => r.index === at))
			};
		return merged.has(k)
			? {
					edit: p.edit,
					source: p.source,
					kept: false,
					fate: 'not kept',
					reason: `over this step’s edit budget (${step.budget})`
				}
			: {
					edit: p.edit,
					source: p.source,
					kept: false,
					fate: 'merged away',
					reason: 'a duplicate or a conflicting edit was kept instead'
				};
	});
	// A merge may rewrite an edit; kept edits that are not in the pool as proposed are listed too.
	detail.kept.forEach((p, i) => {
		if (!detail.pool.some((q) => key(q.edit) === key(p.edit)))
			rows.push({
				edit: p.edit,
				source: p.source,
				kept: true,
				...applied(step.reports.find((r) => r.index === i))
			});
	});
	return rows;
}

export interface ValSplit {
	fixed: ValItem[];
	broken: ValItem[];
	notEvaluated: ValItem[];
	samePass: number;
	sameFail: number;
	cached: number;
}

/** The candidate's val items against the skill it was judged against. */
export function valSplit(items: readonly ValItem[]): ValSplit {
	const out: ValSplit = {
		fixed: [],
		broken: [],
		notEvaluated: [],
		samePass: 0,
		sameFail: 0,
		cached: 0
	};
	for (const item of items) {
		if (item.cached && item.evaluated) out.cached++;
		if (!item.evaluated || item.hard === undefined) {
			out.notEvaluated.push(item);
			continue;
		}
		const now = item.hard >= PASS;
		const was = item.before === undefined ? undefined : item.before.hard >= PASS;
		if (now && was === false) out.fixed.push(item);
		else if (!now && was === true) out.broken.push(item);
		else if (now) out.samePass++;
		else out.sameFail++;
	}
	return out;
}

/** A pack item by id (any split), for re-rendering prompts and showing gold answers. */
export function findItem(pack: TaskPack | null, id: string): PackItem | undefined {
	if (pack === null) return undefined;
	for (const split of ['train', 'val', 'test'] as const) {
		const item = pack.splits[split].find((i) => i.id === id);
		if (item !== undefined) return item;
	}
	return undefined;
}

/** The gold answer as text. */
export function goldText(item: PackItem | undefined): string {
	const answer = item?.answer;
	if (answer === undefined) return '—';
	return typeof answer === 'string' ? answer : JSON.stringify(answer);
}
