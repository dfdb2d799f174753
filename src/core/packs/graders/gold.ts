/**
 * Reads an item's gold answer for the graders that compare one value: a scalar, or an array whose
 * elements are aliases (any of them is right). Objects are json_fields golds and are refused here.
 */

import type { JsonValue } from '../types.ts';

/** The gold answer as a list of alias strings, or `undefined` when there is no usable gold. */
export function goldAliases(answer: JsonValue | undefined): string[] | undefined {
	if (answer === undefined || answer === null) return undefined;
	if (Array.isArray(answer)) {
		const aliases = answer.flatMap((value) => goldAliases(value) ?? []);
		return aliases.length > 0 ? aliases : undefined;
	}
	if (typeof answer === 'object') return undefined;
	return [String(answer)];
}
