/**
 * A walk over parsed JSON that refuses what a hostile share link could smuggle in before any
 * schema looks at it: deep nesting (stack exhaustion), huge node counts, over-long strings or
 * keys, and own `__proto__` / `constructor` / `prototype` keys (JSON.parse creates `__proto__` as
 * an own property, and a later spread or `Object.assign` would turn it into a prototype).
 *
 * It is iterative, so no depth of nesting can overflow the stack, and it never throws: it
 * returns the first problem as a sentence fragment, or null.
 */

export interface JsonLimits {
	maxDepth: number;
	maxNodes: number;
	maxStringLength: number;
	maxKeyLength: number;
	maxArrayLength: number;
	maxKeysPerObject: number;
}

/** Keys that never appear anywhere in a decoded share payload. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** The first problem with `value` under `limits`, or null when it is plain, bounded JSON. */
export function checkPlainJson(value: unknown, limits: JsonLimits): string | null {
	const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
	let nodes = 0;
	while (stack.length > 0) {
		const top = stack.pop();
		if (top === undefined) break;
		const { value: node, depth } = top;
		if (++nodes > limits.maxNodes) return `it holds more than ${limits.maxNodes} values`;
		if (depth > limits.maxDepth) return `it is nested deeper than ${limits.maxDepth} levels`;
		if (node === null || typeof node === 'boolean') continue;
		if (typeof node === 'number') {
			if (!Number.isFinite(node)) return 'it holds a number that is not finite';
			continue;
		}
		if (typeof node === 'string') {
			if (node.length > limits.maxStringLength)
				return `it holds a text longer than ${limits.maxStringLength} characters`;
			continue;
		}
		if (Array.isArray(node)) {
			if (node.length > limits.maxArrayLength)
				return `it holds a list longer than ${limits.maxArrayLength} entries`;
			for (const child of node as unknown[]) stack.push({ value: child, depth: depth + 1 });
			continue;
		}
		if (typeof node !== 'object' || Object.getPrototypeOf(node) !== Object.prototype)
			return 'it holds something that is not JSON';
		const keys = Object.keys(node);
		if (keys.length > limits.maxKeysPerObject)
			return `an object has more than ${limits.maxKeysPerObject} keys`;
		for (const key of keys) {
			if (FORBIDDEN_KEYS.includes(key)) return `it holds the forbidden key "${key}"`;
			if (key.length > limits.maxKeyLength)
				return `a key is longer than ${limits.maxKeyLength} characters`;
			stack.push({ value: (node as Record<string, unknown>)[key], depth: depth + 1 });
		}
	}
	return null;
}

/**
 * A fresh deep copy of JSON already passed by `checkPlainJson` (so no forbidden keys): the
 * result shares nothing with the input.
 */
export function cloneJson<T>(value: T): T {
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((v: unknown) => cloneJson(v)) as T;
	const out: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value)) {
		if (FORBIDDEN_KEYS.includes(key)) continue;
		out[key] = cloneJson(child);
	}
	return out as T;
}
