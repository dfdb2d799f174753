/**
 * Finding the protected regions of a skill document, and the spans that edits may not touch.
 *
 * A well-formed document has at most one region of each kind, each a start marker followed later
 * by its end marker, with no marker in between. Anything else is reported as a problem, and the
 * protected spans are then chosen conservatively so that no edit can make matters worse: a start
 * without its end protects everything up to the end of the document, and a stray marker protects
 * at least its own text.
 */
import { REGION_MARKERS, type RegionKind } from './markers.ts';

/** One region, from the first character of its start marker to just after its end marker. */
export interface ProtectedRegion {
	kind: RegionKind;
	/** Offset of the start marker. */
	from: number;
	/** Offset just after the end marker (or the document's end when the end marker is missing). */
	to: number;
	/** The text between the markers. */
	contentFrom: number;
	contentTo: number;
	/** False when the end marker is missing: the region runs to the end of the document. */
	closed: boolean;
}

export type RegionProblemCode = 'unpaired_start' | 'unpaired_end' | 'nested' | 'duplicate';

export interface RegionProblem {
	code: RegionProblemCode;
	kind: RegionKind;
	/** Offset of the offending marker. */
	offset: number;
	/** 1-based line of the offending marker. */
	line: number;
	message: string;
}

export interface RegionScan {
	/** Regions in document order (including unclosed ones, which run to the end). */
	regions: ProtectedRegion[];
	/** Empty when the document is well-formed. */
	problems: RegionProblem[];
	/**
	 * Spans edits must not overlap: every region plus every stray marker, sorted, possibly
	 * touching but never overlapping.
	 */
	protectedSpans: { from: number; to: number }[];
	/** Every exact marker string, in document order. */
	markers: MarkerHit[];
}

export interface MarkerHit {
	kind: RegionKind;
	side: 'start' | 'end';
	from: number;
	to: number;
}

function markerHits(text: string): MarkerHit[] {
	const hits: MarkerHit[] = [];
	for (const kind of Object.keys(REGION_MARKERS) as RegionKind[]) {
		for (const side of ['start', 'end'] as const) {
			const marker = REGION_MARKERS[kind][side];
			for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + marker.length)) {
				hits.push({ kind, side, from: i, to: i + marker.length });
			}
		}
	}
	return hits.sort((a, b) => a.from - b.from);
}

function lineOf(text: string, offset: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

function label(hit: MarkerHit): string {
	return REGION_MARKERS[hit.kind][hit.side].replace(/<!--\s*|\s*-->/g, '');
}

/**
 * Scans `text` for protected regions and marker problems.
 *
 * @example
 * const { regions, problems } = findRegions('# S\n<!-- SLOW_UPDATE_START -->\nx\n<!-- SLOW_UPDATE_END -->')
 * regions[0].kind // 'slow'
 * problems.length // 0
 */
export function findRegions(text: string): RegionScan {
	const regions: ProtectedRegion[] = [];
	const problems: RegionProblem[] = [];
	const spans: { from: number; to: number }[] = [];
	const problem = (code: RegionProblemCode, hit: MarkerHit, message: string): void => {
		const line = lineOf(text, hit.from);
		problems.push({
			code,
			kind: hit.kind,
			offset: hit.from,
			line,
			message: `${message} (line ${line})`
		});
	};

	let open: MarkerHit | undefined;
	const seen = new Set<RegionKind>();
	const markers = markerHits(text);
	for (const hit of markers) {
		if (open === undefined) {
			if (hit.side === 'end') {
				problem('unpaired_end', hit, `${label(hit)} has no matching start marker`);
				spans.push({ from: hit.from, to: hit.to });
				continue;
			}
			if (seen.has(hit.kind)) problem('duplicate', hit, `a second ${label(hit)} region`);
			open = hit;
			continue;
		}
		if (hit.kind === open.kind && hit.side === 'end') {
			regions.push({
				kind: open.kind,
				from: open.from,
				to: hit.to,
				contentFrom: open.to,
				contentTo: hit.from,
				closed: true
			});
			spans.push({ from: open.from, to: hit.to });
			seen.add(open.kind);
			open = undefined;
			continue;
		}
		// Any other marker inside an open region stays inside it (and so stays protected).
		problem('nested', hit, `${label(hit)} inside the ${label(open)} region`);
	}
	if (open !== undefined) {
		problem('unpaired_start', open, `${label(open)} has no matching end marker`);
		regions.push({
			kind: open.kind,
			from: open.from,
			to: text.length,
			contentFrom: open.to,
			contentTo: text.length,
			closed: false
		});
		spans.push({ from: open.from, to: text.length });
	}
	spans.sort((a, b) => a.from - b.from);
	return { regions, problems, protectedSpans: spans, markers };
}

/**
 * Whether the span `[from, to)` touches a protected span. An empty span (an insertion point)
 * touches a protected span only when it lies strictly inside it: inserting right before a start
 * marker or right after an end marker leaves the region's bytes alone.
 *
 * @example overlapsProtected([{ from: 10, to: 20 }], 5, 10) // false
 */
export function overlapsProtected(
	spans: readonly { from: number; to: number }[],
	from: number,
	to: number
): boolean {
	for (const span of spans) {
		if (from === to) {
			if (span.from < from && from < span.to) return true;
		} else if (from < span.to && span.from < to) {
			return true;
		}
	}
	return false;
}
