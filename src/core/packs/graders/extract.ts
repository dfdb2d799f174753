/**
 * Finds the contract line of an output: the answer the prompt asked for, as opposed to numbers
 * and words that merely appear in the reasoning. `hard` scores look only here.
 *
 * Rules, settled once for every grader:
 * - with a marker (default `Answer:`), the contract line is the LAST line that starts with it,
 *   case-insensitively, after leading spaces, list/quote/heading marks and markdown emphasis
 *   (`**Answer:** 15`, `**Answer**: 15`, `> Answer: 15`, `### Answer: 15` all count);
 * - the answer is the rest of that line without surrounding emphasis or code ticks; when the rest
 *   is empty (`**Answer:**` alone) the next non-empty line is the answer;
 * - with a tag, the answer is the content of the last `<tag>…</tag>` pair.
 */

export const DEFAULT_MARKER = 'Answer:';

/** Where to look for the answer: a line marker, or a tag when `tag` is set. */
export interface ContractOptions {
	marker?: string;
	tag?: string;
}

/** A compiled finder: the answer text, or `undefined` when the output has no contract line. */
export interface ContractFinder {
	/** How the contract is named in explanations, e.g. `'Answer:' line` or `<answer> tag`. */
	readonly label: string;
	find(output: string): string | undefined;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

const EMPHASIS = '(?:\\*\\*|__|\\*|_)?';

function markerPattern(marker: string): RegExp {
	const trimmed = marker.trim();
	// `**Answer**:` puts the emphasis between the word and the colon.
	const body = trimmed.endsWith(':')
		? `${escapeRegExp(trimmed.slice(0, -1).trimEnd())}\\s*${EMPHASIS}\\s*:`
		: escapeRegExp(trimmed);
	return new RegExp(`^[\\s>#*_\\-]*?${EMPHASIS}${body}${EMPHASIS}(.*)$`, 'iu');
}

const WRAPPING = /^(?:\*\*|__|\*|_|`+)\s*|\s*(?:\*\*|__|\*|_|`+)$/gu;

function stripWrapping(text: string): string {
	let value = text.trim();
	for (let i = 0; i < 2; i++) value = value.replace(WRAPPING, '').trim();
	return value;
}

/** Compiles the contract finder for a marker or a tag. */
export function contractFinder(options: ContractOptions): ContractFinder {
	if (options.tag !== undefined) return tagFinder(options.tag);
	const marker = options.marker ?? DEFAULT_MARKER;
	const pattern = markerPattern(marker);
	return {
		label: `'${marker.trim()}' line`,
		find(output) {
			const lines = output.split(/\r?\n/u);
			for (let i = lines.length - 1; i >= 0; i--) {
				const match = pattern.exec(lines[i] ?? '');
				if (match === null) continue;
				const rest = stripWrapping(match[1] ?? '');
				if (rest !== '') return rest;
				for (let j = i + 1; j < lines.length; j++) {
					const next = stripWrapping(lines[j] ?? '');
					if (next !== '') return next;
				}
				return '';
			}
			return undefined;
		}
	};
}

function tagFinder(tag: string): ContractFinder {
	const name = tag.trim().toLowerCase();
	return {
		label: `<${name}> tag`,
		find(output) {
			// indexOf on a lower-cased copy instead of a lazy regex: linear on huge outputs.
			const lower = output.toLowerCase();
			const close = lower.lastIndexOf(`</${name}`);
			if (close < 0) return undefined;
			let open = lower.lastIndexOf(`<${name}`, close);
			while (open >= 0 && !/[\s>/]/u.test(lower.charAt(open + name.length + 1))) {
				open = open === 0 ? -1 : lower.lastIndexOf(`<${name}`, open - 1);
			}
			if (open < 0) return undefined;
			const start = lower.indexOf('>', open);
			if (start < 0 || start > close) return undefined;
			return stripWrapping(output.slice(start + 1, close));
		}
	};
}

/** Validates a marker or tag from a spec; returns a reason when it is unusable. */
export function contractProblem(options: ContractOptions): string | undefined {
	if (options.marker !== undefined) {
		if (typeof options.marker !== 'string' || options.marker.trim() === '') {
			return 'marker must be a non-empty string';
		}
	}
	if (options.tag !== undefined) {
		if (typeof options.tag !== 'string' || !/^[A-Za-z][\w.-]*$/u.test(options.tag.trim())) {
			return `tag ${JSON.stringify(options.tag)} is not a valid tag name`;
		}
	}
	return undefined;
}
