/**
 * The step buffer: what earlier steps of this epoch tried and how the gate judged it, shown to
 * later analysts so they neither repeat a rejected edit nor forget an unsolved failure pattern
 * (method doc, section 3.9). It is emptied at every epoch boundary — the slow update and the
 * meta skill carry memory across epochs — and capped to the last few steps so it fits a 4k
 * window.
 */
import { isApplied, type EditReport } from '../edits/index.ts';
import { formatScore } from '../gate/index.ts';
import type { ProposedEdit } from '../optimiser-io.ts';
import type { RejectedEditHint } from '../ports.ts';
import type { LoopConfig } from './config.ts';
import type { AnalysisRecord, BufferEntry, ItemRun, StepAction } from './state.ts';

const FAILED = 1e-9;

/** Failure patterns of a step: the analysts' summaries, else the graders' reasons grouped. */
export function failurePatterns(
	analyses: readonly AnalysisRecord[],
	rollouts: readonly ItemRun[]
): { label: string; count: number }[] {
	const fromAnalysts = analyses
		.filter((a) => a.kind === 'failure')
		.flatMap((a) => a.failures)
		.map((f) => ({ label: `${f.type}: ${f.description}`, count: f.count }));
	if (fromAnalysts.length > 0) return fromAnalysts.slice(0, 6);
	const groups = new Map<string, number>();
	for (const run of rollouts) {
		if (run.hard >= FAILED) continue;
		// The reference groups by the text before the first colon of the fail reason.
		const label = (run.explanation.split(':')[0] ?? run.explanation).trim() || 'wrong';
		groups.set(label, (groups.get(label) ?? 0) + 1);
	}
	return [...groups].map(([label, count]) => ({ label, count })).slice(0, 6);
}

/** The buffer entry of a finished step. */
export function bufferEntry(input: {
	step: number;
	action: StepAction;
	rollouts: readonly ItemRun[];
	analyses: readonly AnalysisRecord[];
	ranked: readonly ProposedEdit[];
	reports: readonly EditReport[];
	/** Current gate score minus the candidate's score (or its reachable bound). */
	scoreDrop: number;
	record: string;
}): BufferEntry {
	const rejected =
		input.action === 'reject'
			? input.reports
					.filter((r) => isApplied(r.status))
					.flatMap((r) => {
						const edit = input.ranked[r.index];
						return edit === undefined ? [] : [{ edit, scoreDrop: input.scoreDrop }];
					})
			: [];
	const unapplied = input.reports
		.filter((r) => !isApplied(r.status))
		.flatMap((r) => {
			const edit = input.ranked[r.index];
			return edit === undefined ? [] : [{ edit, reason: r.reason }];
		});
	return {
		step: input.step,
		action: input.action,
		failed: input.rollouts.filter((r) => r.hard < FAILED).length,
		total: input.rollouts.length,
		patterns: failurePatterns(input.analyses, input.rollouts),
		rejected,
		unapplied,
		record: input.record
	};
}

/** The entries shown to analysts: the last `bufferSteps`. */
export function recentEntries(buffer: readonly BufferEntry[], config: LoopConfig): BufferEntry[] {
	return buffer.slice(Math.max(0, buffer.length - config.prompts.bufferSteps));
}

/** Rejected edits of the shown entries, as hints (what the prompt lists). */
export function rejectedHints(
	buffer: readonly BufferEntry[],
	config: LoopConfig
): RejectedEditHint[] {
	return recentEntries(buffer, config).flatMap((entry) =>
		entry.rejected.slice(0, config.prompts.bufferEditsPerStep).map(({ edit, scoreDrop }) => {
			const hint: RejectedEditHint = { op: edit.op, scoreDrop };
			if (edit.target !== undefined) hint.target = edit.target;
			if (edit.line !== undefined) hint.line = edit.line;
			if (edit.content !== undefined) hint.content = edit.content;
			return hint;
		})
	);
}

function clip(text: string, max: number): string {
	const flat = text.replace(/\s+/gu, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One edit on one line. */
export function describeEdit(edit: {
	op: string;
	target?: string;
	line?: number;
	content?: string;
}): string {
	const where =
		edit.line !== undefined
			? ` line ${edit.line}`
			: edit.target !== undefined
				? ` "${clip(edit.target, 60)}"`
				: '';
	const what = edit.content !== undefined ? `: ${clip(edit.content, 140)}` : '';
	return `${edit.op}${where}${what}`;
}

/**
 * The buffer as prompt text ('' when empty), headed by the instruction to avoid what failed.
 *
 * @example renderBuffer(state.buffer, config) // '- Step 2 — REJECT (5/8 failed) …'
 */
export function renderBuffer(buffer: readonly BufferEntry[], config: LoopConfig): string {
	const entries = recentEntries(buffer, config);
	if (entries.length === 0) return '';
	const blocks = entries.map((entry) => {
		const lines = [
			`Step ${entry.step} — ${entry.action.toUpperCase()} (${entry.failed}/${entry.total} failed): ${clip(entry.record, 120)}`
		];
		for (const p of entry.patterns.slice(0, 3))
			lines.push(`  pattern (${p.count}): ${clip(p.label, 100)}`);
		entry.rejected.slice(0, config.prompts.bufferEditsPerStep).forEach(({ edit, scoreDrop }) => {
			lines.push(`  rejected, val −${formatScore(Math.max(0, scoreDrop))}: ${describeEdit(edit)}`);
		});
		entry.unapplied.slice(0, 2).forEach(({ edit, reason }) => {
			lines.push(`  did not apply (${clip(reason, 60)}): ${describeEdit(edit)}`);
		});
		return lines.join('\n');
	});
	return [
		'Do not repeat rejected edits; prefer fixing patterns that are still failing.',
		...blocks
	].join('\n');
}
