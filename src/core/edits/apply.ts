/**
 * Applying an optimiser's proposed edits to a skill document, safely and with a report.
 *
 * Rules (method doc, sections 4.2 and P; where they differ, P):
 * - edits apply in order, each to the result of the previous ones; text anchors are looked up in
 *   that current text, while a `line` refers to the line view of the document passed in (the one
 *   the optimiser read) and is followed through earlier edits — if an earlier edit changed that
 *   line, the edit is `unmatched` rather than applied to whatever now sits at that number;
 * - anchors: exact, then case/whitespace-normalised, and unique (else `ambiguous`); not found is
 *   `unmatched`, except that `insert_after` without a usable anchor appends instead and says so
 *   (`applied_fallback`);
 * - an edit whose matched span or resulting change touches a protected region, or whose target or
 *   content carries a marker string, is refused (`protected`); appends go before the first
 *   protected region, so regions stay at the tail; after each edit the markers (count, kinds,
 *   order) and the protected bytes must still be the input's, else that edit is `protected` and
 *   skipped and the next one applies to the last good text;
 * - content is trimmed; adding text that is already present is refused (`duplicate`);
 * - every edit gets exactly one status and a one-line reason. Nothing here throws on bad input.
 */
import { EDIT_OPS, type EditOp, type ProposedEdit } from '../optimiser-io.ts';
import { containsMarker } from '../skill/markers.ts';
import { findRegions, overlapsProtected } from '../skill/regions.ts';
import { splitLines, lineAt, type LineSpan } from '../skill/lines.ts';
import { ChangeTracker, type TextChange } from './changes.ts';
import { alreadyPresent, findAnchor } from './match.ts';

export type EditStatus =
	| 'applied'
	| 'applied_fallback'
	| 'unmatched'
	| 'ambiguous'
	| 'protected'
	| 'duplicate'
	| 'unchanged'
	| 'missing_content'
	| 'missing_target'
	| 'line_out_of_range'
	| 'invalid_op';

/** Statuses under which the edit changed the document. */
export const APPLIED_STATUSES: readonly EditStatus[] = ['applied', 'applied_fallback'];

/** @example isApplied('applied_fallback') // true */
export function isApplied(status: EditStatus): boolean {
	return APPLIED_STATUSES.includes(status);
}

export interface EditReport {
	/** Position in the list passed to `applyEdits` (0-based). */
	index: number;
	/** The op as given (may be an invalid one). */
	op: string;
	status: EditStatus;
	/** One line, for logs, the run panel and the next analyst's prompt. */
	reason: string;
	/** First 200 characters, for display. */
	target?: string;
	line?: number;
	/** First 200 characters of the trimmed content, for display. */
	content?: string;
	/** How the address was resolved, when it was. */
	matchedBy?: 'exact' | 'normalised' | 'line';
	/** The change made, in the coordinates of the document just before this edit. */
	change?: TextChange;
}

export interface ApplyEditsResult {
	/** The candidate document. */
	text: string;
	/** One per edit, in order. */
	reports: EditReport[];
	/**
	 * The net changes from the input document to `text`, sorted and non-overlapping, in the input
	 * document's coordinates: one CodeMirror transaction (`view.dispatch({ changes })`).
	 */
	changes: TextChange[];
	/** How many edits changed the document. */
	applied: number;
}

const PREVIEW = 200;

function preview(text: string): string {
	return text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
}

/** A quoted snippet for a one-line reason. */
function quote(text: string, max = 40): string {
	const flat = text.replace(/\s+/gu, ' ').trim();
	return `"${flat.length > max ? `${flat.slice(0, max)}…` : flat}"`;
}

type Address =
	| { ok: true; from: number; to: number; by: 'exact' | 'normalised' | 'line' }
	| { ok: false; status: EditStatus; reason: string };

/**
 * Applies `edits` to `doc` in order. Never throws; every problem becomes a status.
 *
 * @example
 * const { text, reports } = applyEdits('# Skill\n- Count flips\n', [
 *   { op: 'insert_after', line: 2, content: '- Then add one per extra person.' },
 *   { op: 'replace', target: 'count FLIPS', content: 'Count each flip' }
 * ])
 * // text === '# Skill\n- Count each flip\n- Then add one per extra person.\n'
 * // reports.map((r) => r.status) → ['applied', 'applied']
 */
