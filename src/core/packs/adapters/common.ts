/**
 * What every import adapter produces, and the small helpers they share: a draft of items with a
 * grader and a prompt, plus located problems. `index.ts` turns a draft into a split pack.
 */
import type { PackIssue } from '../format.ts';
import type { GraderSpec, PackItem, PromptSpec } from '../types.ts';

/** The result of one adapter: items and how to prompt and grade them, or what went wrong. */
export interface Adapted {
	items: PackItem[];
	grader: GraderSpec;
	prompt: PromptSpec;
	errors: PackIssue[];
	warnings: PackIssue[];
	title?: string;
	description?: string;
}

export function problem(code: string, message: string, path?: string): PackIssue {
	return path === undefined ? { code, message } : { code, message, path };
}

/** Escapes text for use inside a regular expression. */
export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** The output contract that goes with a grader, so the baseline model knows the answer format. */
export function contractFor(grader: GraderSpec): string {
	switch (grader.type) {
		case 'numeric':
			return 'Finish with a final line: Answer: <number>';
		case 'choice':
			return 'Finish with a final line: Answer: (<letter>)';
		case 'exact':
			return 'Finish with a final line: Answer: <answer>';
		case 'word_list':
			return 'Finish with a final line: Answer: <the words, separated by spaces>';
		case 'json_fields':
			return `Reply with only a JSON object with the keys ${Object.keys(grader.fields).join(', ')}.`;
		default:
			return '';
	}
}

/** The default template: the input, then the contract. */
export const INPUT_TEMPLATE = '{{input}}\n\n{{contract}}';

/** A gold as a number: `42`, `-3.5`, `1,234`, `$5`, `12%`, `3/4`; `undefined` otherwise. */
export function parseGoldNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value
		.trim()
		.replace(/^[$€£¥]/u, '')
		.replace(/,/gu, '')
		.replace(/%$/u, '');
	const fraction = /^(-?\d+)\s*\/\s*(\d+)$/u.exec(text);
	if (fraction !== null) {
		const d = Number(fraction[2]);
		return d === 0 ? undefined : Number(fraction[1]) / d;
	}
	if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/iu.test(text)) return undefined;
	return Number(text);
}
