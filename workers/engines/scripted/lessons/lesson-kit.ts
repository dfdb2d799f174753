/**
 * Pieces shared by the built-in families' lesson tables: the answer-line (format) lesson, which
 * every family states the same way with its own answer form, and typed reads of item features.
 */
import type { JsonValue } from '../../../../src/core/packs/types.ts';
import type { Features, Lesson } from '../lesson-types.ts';

/**
 * The one format lesson of a family. `forms` are the answer shapes, e.g. `['yes', 'no']` gives
 * "`Answer: yes` or `Answer: no`". The triggers are the same for every family, so a skill's
 * answer-line sentence is recognised whatever the task.
 */
export function answerLineLesson(forms: readonly string[]): Lesson {
	const shown = forms.map((f) => `\`Answer: ${f}\``).join(' or ');
	return {
		id: 'answer-line',
		kind: 'format',
		phrasings: [
			`Finish with a final line ${shown}, with nothing after it.`,
			`Always end with the answer line: ${shown}.`,
			`Put the result on its own line, as ${shown}.`,
			`Finish with ${shown} as the very last line.`
		],
		triggers: [
			'finish with a final line',
			'end with the answer line',
			'on its own line, as `answer:',
			'finish with `answer:'
		]
	};
}

/** A numeric feature, 0 when absent or not a number. */
export function num(features: Features, key: string): number {
	const value = features[key];
	return typeof value === 'number' ? value : 0;
}

/** A boolean feature, false when absent. */
export function flag(features: Features, key: string): boolean {
	return features[key] === true;
}

/** The item's features, or an empty record. */
export function featuresOf(item: { meta?: { features?: Features } }): Features {
	return item.meta?.features ?? {};
}

/** "(C)" for a choice gold given as "C" or "(C)". */
export function asChoice(gold: JsonValue | undefined): string {
	const letter = String(gold ?? '').replace(/[()\s]/g, '');
	return `(${letter.toUpperCase()})`;
}
