/**
 * A small fake task family for the scripted-engine tests, so they do not depend on the real
 * lesson files: a coin game whose items need "only flips change" when they have distractors and
 * "count the flips" when three or more people take part, with an answer-line format lesson and a
 * harmful "always answer yes" that hurts items whose answer is "no".
 */
import type { GenerateHints, ItemOutcomeHint } from '../../../../src/core/ports.ts';
import type { FamilyLessons } from '../../../../workers/engines/scripted/lesson-types.ts';

export const TOY: FamilyLessons = {
	familyId: 'toy',
	lessons: [
		{
			id: 'toggle-only-on-flip',
			kind: 'procedure',
			phrasings: [
				'Only flips change the coin; ignore people who do not flip.',
				'Remember that only flips change the coin.'
			],
			triggers: ['only flips change'],
			needs: (f) => f.distractors === true
		},
		{
			id: 'parity',
			kind: 'procedure',
			phrasings: [
				'Count the flips: an even count means heads.',
				'Count the flips, then use parity.'
			],
			triggers: ['count the flips'],
			needs: (f) => typeof f.people === 'number' && f.people >= 3
		},
		{
			id: 'answer-line',
			kind: 'format',
			phrasings: ['Finish with a final line `Answer: yes` or `Answer: no`.'],
			triggers: ['answer: yes']
		},
		{
			id: 'always-yes',
			kind: 'harmful',
			phrasings: ['When unsure, always answer yes.'],
			triggers: ['always answer yes'],
			hurts: (f) => f.heads === false
		}
	],
	wrongAnswer: (item) => (item.answer === 'yes' ? 'no' : 'yes'),
	renderAnswer: (gold) => String(gold),
	reasoning: (item, correct) => [
		`There are ${String(item.meta?.features?.people ?? '?')} people.`,
		correct ? 'I count who actually flips the coin.' : 'Everyone seems to touch the coin.'
	]
};

export const TOY_REGISTRY: ReadonlyMap<string, FamilyLessons> = new Map([['toy', TOY]]);

export const SEED_SKILL = '# Coin flips\nRead the story and decide whether the coin is heads up.\n';
export const ALL_LESSONS_SKILL =
	'# Coin flips\nRead the story and decide whether the coin is heads up.\n\n' +
	'## Steps\n- Only flips change the coin; ignore people who do not flip.\n' +
	'- Count the flips: an even count means heads.\n\n' +
	'## Output format\n- Finish with a final line `Answer: yes` or `Answer: no`.\n';

export interface ToyItem {
	id: string;
	gold: string;
	features: { people: number; distractors: boolean; heads: boolean };
}

/** Deterministic toy items: a mix of people counts, distractors and answers. */
export function toyItems(n: number, prefix = 'toy#1'): ToyItem[] {
	return Array.from({ length: n }, (_, i) => {
		const heads = i % 2 === 0;
		return {
			id: `${prefix}-${i}`,
			gold: heads ? 'yes' : 'no',
			features: { people: 2 + (i % 4), distractors: i % 3 !== 0, heads }
		};
	});
}

export function executorHints(item: ToyItem, skill: string, packId = 'toy'): GenerateHints {
	return {
		role: 'executor',
		packId,
		itemId: item.id,
		gold: item.gold,
		features: item.features,
		skill
	};
}

export function outcome(item: ToyItem, hard: number, soft = hard): ItemOutcomeHint {
	return { id: item.id, features: item.features, hard, soft };
}

/** Hard: the gold on an `Answer:` line; soft: the reply merely ends with the gold. */
export function gradeToy(text: string, gold: string): { hard: number; soft: number } {
	const lines = text.trim().split('\n');
	const last = lines.at(-1) ?? '';
	const hard = /^Answer:\s*(\S+)\s*$/.exec(last)?.[1] === gold ? 1 : 0;
	const soft = hard === 1 || new RegExp(`\\b${gold}\\s*$`).test(text.trim()) ? 1 : 0;
	return { hard, soft };
}
