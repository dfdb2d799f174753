/**
 * Line numbers as the optimiser sees them.
 *
 * Small models paraphrase long anchors but copy a number reliably, so the skill is shown to the
 * optimiser as numbered lines (`L7: - Convert units first`) and edits may address a line by that
 * number (method doc, section P). This module renders that view and maps a number back to the
 * exact span of text it names.
 */

/** A line of the document: `[from, to)` is its text, `end` includes its line break if any. */
export interface LineSpan {
	/** 1-based, as shown in the line view. */
	line: number;
	from: number;
	to: number;
	/** Offset just past the line break (equals `to` on the last line). */
	end: number;
	text: string;
}

/**
 * Every line of `text`, as an editor counts them: `'a\nb'` and `'a\nb\n'` both have lines 1
 * and 2 (the empty line after a final line break is left out, since no one can address it
 * usefully); an empty document has one empty line.
 *
 * @example splitLines('# Skill\n- rule').map((l) => l.text) // ['# Skill', '- rule']
 */
export function splitLines(text: string): LineSpan[] {
	const lines: LineSpan[] = [];
	let from = 0;
	for (;;) {
		const nl = text.indexOf('\n', from);
		const to = nl === -1 ? text.length : nl;
		const end = nl === -1 ? to : nl + 1;
		lines.push({ line: lines.length + 1, from, to, end, text: text.slice(from, to) });
		if (nl === -1 || end === text.length) break;
		from = end;
	}
	return lines;
}

/**
 * The span of 1-based line `line`, or `undefined` when there is no such line (not a positive
 * whole number, or past the last line).
 *
 * @example lineSpan('a\nbc', 2) // { line: 2, from: 2, to: 4, end: 4, text: 'bc' }
 */
export function lineSpan(text: string, line: number): LineSpan | undefined {
	if (!Number.isInteger(line) || line < 1) return undefined;
	return splitLines(text)[line - 1];
}

/**
 * The 1-based line containing `offset` (an offset on a line break belongs to the line it ends).
 *
 * @example lineAt('a\nb', 2) // 2
 */
export function lineAt(text: string, offset: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}

/**
 * The document with each line prefixed by `L<n>: `, the form shown to the optimiser.
 *
 * @example lineView('# Skill\n- Count flips') // 'L1: # Skill\nL2: - Count flips'
 */
export function lineView(text: string): string {
	return splitLines(text)
		.map((l) => `L${l.line}: ${l.text}`)
		.join('\n');
}
