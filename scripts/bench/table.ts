/**
 * Plain-text tables and number formats for `npm run bench` (the figures are read in a terminal
 * and pasted into the README, so fixed-width columns, no colours).
 */

/** Left-aligned first column, right-aligned others, two spaces apart. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
	const all = [head, ...rows];
	const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
	const line = (r: readonly string[]) =>
		r
			.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
			.join('  ')
			.trimEnd();
	return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

export const times = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–');

/** `a/b = ratio×` */
export const ratio = (a: number, b: number): string => `${a}/${b} = ${times(a / b)}`;

export function kb(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toFixed(2)} MB`
		: `${(bytes / 1024).toFixed(1)} KB`;
}

export const ms = (x: number | null): string => (x === null ? '–' : `${Math.round(x)} ms`);