export function applyEdits(doc: string, edits: readonly ProposedEdit[]): ApplyEditsResult {
	const tracker = new ChangeTracker(doc);
	const originalLines = splitLines(doc);
	const invariant = protectedSignature(doc);
	const reports = edits.map((edit, index) =>
		applyOne(tracker, originalLines, invariant, edit, index)
	);
	return {
		text: tracker.text,
		reports,
		changes: tracker.changes(),
		applied: reports.filter((r) => isApplied(r.status)).length
	};
}

/**
 * What no step edit may change: the sequence of markers (kind and side, in order) and the bytes
 * of every protected span. Checked on the whole text after each edit, because edits that hold no
 * marker can still forge one between them (`<!-- SLOW_UPDQQATE_START -->`, then delete `QQ`).
 */
function protectedSignature(text: string): string {
	const scan = findRegions(text);
	return JSON.stringify([
		scan.markers.map((m) => `${m.kind}:${m.side}`),
		scan.protectedSpans.map((span) => text.slice(span.from, span.to))
	]);
}

function applyOne(
	tracker: ChangeTracker,
	originalLines: readonly LineSpan[],
	invariant: string,
	edit: ProposedEdit,
	index: number
): EditReport {
	// Edits come from models: check every field at run time, whatever the type says.
	const raw = (typeof edit === 'object' && edit !== null ? edit : {}) as Record<string, unknown>;
	const op = typeof raw.op === 'string' ? raw.op : String(raw.op);
	const target = typeof raw.target === 'string' ? raw.target : undefined;
	const content = typeof raw.content === 'string' ? raw.content.trim() : '';
	const line = raw.line;
	const report: EditReport = { index, op, status: 'unmatched', reason: '' };
	if (target !== undefined) report.target = preview(target);
	if (typeof line === 'number') report.line = line;
	if (content !== '') report.content = preview(content);
	const done = (status: EditStatus, reason: string, change?: TextChange): EditReport => {
		report.status = status;
		report.reason = reason;
		if (change !== undefined) report.change = change;
		return report;
	};

	if (!(EDIT_OPS as readonly string[]).includes(op)) {
		return done('invalid_op', `unknown op ${quote(op, 20)}; use ${EDIT_OPS.join(', ')}`);
	}
	const kind = op as EditOp;
	if (target !== undefined && containsMarker(target)) {
		return done('protected', 'target contains a protected-region marker');
	}
	if (containsMarker(content))
		return done('protected', 'content contains a protected-region marker');
	if (kind !== 'delete' && content === '') return done('missing_content', `${kind} needs content`);
	if (line !== undefined && line !== null && kind !== 'append') {
		if (typeof line !== 'number' || !Number.isInteger(line)) {
			return done(
				'line_out_of_range',
				`line must be a whole number (got ${quote(String(line), 20)})`
			);
		}
		if (line < 1 || line > originalLines.length) {
			return done('line_out_of_range', `line ${line} does not exist (1–${originalLines.length})`);
		}
	}

	const text = tracker.text;
	const spans = findRegions(text).protectedSpans;
	const commit = (status: EditStatus, reason: string, change: TextChange): EditReport => {
		if (overlapsProtected(spans, change.from, change.to)) {
			return done('protected', 'the change would touch a protected region');
		}
		const next = text.slice(0, change.from) + change.insert + text.slice(change.to);
		if (protectedSignature(next) !== invariant) {
			return done('protected', 'the change would make or break a protected-region marker');
		}
		tracker.apply(change);
		return done(status, reason, change);
	};
	const appendChange = (): TextChange => {
		const first = spans[0];
		const end = first === undefined ? text.length : first.from;
		const head = text.slice(0, end).replace(/\s+$/u, '');
		const lead = head === '' ? '' : '\n\n';
		const tail = first === undefined ? '\n' : '\n\n';
		return { from: head.length, to: end, insert: `${lead}${content}${tail}` };
	};
	const where = spans.length > 0 ? 'before the protected region' : 'at the end';

	if (kind === 'append') {
		if (alreadyPresent(text, content)) return done('duplicate', 'content is already in the skill');
		return commit('applied', `appended ${where}`, appendChange());
	}

	const address = resolveAddress(tracker, originalLines, kind, target, line);
	if (kind === 'insert_after') {
		if (alreadyPresent(text, content)) return done('duplicate', 'content is already in the skill');
		if (!address.ok && address.status === 'missing_target') {
			return commit('applied_fallback', `no anchor given; appended ${where}`, appendChange());
		}
		if (
			!address.ok &&
			address.status === 'unmatched' &&
			target !== undefined &&
			line === undefined
		) {
			return commit(
				'applied_fallback',
				`anchor ${quote(target)} not found; appended ${where}`,
				appendChange()
			);
		}
	}
	if (!address.ok) return done(address.status, address.reason);
	report.matchedBy = address.by;
	if (overlapsProtected(spans, address.from, address.to)) {
		return done('protected', 'the anchor lies in a protected region');
	}
	const at = `line ${lineAt(text, address.from)}`;
	const how = address.by === 'normalised' ? ' (matched ignoring case and spacing)' : '';

	if (kind === 'insert_after') {
		const lastChar = Math.max(address.from, address.to - 1);
		const nl = text.indexOf('\n', lastChar);
		const point = nl === -1 ? text.length : nl;
		return commit('applied', `inserted after ${at}${how}`, {
			from: point,
			to: point,
			insert: `\n${content}`
		});
	}
	const matched = text.slice(address.from, address.to);
	if (kind === 'replace') {
		if (matched === content)
			return done('unchanged', `replacement is identical to the text at ${at}`);
		return commit('applied', `replaced text at ${at}${how}`, {
			from: address.from,
			to: address.to,
			insert: content
		});
	}
	// delete: when whole lines are removed without their break, take one line break with them.
	// A target that already ends in a line break is deleted exactly, so the blank line after it
	// (outside the match) stays.
	let { from, to } = address;
	const startsLine = from === 0 || text[from - 1] === '\n';
	const endsLine = to === text.length || text[to] === '\n';
	const endsWithBreak = to > from && text[to - 1] === '\n';
	if (startsLine && endsLine && !endsWithBreak) {
		if (text[to] === '\n') to += 1;
		else if (from > 0) from -= 1;
	}
	if (from === to) return done('unchanged', `nothing to delete at ${at}`);
	return commit('applied', `deleted text at ${at}${how}`, { from, to, insert: '' });
}

