/**
 * What the simulation knows about word sorting: the rules a skill can state, which items need
 * them, and the orderings a model that misses one produces.
 */
import type { PackItem } from '../../../../src/core/packs/types.ts';
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, featuresOf, flag, num } from './lesson-kit.ts';

const goldWords = (item: PackItem): string[] =>
	typeof item.answer === 'string' ? item.answer.split(/\s+/).filter((w) => w !== '') : [];

/** The words in the order the input lists them, or none when the input is not at hand. */
const listedWords = (item: PackItem): string[] =>
	/List:\s*([\s\S]+)$/
		.exec(item.input ?? '')?.[1]
		?.trim()
		.split(/\s+/) ?? [];

/** The sorted words with the first tie on the first letter put in the wrong order. */
function firstLetterOnly(words: readonly string[]): string[] {
	const out = [...words];
	const i = out.findIndex((w, k) => k + 1 < out.length && w[0] === out[k + 1]?.[0]);
	const at = i >= 0 ? i : 0;
	const a = out[at];
	const b = out[at + 1];
	if (a !== undefined && b !== undefined) {
		out[at] = b;
		out[at + 1] = a;
	}
	return out;
}

export const wordSortingLessons: FamilyLessons = {
	familyId: 'word-sorting',
	lessons: [
		{
			id: 'bucket-by-letter',
			kind: 'procedure',
			phrasings: [
				'Group the words by their first letter, then order the groups from a to z.',
				'Make a bucket for each starting letter and go through the alphabet.',
				'Walk the alphabet a, b, c … and pick up the words starting with each letter.'
			],
			triggers: [
				'group the words by their first letter',
				'a bucket for each starting letter',
				'walk the alphabet'
			],
			needs: (f) => num(f, 'words') >= 6
		},
		{
			id: 'compare-next-letter',
			kind: 'procedure',
			phrasings: [
				'When two words start with the same letter, compare the second letter, then the third.',
				'Break ties letter by letter until the words differ.',
				'Same first letter? Look at the next letter.'
			],
			triggers: [
				'compare the second letter',
				'letter by letter until the words differ',
				'look at the next letter'
			],
			needs: (f) => flag(f, 'sharedFirstLetter')
		},
		{
			id: 'prefix-first',
			kind: 'procedure',
			phrasings: [
				'A word that is the start of a longer word comes first (car before card).',
				'Shorter words come before longer words that begin with them.',
				'If one word is a prefix of another, the prefix goes first.'
			],
			triggers: [
				'car before card',
				'before longer words that begin with them',
				'the prefix goes first'
			],
			needs: (f) => flag(f, 'prefixWord')
		},
		{
			id: 'keep-every-word',
			kind: 'procedure',
			phrasings: [
				'Keep every word: the sorted list has exactly as many words as the input.',
				'Count the words before and after sorting; the counts must match.',
				'Never drop or repeat a word.'
			],
			triggers: ['keep every word', 'the counts must match', 'never drop or repeat a word'],
			needs: (f) => num(f, 'words') >= 8
		},
		answerLineLesson(['<the words in order, separated by spaces>']),
		{
			id: 'first-letter-only',
			kind: 'harmful',
			phrasings: [
				'Only the first letter matters; keep words with the same first letter in their original order.',
				'Sort by the first letter only.'
			],
			triggers: ['only the first letter matters', 'sort by the first letter only'],
			hurts: (f) => flag(f, 'sharedFirstLetter')
		}
	],
	wrongAnswer(item, variant) {
		const sorted = goldWords(item);
		const listed = listedWords(item);
		const mistakes = [
			firstLetterOnly(sorted),
			// One word lost.
			sorted.filter((_, i) => i !== Math.floor(sorted.length / 2)),
			// Left as given, or else backwards.
			listed.length > 0 && listed.join(' ') !== sorted.join(' ') ? listed : [...sorted].reverse()
		]
			.map((m) => m.join(' '))
			.filter((m) => m !== sorted.join(' '));
		return mistakes[variant % Math.max(mistakes.length, 1)] ?? sorted.slice(1).join(' ');
	},
	renderAnswer: (gold) => String(gold ?? ''),
	reasoning(item, correct) {
		const count = num(featuresOf(item), 'words') || goldWords(item).length;
		return correct
			? [
					`There are ${count} words.`,
					'Ordering them by first letter, then by the next letters on ties.',
					`Check: ${count} words in the result.`
				]
			: [`There are ${count} words.`, 'Ordering them by first letter.'];
	}
};
