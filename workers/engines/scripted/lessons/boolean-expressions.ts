/**
 * What the simulation knows about Boolean expressions: the rules a skill can state, which items
 * need them, and how a model that misses one answers.
 */
import type { FamilyLessons } from '../lesson-types.ts';
import { answerLineLesson, featuresOf, flag, num } from './lesson-kit.ts';

const opposite = (value: unknown): string => (value === 'True' ? 'False' : 'True');

export const booleanExpressionsLessons: FamilyLessons = {
	familyId: 'boolean-expressions',
	lessons: [
		{
			id: 'precedence',
			kind: 'procedure',
			phrasings: [
				'Apply not first, then and, then or.',
				'and binds tighter than or: group the and-parts before any or.',
				'Use Python precedence: not before and before or.'
			],
			triggers: [
				'apply not first, then and, then or',
				'and binds tighter than or',
				'not before and before or'
			],
			needs: (f) => flag(f, 'precedenceMatters')
		},
		{
			id: 'innermost-first',
			kind: 'procedure',
			phrasings: [
				'Evaluate the innermost parentheses first and rewrite the expression.',
				'Work from the deepest brackets outward.',
				'Replace each innermost ( … ) with its value, then repeat.'
			],
			triggers: [
				'innermost parentheses first',
				'deepest brackets outward',
				'replace each innermost'
			],
			needs: (f) => num(f, 'depth') >= 2
		},
		{
			id: 'not-flips',
			kind: 'procedure',
			phrasings: [
				'not flips the value right after it: not True is False.',
				'Apply each not to the single value or bracket right after it.',
				'Each not flips one value, the one right after it; not not cancels out.'
			],
			triggers: [
				'not flips the value right after it',
				'apply each not to the single value',
				'each not flips one value'
			],
			needs: (f) => flag(f, 'hasNot')
		},
		{
			id: 'one-step-per-line',
			kind: 'procedure',
			phrasings: [
				'Rewrite the expression after each single step, one step per line.',
				'Simplify one operator at a time and write the shorter expression each time.',
				'Never do two operations in one step.'
			],
			triggers: [
				'one step per line',
				'one operator at a time',
				'never do two operations in one step'
			],
			needs: (f) => num(f, 'operators') >= 4
		},
		answerLineLesson(['True', 'False']),
		{
			id: 'left-to-right',
			kind: 'harmful',
			phrasings: [
				'Read the expression strictly from left to right.',
				'Evaluate the operators in the order they appear.'
			],
			triggers: ['strictly from left to right', 'in the order they appear'],
			hurts: (f) => flag(f, 'precedenceMatters')
		},
		{
			id: 'ignore-not',
			kind: 'harmful',
			phrasings: ['The word not is only emphasis; ignore it.', 'Skip every not.'],
			triggers: ['not is only emphasis', 'skip every not'],
			hurts: (f) => flag(f, 'hasNot')
		}
	],
	wrongAnswer: (item) => opposite(item.answer),
	renderAnswer: (gold) => String(gold ?? ''),
	reasoning(item, correct) {
		const f = featuresOf(item);
		const value = correct ? String(item.answer ?? '') : opposite(item.answer);
		const lines: string[] = [];
		if (num(f, 'depth') > 0) lines.push('First the parts in parentheses.');
		if (flag(f, 'hasNot'))
			lines.push(correct ? 'Each not flips the value after it.' : 'The nots change little here.');
		lines.push(correct ? 'Then and, then or.' : 'Then left to right.');
		lines.push(`The expression is ${value}.`);
		return lines;
	}
};
