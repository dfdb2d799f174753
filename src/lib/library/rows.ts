/**
 * What the library's tables show, from stored records: per skill its pack and its latest
 * evaluation there (with-skill vs no skill, and vs its seed skill), the plain average over
 * skills, and per skill the transfer matrix (its latest evaluation on each engine). Sorting is
 * here too, so the components only render.
 */
import type { PairedComparison } from '../../core/stats/paired.ts';
import { averageOf, compareArms, type Average } from '../../core/stats/evaluation.ts';
import type { EvaluationRecord, PackRecord, SkillRecord } from '../persistence/index.ts';

export interface LibraryRow {
	skill: SkillRecord;
	pack: PackRecord | null;
	evaluation: EvaluationRecord | null;
	vsNone: PairedComparison | null;
	vsSeed: PairedComparison | null;
}

/** The newest evaluation matching `keep` (records arrive newest first, but do not rely on it). */
function newest(
	evaluations: readonly EvaluationRecord[],
	keep: (e: EvaluationRecord) => boolean
): EvaluationRecord | null {
	let best: EvaluationRecord | null = null;
	for (const e of evaluations)
		if (keep(e) && (best === null || e.createdAt > best.createdAt)) best = e;
	return best;
}

export function libraryRows(
	skills: readonly SkillRecord[],
	packs: readonly PackRecord[],
	evaluations: readonly EvaluationRecord[]
): LibraryRow[] {
	return skills.map((skill) => {
		const pack = packs.find((p) => p.id === skill.packId) ?? null;
		const evaluation = newest(
			evaluations,
			(e) => e.kind === 'library' && e.skillId === skill.id && e.packId === skill.packId
		);
		return {
			skill,
			pack,
			evaluation,
			vsNone: evaluation ? compareArms(evaluation.arms, 'skill', 'none') : null,
			vsSeed: evaluation ? compareArms(evaluation.arms, 'skill', 'seed') : null
		};
	});
}

export interface LibraryAverage {
	vsNone: Average | null;
	vsSeed: Average | null;
}

export function libraryAverage(rows: readonly LibraryRow[]): LibraryAverage {
	return {
		vsNone: averageOf(rows.map((r) => r.vsNone)),
		vsSeed: averageOf(rows.map((r) => r.vsSeed))
	};
}

export type SortKey = 'skill' | 'pack' | 'n' | 'with' | 'none' | 'deltaNone' | 'deltaSeed' | 'p';

function sortValue(row: LibraryRow, key: SortKey): string | number {
	switch (key) {
		case 'skill':
			return row.skill.title.toLowerCase();
		case 'pack':
			return (row.pack?.title ?? '').toLowerCase();
		case 'n':
			return row.vsNone?.n ?? -1;
		case 'with':
			return row.vsNone?.scoreA ?? -1;
		case 'none':
			return row.vsNone?.scoreB ?? -1;
		case 'deltaNone':
			return row.vsNone?.delta ?? -2;
		case 'deltaSeed':
			return row.vsSeed?.delta ?? -2;
		case 'p':
			return row.vsNone?.p ?? 2;
	}
}

/** Rows ordered by `key`; rows without a value sort last either way. */
export function sortRows(
	rows: readonly LibraryRow[],
	key: SortKey,
	direction: 'ascending' | 'descending'
): LibraryRow[] {
	const sign = direction === 'ascending' ? 1 : -1;
	return [...rows].sort((a, b) => {
		const x = sortValue(a, key);
		const y = sortValue(b, key);
		if (x === y) return a.skill.title.localeCompare(b.skill.title);
		return (x < y ? -1 : 1) * sign;
	});
}

export interface TransferRow {
	evaluation: EvaluationRecord;
	comparison: PairedComparison | null;
}

/** The skill's latest evaluation on each engine (its library one included), on its pack. */
export function transferRows(
	skill: SkillRecord,
	evaluations: readonly EvaluationRecord[]
): TransferRow[] {
	const byEngine = new Map<string, EvaluationRecord>();
	for (const e of evaluations) {
		if (e.skillId !== skill.id || e.packId !== skill.packId) continue;
		const key = `${e.engine.kind}\u0000${e.engine.label}`;
		const known = byEngine.get(key);
		if (!known || e.createdAt > known.createdAt) byEngine.set(key, e);
	}
	return [...byEngine.values()]
		.sort((a, b) => a.engine.label.localeCompare(b.engine.label))
		.map((evaluation) => ({
			evaluation,
			comparison: compareArms(evaluation.arms, 'skill', 'none')
		}));
}

/** 0.625 → "62.5%". */
export function percent(value: number): string {
	return `${(value * 100).toFixed(1)}%`;
}

/** A difference of scores in percentage points, signed: "+25.0 pts". */
export function points(delta: number): string {
	const value = (delta * 100).toFixed(1);
	return `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${value.replace('-', '')} pts`;
}

/** A p-value: three decimals, or "< 0.001". */
export function pValue(p: number): string {
	return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
