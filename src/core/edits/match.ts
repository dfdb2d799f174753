/**
 * Finding an edit's anchor text in the document.
 *
 * Exact match first; when that finds nothing, a match that ignores case and treats any run of
 * whitespace as one space (small models re-wrap and re-case what they copy). Either way the match
 * must be unique: two candidates mean the edit is ambiguous, and guessing would edit the wrong
 * rule (method doc, section P).
 */

export type AnchorMatch =
	| { kind: 'unique'; from: number; to: number; by: 'exact' | 'normalised' }
	| { kind: 'ambiguous'; count: number; by: 'exact' | 'normalised' }
	| { kind: 'none' };

function occurrences(haystack: string, needle: string, limit = 2): number[] {
	const found: number[] = [];
	for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) {
		found.push(i);
		if (found.length >= limit) break;
	}
	return found;
}

interface Normalised {
	text: string;
	/** For each character of `text`, the offset of the original character it came from. */
	origin: number[];
	/** For each character of `text`, the offset just past its original character(s). */
	originEnd: number[];
}

/**
 * Lowercases and collapses whitespace runs to one space, remembering where each character came
 * from. Characters whose lowercase form has a different length (rare: 'İ') are kept as they are
 * so that offsets stay one-to-one.
 */
function normalise(text: string, trim: boolean): Normalised {
	const out: string[] = [];
	const origin: number[] = [];
	const originEnd: number[] = [];
	let i = 0;
	const source = trim ? text.trim() : text;
	const offset = trim ? text.indexOf(source) : 0;
	while (i < source.length) {
		const ch = source[i] ?? '';
		if (/\s/u.test(ch)) {
			let j = i;
			while (j < source.length && /\s/u.test(source[j] ?? '')) j++;
			out.push(' ');
			origin.push(offset + i);
			originEnd.push(offset + j);
			i = j;
			continue;
		}
		const lower = ch.toLowerCase();
		out.push(lower.length === 1 ? lower : ch);
		origin.push(offset + i);
		originEnd.push(offset + i + 1);
		i++;
	}
	return { text: out.join(''), origin, originEnd };
}

/**
 * Locates `target` in `text`.
 *
 * @example findAnchor('- Count flips\n- Sum', 'count  FLIPS') // { kind: 'unique', from: 2, to: 13, by: 'normalised' }
 */
export function findAnchor(text: string, target: string): AnchorMatch {
	if (target.trim() === '') return { kind: 'none' };
	const exact = occurrences(text, target);
	if (exact.length === 1 && exact[0] !== undefined) {
		return { kind: 'unique', from: exact[0], to: exact[0] + target.length, by: 'exact' };
	}
	if (exact.length > 1) return { kind: 'ambiguous', count: exact.length, by: 'exact' };

	const hay = normalise(text, false);
	const needle = normalise(target, true).text;
	const loose = occurrences(hay.text, needle);
	const at = loose[0];
	if (loose.length === 1 && at !== undefined) {
		const from = hay.origin[at];
		const to = hay.originEnd[at + needle.length - 1];
		if (from !== undefined && to !== undefined)
			return { kind: 'unique', from, to, by: 'normalised' };
	}
	if (loose.length > 1) return { kind: 'ambiguous', count: loose.length, by: 'normalised' };
	return { kind: 'none' };
}

/**
 * Whether `content` already appears in `text`, ignoring case and whitespace differences: an
 * added rule that is already there would only make the skill longer.
 *
 * @example alreadyPresent('- Sum the digits.\n', 'sum the  digits.') // true
 */
export function alreadyPresent(text: string, content: string): boolean {
	const needle = normalise(content, true).text;
	return needle !== '' && normalise(text, false).text.includes(needle);
}
