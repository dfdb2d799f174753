/**
 * A stored run as one line of a list (Results, Storage): its date, task, model, seed and
 * scores, read defensively from the opaque stored config and summary.
 */
import type { RunRecord } from '../persistence/records.ts';
import { pct } from './verdicts.ts';
import { changeLabel, variantOf } from './variants.ts';

/** "rerun: gate off" for a rerun's config, else null. */
function rerunLabel(config: unknown): string | null {
	const variant = variantOf(config);
	return variant === null ? null : `rerun: ${changeLabel(variant.change)}`;
}

export interface RunListEntry {
	id: string;
	date: string;
	task: string;
	model: string;
	seed: string;
	val: string;
	test: string;
	status: string;
	/** A rerun's one change ("gate off"), or null for a run of its own. */
	rerun: string | null;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (typeof v === 'object' && v !== null ? (v as Loose) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown, fallback: string): string =>
	typeof v === 'string' && v !== '' ? v : fallback;

/** "seed → best" of a summary's val or test scores. */
function scores(v: unknown): string {
	const s = obj(v);
	const seed = num(s['seed']);
	const best = num(s['best']);
	return seed === undefined || best === undefined ? '—' : `${pct(seed)} → ${pct(best)}`;
}

export function formatDate(ms: number): string {
	return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function runListEntry(run: RunRecord): RunListEntry {
	const config = obj(run.config);
	const settings = obj(config['settings']);
	const summary = obj(run.summary);
	const seed = num(settings['seed']) ?? num(summary['seed']);
	return {
		id: run.id,
		date: formatDate(run.createdAt),
		task: str(config['packTitle'], str(summary['pack'], run.title ?? 'Run')),
		model: str(config['engineLabel'], '—'),
		seed: seed === undefined ? '—' : String(seed),
		val: scores(summary['val']),
		test: scores(summary['test']),
		status: run.status,
		rerun: rerunLabel(run.config)
	};
}