function resolveAddress(
	tracker: ChangeTracker,
	originalLines: readonly LineSpan[],
	kind: EditOp,
	target: string | undefined,
	line: unknown
): Address {
	if (typeof line === 'number') {
		const span = originalLines[line - 1];
		if (span === undefined)
			return { ok: false, status: 'line_out_of_range', reason: `line ${line} does not exist` };
		// An empty line is tracked through its line break, so that it still counts as "there" when
		// something was inserted right before or after it.
		const probeTo = span.from === span.to ? span.end : span.to;
		const mapped = tracker.mapSpan(span.from, probeTo);
		if (mapped === undefined) {
			return {
				ok: false,
				status: 'unmatched',
				reason: `line ${line} was changed by an earlier edit`
			};
		}
		return { ok: true, from: mapped.from, to: mapped.from + (span.to - span.from), by: 'line' };
	}
	if (target === undefined || target.trim() === '') {
		return { ok: false, status: 'missing_target', reason: `${kind} needs a target or a line` };
	}
	const match = findAnchor(tracker.text, target);
	if (match.kind === 'unique') return { ok: true, from: match.from, to: match.to, by: match.by };
	if (match.kind === 'ambiguous') {
		return {
			ok: false,
			status: 'ambiguous',
			reason: `target ${quote(target)} occurs ${match.count}+ times${match.by === 'normalised' ? ' (ignoring case and spacing)' : ''}; quote more of it or use a line number`
		};
	}
	return { ok: false, status: 'unmatched', reason: `target ${quote(target)} not found` };
}
