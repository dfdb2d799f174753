/**
 * The val-item grid: val items × judged steps, each cell saying how that item fared under that
 * step's candidate — fixed, broken, still passing, still failing, not evaluated (the gate
 * stopped early) — and whether the result came from the cache. DOM-free; the component renders
 * it as a table whose cells read without colour (a symbol and a word each).
 */
import type { LogRecord, StepRecord, ValItem } from '../../core/loop/state.ts';
import { isAccepted } from './series.ts';

const PASS = 1e-9;

export type CellState = 'fixed' | 'broken' | 'pass' | 'fail' | 'not-evaluated' | 'cached-score';

export interface GridCell {
	state: CellState;
	/** The candidate's result came from the per-item cache (no executor call). */
	cached: boolean;
	/** Present when the step recorded this item. */
	item: ValItem | null;
}

export interface GridColumn {
	/** The run view's row key of the step. */
	key: string;
	/** "3", or "S1" for the slow update after epoch 1. */
	short: string;
	/** "step 3 (epoch 1)". */
	long: string;
	accepted: boolean;
	action: StepRecord['action'];
	/** One cell per row of the grid's `items`. */
	cells: GridCell[];
}

export interface ValGrid {
	/** Val item ids, in the order the first judged step evaluated them. */
	items: string[];
	columns: GridColumn[];
}

/** The symbol and the word a cell shows; the two together never rely on colour. */
export const CELL_TEXT: Record<CellState, { symbol: string; word: string }> = {
	fixed: { symbol: '▲', word: 'fixed' },
	broken: { symbol: '▼', word: 'broken' },
	pass: { symbol: '✓', word: 'pass' },
	fail: { symbol: '✗', word: 'fail' },
	'not-evaluated': { symbol: '–', word: 'not evaluated' },
	'cached-score': { symbol: '○', word: 'score cached' }
};

function cellOf(item: ValItem): GridCell {
	if (!item.evaluated || item.hard === undefined)
		return { state: 'not-evaluated', cached: false, item };
	const now = item.hard >= PASS;
	const was = item.before === undefined ? undefined : item.before.hard >= PASS;
	const state: CellState =
		now && was === false ? 'fixed' : !now && was === true ? 'broken' : now ? 'pass' : 'fail';
	return { state, cached: item.cached, item };
}

/** Steps and slow updates whose candidate was judged on val, as grid columns. */
export function valGrid(records: readonly LogRecord[]): ValGrid {
	const items: string[] = [];
	const known = new Set<string>();
	const judged: { key: string; record: StepRecord }[] = [];
	records.forEach((record, i) => {
		if (record.kind === 'epoch' || record.evaluation === undefined) return;
		judged.push({ key: `s${i}`, record });
		for (const item of record.evaluation.items ?? []) {
			if (known.has(item.id)) continue;
			known.add(item.id);
			items.push(item.id);
		}
	});
	const columns = judged.map(({ key, record }): GridColumn => {
		const byId = new Map((record.evaluation?.items ?? []).map((item) => [item.id, item]));
		const wholeCached = record.evaluation?.status === 'cached';
		return {
			key,
			short: record.kind === 'slow-update' ? `S${record.epoch}` : String(record.index),
			long:
				record.kind === 'slow-update'
					? `slow update after epoch ${record.epoch}`
					: `step ${record.index} (epoch ${record.epoch})`,
			accepted: isAccepted(record.action),
			action: record.action,
			cells: items.map((id) => {
				const item = byId.get(id);
				if (item !== undefined) return cellOf(item);
				// A candidate whose whole score was cached ran no item; one the gate never reached did not.
				return {
					state: wholeCached ? 'cached-score' : 'not-evaluated',
					cached: wholeCached,
					item: null
				};
			})
		};
	});
	return { items, columns };
}

/** A cell in words, for its accessible name and tooltip. */
export function cellLabel(column: GridColumn, itemId: string, cell: GridCell): string {
	const { word } = CELL_TEXT[cell.state];
	const cached = cell.cached && cell.state !== 'cached-score' ? ', from the cache' : '';
	return `${itemId}, ${column.long}: ${word}${cached}`;
}
