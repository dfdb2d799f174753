/**
 * Protected blocks in the skill editor: each region marker (an HTML comment such as
 * `<!-- SLOW_UPDATE_START -->`) is shown as one atomic, labelled widget that says who writes the
 * block and that proposed edits cannot touch it, and the lines between a pair are tinted.
 *
 * The text between the markers stays editable by a person (the method protects the block from the
 * optimiser, not from its owner). What a person must not do by accident is break a marker: a
 * keystroke or paste that would remove or cut into one is held back and `confirmRemoval` is asked
 * first; only a confirmed request is applied (as one undoable change). Undo, redo and replacements
 * from outside the editor (tagged with {@link allowMarkerRemoval}) pass unasked.
 */
import {
	EditorState,
	RangeSetBuilder,
	StateField,
	Transaction,
	type ChangeSet,
	type Extension,
	type Text
} from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { findRegions, type MarkerHit, type RegionKind } from '../../core/skill/index.ts';
import { allowMarkerRemoval, type RemovalRequest } from './marker-guard.ts';

export { allowMarkerRemoval, type RemovalRequest };

const LABELS: Record<RegionKind, { start: string; end: string; name: string }> = {
	slow: {
		start: 'Slow update — written by the loop at epoch ends; proposed edits cannot touch it',
		end: 'End of slow update',
		name: 'slow update'
	},
	appendix: {
		start: 'Appendix — execution notes kept by the loop; proposed edits cannot touch it',
		end: 'End of appendix',
		name: 'appendix'
	}
};

/** The words a marker's widget shows (and a screen reader reads). */
export function markerLabel(hit: Pick<MarkerHit, 'kind' | 'side'>): string {
	return LABELS[hit.kind][hit.side];
}

/** One widget: the marker's span in the document and its label. */
export interface MarkerWidgetRange {
	from: number;
	to: number;
	kind: RegionKind;
	side: 'start' | 'end';
	label: string;
}

/** Where the marker widgets go: every exact marker string, in document order. */
export function markerWidgetRanges(text: string): MarkerWidgetRange[] {
	return findRegions(text).markers.map((hit) => ({
		from: hit.from,
		to: hit.to,
		kind: hit.kind,
		side: hit.side,
		label: markerLabel(hit)
	}));
}

class MarkerWidget extends WidgetType {
	readonly kind: RegionKind;
	readonly side: 'start' | 'end';
	readonly marker: string;

	constructor(kind: RegionKind, side: 'start' | 'end', marker: string) {
		super();
		this.kind = kind;
		this.side = side;
		this.marker = marker;
	}

	override eq(other: MarkerWidget): boolean {
		return other.kind === this.kind && other.side === this.side;
	}

	toDOM(): HTMLElement {
		const span = document.createElement('span');
		span.className = `cm-protected-marker cm-protected-${this.side}`;
		span.dataset.kind = this.kind;
		span.dataset.side = this.side;
		span.textContent = LABELS[this.kind][this.side];
		// The raw comment stays discoverable (hover) without being what is read aloud.
		span.title = `${this.marker} — a protected-block marker (delete asks first)`;
		return span;
	}

	override ignoreEvent(): boolean {
		return false;
	}
}

const contentLine = Decoration.line({ class: 'cm-protected-line' });

/** The widget and line decorations of `doc`. */
export function protectedDecorations(doc: Text): DecorationSet {
	const text = doc.toString();
	const { regions, markers } = findRegions(text);
	// Line decorations (at line starts) and widgets must be added in position order.
	const items: { from: number; to: number; deco: Decoration }[] = [];
	for (const hit of markers) {
		items.push({
			from: hit.from,
			to: hit.to,
			deco: Decoration.replace({
				widget: new MarkerWidget(hit.kind, hit.side, text.slice(hit.from, hit.to))
			})
		});
	}
	for (const region of regions) {
		if (!region.closed) continue;
		const first = doc.lineAt(region.from).number;
		const last = doc.lineAt(region.to).number;
		for (let n = first; n <= last; n++) {
			const at = doc.line(n).from;
			items.push({ from: at, to: at, deco: contentLine });
		}
	}
	items.sort((a, b) => a.from - b.from || a.deco.startSide - b.deco.startSide);
	const builder = new RangeSetBuilder<Decoration>();
	for (const item of items) builder.add(item.from, item.to, item.deco);
	return builder.finish();
}

