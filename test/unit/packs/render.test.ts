import { describe, expect, it } from 'vitest';
import {
	renderChoices,
	renderMessages,
	renderUserPrompt,
	templatePlaceholders
} from '../../../src/core/packs/render.ts';
import type { PromptSpec } from '../../../src/core/packs/types.ts';

const prompt: PromptSpec = {
	template: '{{input}}\n\n{{contract}}',
	contract: 'Finish with a final line: Answer: <number>'
};

describe('renderMessages', () => {
	it('puts the skill in the system prompt and the templated input with its contract in the user turn', () => {
		expect(renderMessages({ prompt }, { id: 'a', input: 'What is 2+2?' }, '# Skill')).toEqual([
			{ role: 'system', content: '# Skill' },
			{ role: 'user', content: 'What is 2+2?\n\nFinish with a final line: Answer: <number>' }
		]);
	});

	it('places the system prefix before the skill and omits empty parts', () => {
		const withPrefix = { prompt: { ...prompt, systemPrefix: 'You are careful.' } };
		expect(renderMessages(withPrefix, { id: 'a', input: 'x' }, 'Skill')[0]).toEqual({
			role: 'system',
			content: 'You are careful.\n\nSkill'
		});
		expect(renderMessages(withPrefix, { id: 'a', input: 'x' }, '  ')[0]?.content).toBe(
			'You are careful.'
		);
		const none = renderMessages({ prompt }, { id: 'a', input: 'x' }, '');
		expect(none.map((m) => m.role)).toEqual(['user']);
	});

	it('fills {{var}} placeholders from vars and leaves unknown ones alone', () => {
		const p = {
			template: 'Translate {{ text }} into {{lang}}. {{missing}}\n{{contract}}',
			contract: 'Answer: <text>'
		};
		const [user] = renderMessages(
			{ prompt: p },
			{ id: 'a', vars: { text: 'hola', lang: 'English' } },
			''
		);
		expect(user?.content).toBe('Translate hola into English. {{missing}}\nAnswer: <text>');
	});

	it('does not expand placeholders that arrive inside item text', () => {
		const [user] = renderMessages({ prompt }, { id: 'a', input: 'say {{contract}}' }, '');
		expect(user?.content).toBe('say {{contract}}\n\nFinish with a final line: Answer: <number>');
	});

	it('appends the contract when the template forgets it', () => {
		const [user] = renderMessages(
			{ prompt: { template: 'Q: {{input}}', contract: 'Answer: <n>' } },
			{ id: 'a', input: '1+1' },
			''
		);
		expect(user?.content).toBe('Q: 1+1\n\nAnswer: <n>');
	});

	it('renders choices as (A) lines after the input unless the input already lists them', () => {
		const choices = { B: 'blue', A: 'red' };
		const [added] = renderMessages({ prompt }, { id: 'a', input: 'Which colour?', choices }, '');
		expect(added?.content).toBe(
			'Which colour?\n(A) red\n(B) blue\n\nFinish with a final line: Answer: <number>'
		);
		const listed = 'Which colour?\n(A) red\n(B) blue';
		const [kept] = renderMessages({ prompt }, { id: 'a', input: listed, choices }, '');
		expect(kept?.content.match(/\(A\)/gu)).toHaveLength(1);
	});

	it('puts choices where the template has {{choices}}', () => {
		const p = {
			template: '{{input}}\nOptions:\n{{choices}}\n{{contract}}',
			contract: 'Answer: (X)'
		};
		expect(renderUserPrompt(p, { id: 'a', input: 'Pick', choices: { A: 'one', B: 'two' } })).toBe(
			'Pick\nOptions:\n(A) one\n(B) two\nAnswer: (X)'
		);
	});

	it('appends the contract to the last user turn of a messages-style item and folds its system turn after the skill', () => {
		const messages = renderMessages(
			{ prompt: { ...prompt, contract: 'Reply with one word.' } },
			{
				id: 'a',
				messages: [
					{ role: 'system', content: 'Be terse.' },
					{ role: 'user', content: 'Hi' },
					{ role: 'assistant', content: 'Hello' },
					{ role: 'user', content: 'Capital of France?' }
				]
			},
			'Skill'
		);
		expect(messages).toEqual([
			{ role: 'system', content: 'Skill\n\nBe terse.' },
			{ role: 'user', content: 'Hi' },
			{ role: 'assistant', content: 'Hello' },
			{ role: 'user', content: 'Capital of France?\n\nReply with one word.' }
		]);
	});
});

describe('template helpers', () => {
	it('lists placeholders once each, in order', () => {
		expect(templatePlaceholders('{{a}} {{ b }} {{a}} {{contract}}')).toEqual([
			'a',
			'b',
			'contract'
		]);
		expect(renderChoices({ C: 'z', A: 'x' })).toBe('(A) x\n(C) z');
	});
});
