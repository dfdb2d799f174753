/**
 * What the simulation knows about last letters: the rules a skill can state, which items need
 * them, and how a model that misses one answers.
 */
import type { PackItem } from '../../../../src/core/packs/types.ts';
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, flag, featuresOf, num } from './lesson-kit.ts';

/** The words of the quoted phrase, or none when the input is not at hand. */
function wordsOf(item: PackItem): string[] {
	const quoted = /"([^"]+)"/.exec(item.input ?? '');
	return quoted?.[1]?.trim().split(/\s+/) ?? [];
}

const gold = (item: PackItem): string => (typeof item.answer === 'string' ? item.answer : '');

export const lastLettersLessons: FamilyLessons = {
	familyId: 'last-letters',
	lessons: [
		{
			id: 'one-word-per-line',
			kind: 'procedure',
			phrasings: [
				'Write each word on its own line and put its last letter next to it.',
				'Go word by word, one line per word, noting the final letter.',
				'List the words one per line before picking letters.'
			],
			triggers: [
				'write each word on its own line',
				'one line per word',
				'list the words one per line'
			],
			needs: (f) => num(f, 'words') >= 4
		},
		{
			id: 'last-not-first',
			kind: 'procedure',
			phrasings: [
				'Use the last letter of each word, never the capital first letter of a name.',
				'For names, ignore the capital letter at the start; take the letter at the end.',
				'The letter you need is always the final one, even for names.'
			],
			triggers: [
				'never the capital first letter',
				'ignore the capital letter at the start',
				'always the final one'
			],
			needs: (f) => flag(f, 'hasNames')
		},
		{
			id: 'keep-repeats',
			kind: 'procedure',
			phrasings: [
				'If two words end in the same letter, write that letter twice.',
				'Keep repeated letters: one letter per word, even when they match.',
				'Never merge equal neighbouring letters.'
			],
			triggers: [
				'write that letter twice',
				'keep repeated letters',
				'never merge equal neighbouring letters'
			],
			needs: (f) => flag(f, 'repeatedLetters')
		},
		{
			id: 'count-check',
			kind: 'procedure',
			phrasings: [
				'Check that the answer has exactly as many letters as there are words.',
				'Count the words and make sure the result has the same number of letters.',
				'Before answering, compare the letter count with the word count.'
			],
			triggers: [
				'as many letters as there are words',
				'same number of letters',
				'compare the letter count with the word count'
			],
			needs: (f) => num(f, 'words') >= 5
		},
		{
			id: 'join-without-spaces',
			kind: 'procedure',
			phrasings: [
				'Join the letters with no spaces or commas between them.',
				'Glue the letters together into one lowercase string.'
			],
			triggers: ['no spaces or commas between them', 'glue the letters together'],
			needs: (f) => num(f, 'words') >= 3
		},
		answerLineLesson(['<letters>']),
		{
			id: 'first-letters',
			kind: 'harmful',
			phrasings: ['Take the first letter of each word.', 'Use the initials of the words.'],
			triggers: ['take the first letter of each word', 'use the initials'],
			hurts: () => true
		},
		{
			id: 'skip-short-words',
			kind: 'harmful',
			phrasings: [
				'Skip short words of three letters or less.',
				'Short words do not count; leave them out.'
			],
			triggers: ['skip short words', 'short words do not count'],
			hurts: (f) => flag(f, 'shortWord')
		}
	],
	wrongAnswer(item, variant) {
		const words = wordsOf(item);
		const right = gold(item);
		const mistakes = [
			// Initials instead of final letters.
			words.map((w) => w.charAt(0).toLowerCase()).join(''),
			// One letter lost in the middle.
			right.slice(0, Math.floor(right.length / 2)) + right.slice(Math.floor(right.length / 2) + 1),
			// Repeats merged, or else the last word forgotten.
			/(.)\1/.test(right) ? right.replace(/(.)\1+/g, '$1') : right.slice(0, -1)
		].filter((m) => m !== '' && m !== right);
		return mistakes[variant % Math.max(mistakes.length, 1)] ?? `${right}s`;
	},
	renderAnswer: (answer) => String(answer ?? ''),
	reasoning(item, correct) {
		const words = wordsOf(item);
		const shown = words.length > 0 ? words.join(', ') : `${num(featuresOf(item), 'words')} words`;
		return correct
			? [
					`The words are: ${shown}.`,
					`Their last letters are ${gold(item).split('').join(', ')}.`,
					'Joined together without spaces.'
				]
			: [`The words are: ${shown}.`, 'Taking one letter from each word.'];
	}
};