const protectedField = StateField.define<DecorationSet>({
	create: (state) => protectedDecorations(state.doc),
	update: (decorations, tr) => (tr.docChanged ? protectedDecorations(tr.newDoc) : decorations),
	provide: (field) => [
		EditorView.decorations.from(field),
		// Only the marker widgets are atomic; the tinted lines are ordinary text.
		EditorView.atomicRanges.of((view) => markerOnly(view.state.field(field)))
	]
});

function markerOnly(decorations: DecorationSet): DecorationSet {
	return decorations.update({ filter: (from, to) => to > from });
}

/** What a change would do to markers: nothing, break some, or delete whole blocks. */
export function removalOf(
	startDoc: Text,
	changes: ChangeSet
): { hits: MarkerHit[]; wholeBlocks: RegionKind[] } {
	const text = startDoc.toString();
	const { markers, regions } = findRegions(text);
	const removed: [number, number][] = [];
	changes.iterChanges((fromA, toA) => {
		if (toA > fromA) removed.push([fromA, toA]);
	});
	const hits = markers.filter((m) => removed.some(([from, to]) => from < m.to && m.from < to));
	const wholeBlocks = regions
		.filter((r) => r.closed && removed.some(([from, to]) => from <= r.from && r.to <= to))
		.map((r) => r.kind);
	return { hits, wholeBlocks };
}

function describeRemoval(
	hits: MarkerHit[],
	wholeBlocks: RegionKind[]
): {
	message: string;
	confirmLabel: string;
} {
	const first = wholeBlocks[0];
	if (first !== undefined) {
		const names = [...new Set(wholeBlocks)].map((k) => LABELS[k].name).join(' and the ');
		return {
			message: `Delete the ${names} block, markers and text? The loop protects this block from proposed edits${wholeBlocks.includes('slow') ? ' and writes a new, empty one at the next epoch end' : ''}. Undo (Ctrl/⌘+Z) brings it back.`,
			confirmLabel: 'Delete block'
		};
	}
	const hit = hits[0];
	const name = hit === undefined ? 'protected' : LABELS[hit.kind].name;
	return {
		message: `Remove ${hits.length === 1 ? `the ${name} ${hit?.side ?? ''} marker` : `${hits.length} protected-block markers`}? Without both markers the text of the ${name} block is no longer protected, and the loop reports the unpaired marker. Undo (Ctrl/⌘+Z) brings it back.`,
		confirmLabel: hits.length === 1 ? 'Remove marker' : 'Remove markers'
	};
}

/**
 * The protected-block extension. `confirmRemoval` is called (outside the dispatch) with each held
 * back change; apply a confirmed one with {@link applyRemoval}.
 */
export function protectedBlocks(confirmRemoval: (request: RemovalRequest) => void): Extension {
	const guard = EditorState.transactionFilter.of((tr) => {
		if (!tr.docChanged || tr.annotation(allowMarkerRemoval) === true) return tr;
		// Only a person's editing is held back: undo/redo restore what was there.
		if (!(tr.isUserEvent('input') || tr.isUserEvent('delete') || tr.isUserEvent('move'))) {
			return tr;
		}
		const { hits, wholeBlocks } = removalOf(tr.startState.doc, tr.changes);
		if (hits.length === 0) return tr;
		const request: RemovalRequest = {
			...describeRemoval(hits, wholeBlocks),
			changes: tr.changes,
			selection: tr.selection ?? tr.startState.selection.map(tr.changes),
			userEvent: tr.annotation(Transaction.userEvent),
			startDoc: tr.startState.doc
		};
		queueMicrotask(() => confirmRemoval(request));
		return [];
	});
	return [protectedField, guard, protectedTheme];
}

/** Applies a confirmed removal (one undoable change); false when the document moved on. */
export function applyRemoval(view: EditorView, request: RemovalRequest): boolean {
	if (!view.state.doc.eq(request.startDoc)) return false;
	view.dispatch({
		changes: request.changes,
		selection: request.selection,
		annotations: allowMarkerRemoval.of(true),
		scrollIntoView: true,
		...(request.userEvent === undefined ? {} : { userEvent: request.userEvent })
	});
	return true;
}

const protectedTheme = EditorView.theme({
	'.cm-protected-marker': {
		display: 'inline-block',
		padding: '0 0.4em',
		borderRadius: '0.25em',
		border: '1px solid var(--accent)',
		borderLeftWidth: '4px',
		color: 'var(--text)',
		backgroundColor: 'var(--surface)',
		fontFamily: 'var(--sans, system-ui, sans-serif)',
		fontSize: '0.85em',
		cursor: 'default'
	},
	'.cm-protected-line': { boxShadow: 'inset 3px 0 0 var(--accent)' }
});
