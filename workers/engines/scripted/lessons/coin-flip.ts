/**
 * What the simulation knows about coin flip: the rules a skill can state, which items need them,
 * and how a model that misses one answers.
 */
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, featuresOf, flag, num } from './lesson-kit.ts';

export const coinFlipLessons: FamilyLessons = {
	familyId: 'coin-flip',
	lessons: [
		{
			id: 'toggle-only-on-flip',
			kind: 'procedure',
			phrasings: [
				'Only a real flip changes the coin: ignore anyone who does not flip it or only looks at it.',
				'People who look at the coin or pick it up change nothing; only real flips count.',
				'Ignore anyone who does not flip the coin, even if they touch it.'
			],
			triggers: [
				'only a real flip changes the coin',
				'only real flips count',
				'ignore anyone who does not flip'
			],
			needs: (f) => flag(f, 'distractors')
		},
		{
			id: 'parity',
			kind: 'procedure',
			phrasings: [
				'Count the flips: an even number leaves the coin as it started, an odd number turns it over.',
				'After counting, an even count means the starting side is still up.',
				'Two flips cancel out, so only whether the number of flips is odd or even matters.'
			],
			triggers: ['count the flips', 'even count means the starting side', 'two flips cancel out'],
			needs: (f) => num(f, 'flips') >= 2
		},
		{
			id: 'track-start-side',
			kind: 'procedure',
			phrasings: [
				'Write down which side is up at the start before reading about the people.',
				'Check which side the question asks about; it may not be the side the coin started on.',
				'Note the starting side (heads or tails) and compare the final side with the side in the question.'
			],
			triggers: [
				'which side is up at the start',
				'check which side the question asks about',
				'note the starting side'
			],
			needs: (f) => flag(f, 'startsTails') || flag(f, 'asksOtherSide')
		},
		{
			id: 'turn-over-is-flip',
			kind: 'procedure',
			phrasings: [
				'Turning the coin over counts as a flip.',
				'"Turns the coin over" means the same as "flips the coin".',
				'Treat every turn-over as one flip.'
			],
			triggers: [
				'turning the coin over counts as a flip',
				'means the same as "flips the coin"',
				'treat every turn-over as one flip'
			],
			needs: (f) => flag(f, 'turnsOver')
		},
		answerLineLesson(['yes', 'no']),
		{
			id: 'every-mention-flips',
			kind: 'harmful',
			phrasings: [
				'Every person in the story turns the coin once.',
				'Each name mentioned is one flip.'
			],
			triggers: ['every person in the story turns the coin', 'each name mentioned is one flip'],
			hurts: (f) => flag(f, 'distractors')
		},
		{
			id: 'any-flip-changes-side',
			kind: 'harmful',
			phrasings: [
				'If anyone flips the coin, it is no longer on its starting side.',
				'A flipped coin always ends on the other side.'
			],
			triggers: [
				'if anyone flips the coin, it is no longer',
				'a flipped coin always ends on the other side'
			],
			hurts: (f) => num(f, 'flips') >= 2
		}
	],
	wrongAnswer: (item) => (item.answer === 'yes' ? 'no' : 'yes'),
	renderAnswer: (gold) => String(gold ?? ''),
	reasoning(item, correct) {
		const f = featuresOf(item);
		const start = flag(f, 'startsTails') ? 'tails' : 'heads';
		const flips = num(f, 'flips');
		// A wrong chain miscounts: every person, or one flip too many.
		const counted = correct ? flips : flag(f, 'distractors') ? num(f, 'people') : flips + 1;
		const end = counted % 2 === 0 ? start : start === 'heads' ? 'tails' : 'heads';
		return [
			`The coin starts ${start} up.`,
			`It is flipped ${counted} time${counted === 1 ? '' : 's'}.`,
			`${counted} is ${counted % 2 === 0 ? 'even' : 'odd'}, so it ends ${end} up.`
		];
	}
};
