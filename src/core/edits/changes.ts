/**
 * Text changes in CodeMirror's vocabulary, `{ from, to, insert }`, and their composition.
 *
 * The loop applies edits one after another (each sees the previous result), but the editor must
 * apply an accepted proposal as one transaction, where every change is addressed in the
 * *original* document's coordinates, sorted and non-overlapping (CodeMirror's `ChangeSpec[]`).
 * `ChangeTracker` records the sequential changes and turns them into that form; it also maps
 * spans of the original document into the current one, which is how a line number that the
 * optimiser read in the original still finds its line after earlier edits moved it.
 */

/** One replacement of `[from, to)` by `insert`; CodeMirror's `ChangeSpec` shape. */
export interface TextChange {
	from: number;
	to: number;
	insert: string;
}

/**
 * Checks that `changes` are valid for a document of `length` characters, as one transaction:
 * whole numbers, `0 <= from <= to <= length`, sorted and not overlapping.
 *
 * @throws RangeError naming the first bad change.
 * @example validateChanges([{ from: 0, to: 1, insert: 'x' }], 3) // ok
 */
export function validateChanges(changes: readonly TextChange[], length: number): void {
	let last = 0;
	changes.forEach((c, i) => {
		if (!Number.isInteger(c.from) || !Number.isInteger(c.to)) {
			throw new RangeError(`change ${i}: from/to must be whole numbers (got ${c.from}, ${c.to})`);
		}
		if (c.from < 0 || c.to < c.from || c.to > length) {
			throw new RangeError(
				`change ${i}: invalid range ${c.from}..${c.to} for a document of length ${length}`
			);
		}
		if (c.from < last) {
			throw new RangeError(
				`change ${i}: starts at ${c.from}, before the previous change ended (${last})`
			);
		}
		last = c.to;
	});
}

/**
 * Applies `changes` (original coordinates, as one transaction) to `text`.
 *
 * @throws RangeError when the changes are out of bounds, unsorted or overlapping.
 * @example applyChanges('abc', [{ from: 1, to: 2, insert: 'X' }]) // 'aXc'
 */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
	validateChanges(changes, text.length);
	let out = '';
	let pos = 0;
	for (const c of changes) {
		out += text.slice(pos, c.from) + c.insert;
		pos = c.to;
	}
	return out + text.slice(pos);
}

type Piece = { orig: true; from: number; to: number } | { orig: false; text: string };

function pieceLength(p: Piece): number {
	return p.orig ? p.to - p.from : p.text.length;
}

/**
 * Follows sequential changes to a document, remembering which characters are still the
 * original's.
 *
 * @example
 * const t = new ChangeTracker('hello world')
 * t.apply({ from: 0, to: 5, insert: 'goodbye' }) // 'goodbye world'
 * t.changes() // [{ from: 0, to: 5, insert: 'goodbye' }]
 */
export class ChangeTracker {
	readonly original: string;
	#text: string;
	#pieces: Piece[];

	constructor(original: string) {
		this.original = original;
		this.#text = original;
		this.#pieces = original === '' ? [] : [{ orig: true, from: 0, to: original.length }];
	}

	/** The document after every change so far. */
	get text(): string {
		return this.#text;
	}

	/**
	 * Applies one change addressed in the *current* document's coordinates.
	 *
	 * @throws RangeError on bounds outside the current document.
	 */
	apply(change: TextChange): string {
		validateChanges([change], this.#text.length);
		const { from, to, insert } = change;
		if (from === to && insert === '') return this.#text;
		const next: Piece[] = [];
		let pos = 0;
		let inserted = false;
		const put = (): void => {
			if (!inserted && insert !== '') next.push({ orig: false, text: insert });
			inserted = true;
		};
		for (const p of this.#pieces) {
			const len = pieceLength(p);
			const start = pos;
			const end = pos + len;
			pos = end;
			if (end <= from && !(end === from && start === from)) {
				next.push(p);
				continue;
			}
			if (start >= to && start >= from) {
				put();
				next.push(p);
				continue;
			}
			// The piece meets [from, to): keep what lies outside it.
			const keepHead = Math.max(0, from - start);
			const keepTail = Math.max(0, end - to);
			if (keepHead > 0) next.push(slicePiece(p, 0, keepHead));
			put();
			if (keepTail > 0) next.push(slicePiece(p, len - keepTail, len));
		}
		put();
		this.#pieces = next;
		this.#text = this.#text.slice(0, from) + insert + this.#text.slice(to);
		return this.#text;
	}

	/**
	 * Where the original span `[from, to)` is now, if no change has touched it since (an
	 * insertion exactly at either edge does not count as touching).
	 *
	 * @example new ChangeTracker('ab').mapSpan(0, 1) // { from: 0, to: 1 }
	 */
	mapSpan(from: number, to: number): { from: number; to: number } | undefined {
		let pos = 0;
		for (const p of this.#pieces) {
			const len = pieceLength(p);
			if (p.orig && p.from <= from && to <= p.to) {
				return { from: pos + (from - p.from), to: pos + (to - p.from) };
			}
			pos += len;
		}
		// An empty original document has no pieces; its one empty span is at 0 if nothing changed.
		if (from === to && this.#pieces.length === 0 && this.original === '') return { from: 0, to: 0 };
		return undefined;
	}

	/** The net changes as one transaction in the original document's coordinates. */
	changes(): TextChange[] {
		const out: TextChange[] = [];
		let origPos = 0;
		let pending = '';
		for (const p of this.#pieces) {
			if (!p.orig) {
				pending += p.text;
				continue;
			}
			if (p.from > origPos || pending !== '')
				out.push({ from: origPos, to: p.from, insert: pending });
			pending = '';
			origPos = p.to;
		}
		if (origPos < this.original.length || pending !== '') {
			out.push({ from: origPos, to: this.original.length, insert: pending });
		}
		return out;
	}
}

function slicePiece(p: Piece, start: number, end: number): Piece {
	return p.orig
		? { orig: true, from: p.from + start, to: p.from + end }
		: { orig: false, text: p.text.slice(start, end) };
}
