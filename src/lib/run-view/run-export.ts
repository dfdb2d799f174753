/**
 * A run leaves the app two ways: as JSON (its records, versioned, for keeping or for other
 * tools) and as CSV (one row per step, for a spreadsheet). DOM-free; the view hands the text to
 * `downloadText`. Only the run's own settings travel, never the model settings, which can hold
 * an endpoint's key.
 */
import type { LogRecord } from '../../core/loop/state.ts';
import { RUN_SNAPSHOT_FORMAT } from '../../core/loop/state.ts';
import { stepPoints } from './series.ts';
import type { RunViewData } from './view-data.ts';

// NOTE: an exported format; bump it (and keep a reader for the old one) when the shape changes.
export const RUN_EXPORT_FORMAT = 'skillopt-playground.run-export.v1' as const;

export interface RunExport {
	format: typeof RUN_EXPORT_FORMAT;
	/** The format of the records (the run snapshot's), or its v1 for runs recorded in it. */
	recordFormat: string;
	exportedAt: string;
	run: {
		id: string | null;
		title: string;
		subtitle: string;
		status: string;
		createdAt: string | null;
		editSource: string;
		pack: { id: string; title: string } | null;
		settings: unknown;
		totalSteps: number;
	};
	summary: RunViewData['summary'];
	counters: RunViewData['counters'];
	records: LogRecord[];
}

/** The run as a versioned JSON document. */
export function runExport(view: RunViewData, now: Date): RunExport {
	return {
		format: RUN_EXPORT_FORMAT,
		recordFormat: view.legacy ? 'skillopt-playground.run.v1' : RUN_SNAPSHOT_FORMAT,
		exportedAt: now.toISOString(),
		run: {
			id: view.meta?.runId ?? null,
			title: view.title,
			subtitle: view.subtitle,
			status: view.status,
			createdAt:
				view.meta?.createdAt === undefined ? null : new Date(view.meta.createdAt).toISOString(),
			editSource: view.editSource,
			pack: view.pack ? { id: view.pack.id, title: view.pack.title } : null,
			settings: view.meta?.settings ?? null,
			totalSteps: view.totalSteps
		},
		summary: view.summary,
		counters: view.counters,
		records: view.records
	};
}

export const runExportText = (view: RunViewData, now: Date): string =>
	`${JSON.stringify(runExport(view, now), null, 2)}\n`;

export const CSV_COLUMNS = [
	'epoch',
	'step',
	'step_in_epoch',
	'train_items_seen',
	'current_val',
	'candidate_val',
	'candidate_val_bound',
	'verdict',
	'edits_kept',
	'edits_applied',
	'rollouts'
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(value: string | number | null): string {
	if (value === null) return '';
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Scores as fractions with enough digits to tell items apart, never binary noise. */
const score = (v: number | null): string | null => (v === null ? null : String(+v.toFixed(6)));

/** One row per training step (the epoch, the step within it, the run-wide step index...). */
export function stepsCsv(records: readonly LogRecord[]): string {
	const byKey = new Map(records.map((r, i) => [`s${i}`, r]));
	const rows = stepPoints(records).map((p) => {
		const record = byKey.get(p.key);
		const step = record?.kind === 'step' ? record : undefined;
		return [
			p.epoch,
			p.index,
			p.stepInEpoch,
			p.x,
			score(p.current),
			score(p.candidate),
			score(p.candidateBound),
			p.action,
			step?.ranked.length ?? null,
			step?.applied ?? null,
			step ? step.rollouts.train + step.rollouts.val : null
		]
			.map(field)
			.join(',');
	});
	return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** "run-2026-12-02-0114": a file name from the run's date (or now). */
export function exportBaseName(view: RunViewData, now: Date): string {
	const at = new Date(view.meta?.createdAt ?? now.getTime());
	const pad = (n: number) => String(n).padStart(2, '0');
	return `run-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
}
