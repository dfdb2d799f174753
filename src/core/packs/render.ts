/**
 * Turns a pack item into the chat the executor model sees: the skill as the system prompt and
 * the templated item, ending with the task's fixed output contract, as the user message.
 *
 * The contract belongs to the task, not the skill, so it is always present (appended when a
 * template forgets `{{contract}}`, and appended to the last user turn of messages-style items).
 * Substitution is one pass, so text coming from an item that happens to contain `{{x}}` is never
 * expanded again.
 */
import type { ChatMessage, PackItem, PromptSpec } from './types.ts';

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/gu;

/** Anything with a prompt spec: a TaskPack, a TaskFamily or a draft. */
export interface PromptSource {
	prompt: PromptSpec;
}

/** The placeholder names a template uses, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
	const names: string[] = [];
	for (const match of template.matchAll(PLACEHOLDER)) {
		const name = match[1];
		if (name !== undefined && !names.includes(name)) names.push(name);
	}
	return names;
}

/** `(A) option` lines for a multiple-choice item, in letter order. */
export function renderChoices(choices: Record<string, string>): string {
	return Object.keys(choices)
		.sort()
		.map((letter) => `(${letter}) ${choices[letter] ?? ''}`)
		.join('\n');
}

/** Whether the options are already written into the text, as `(A)` labels. */
function choicesShown(text: string, choices: Record<string, string>): boolean {
	const letters = Object.keys(choices);
	return letters.length > 0 && letters.every((letter) => text.includes(`(${letter})`));
}

function joinParts(parts: readonly (string | undefined)[]): string {
	return parts
		.filter((part): part is string => part !== undefined && part.trim() !== '')
		.join('\n\n');
}

/** The user message of a template-style item (input / vars). */
export function renderUserPrompt(prompt: PromptSpec, item: PackItem): string {
	const vars = item.vars ?? {};
	const names = templatePlaceholders(prompt.template);
	let input = item.input ?? vars['input'] ?? '';
	let choicesText = '';
	if (item.choices !== undefined && !choicesShown(input, item.choices)) {
		choicesText = renderChoices(item.choices);
		// Options go where the template asks for them, else right after the input.
		if (!names.includes('choices') && names.includes('input'))
			input = joinLines(input, choicesText);
	}
	const values: Record<string, string> = {
		...vars,
		input,
		contract: prompt.contract,
		choices: choicesText
	};
	let text = prompt.template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
	if (choicesText !== '' && !names.includes('choices') && !names.includes('input'))
		text = joinLines(text, choicesText);
	if (!names.includes('contract')) text = joinParts([text, prompt.contract]);
	return text;
}

function joinLines(a: string, b: string): string {
	return a === '' ? b : `${a}\n${b}`;
}

/**
 * The full chat for one item: a system message (systemPrefix, then the skill, then any system
 * turns of a messages-style item; omitted when all are empty) and the user turn(s).
 */
export function renderMessages(pack: PromptSource, item: PackItem, skill: string): ChatMessage[] {
	const { prompt } = pack;
	if (item.messages === undefined || item.messages.length === 0) {
		const system = joinParts([prompt.systemPrefix, skill]);
		const user: ChatMessage = { role: 'user', content: renderUserPrompt(prompt, item) };
		return system === '' ? [user] : [{ role: 'system', content: system }, user];
	}

	// Small models' chat templates want one system message, first: fold the item's own
	// system turns in after the skill.
	const itemSystem = item.messages.filter((m) => m.role === 'system').map((m) => m.content);
	const turns = item.messages.filter((m) => m.role !== 'system').map((m) => ({ ...m }));
	let lastUser = -1;
	turns.forEach((m, i) => {
		if (m.role === 'user') lastUser = i;
	});
	const target = turns[lastUser];
	if (target !== undefined) {
		let content = target.content;
		if (item.choices !== undefined && !choicesShown(content, item.choices))
			content = joinLines(content, renderChoices(item.choices));
		target.content = joinParts([content, prompt.contract]);
	} else if (prompt.contract !== '') {
		turns.push({ role: 'user', content: prompt.contract });
	}
	const system = joinParts([prompt.systemPrefix, skill, ...itemSystem]);
	return system === '' ? turns : [{ role: 'system', content: system }, ...turns];
}
