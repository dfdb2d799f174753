/**
 * Seeded mutations of valid documents for the format fuzz tests: each mutation picks a node of
 * the document and replaces, removes, wraps or retypes it, or adds a key named like a built-in.
 * The hostile values are the ones the schemas exist for: own `__proto__` keys (as JSON.parse
 * makes them), non-string `type` fields, deep nesting, huge strings, wrong types.
 */

/** mulberry32: small, seeded, good enough to spread mutations. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'type',
	'id',
	'x'
];

function nest(depth: number, leaf: unknown, asObject: boolean): unknown {
	let value = leaf;
	for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
	return value;
}

const HOSTILE: (() => unknown)[] = [
	() => null,
	() => 0,
	() => -1,
	() => 1.5,
	() => 1e308,
	() => '',
	() => 'text',
	() => 'x'.repeat(200_000),
	() => true,
	() => [],
	() => [1, 'a', null, {}],
	() => ({}),
	() => ({ toString: 1, valueOf: 2 }),
	() => ({ type: { toString: 1 } }),
	() => JSON.parse('{"__proto__": {"polluted": true}}'),
	() => JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
	() => nest(300, 1, false),
	() => nest(300, 'x', true),
	() => nest(70, 1, true)
];

function pick<T>(list: readonly T[], random: () => number): T {
	const item = list[Math.floor(random() * list.length)];
	if (item === undefined) throw new Error('empty list');
	return item;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
	return typeof value === 'object' && value !== null;
}

/** Every (container, key) pair in the document, up to `limit` (a walk, not the whole tree). */
function slots(root: unknown, limit: number): { parent: Container; key: string | number }[] {
	const out: { parent: Container; key: string | number }[] = [];
	const stack: unknown[] = [root];
	while (stack.length > 0 && out.length < limit) {
		const at = stack.pop();
		if (!isContainer(at)) continue;
		const keys = Array.isArray(at) ? at.map((_, i) => i) : Object.keys(at);
		for (const key of keys) {
			out.push({ parent: at, key });
			stack.push((at as Record<string | number, unknown>)[key]);
		}
	}
	return out;
}

function setOwn(parent: Container, key: string | number, value: unknown): void {
	Object.defineProperty(parent, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true
	});
}

/** One to three mutations of a copy of `doc`. */
export function mutate(doc: unknown, random: () => number): unknown {
	const root: unknown = JSON.parse(JSON.stringify(doc));
	const all = slots(root, 5_000);
	const times = 1 + Math.floor(random() * 3);
	for (let i = 0; i < times && all.length > 0; i++) {
		const { parent, key } = pick(all, random);
		const current = (parent as Record<string | number, unknown>)[key];
		const choice = random();
		if (choice < 0.45) setOwn(parent, key, pick(HOSTILE, random)());
		else if (choice < 0.6) {
			if (Array.isArray(parent)) parent.splice(Number(key), 1);
			else Reflect.deleteProperty(parent, key);
		} else if (choice < 0.8) {
			const target = isContainer(current) && !Array.isArray(current) ? current : parent;
			if (!Array.isArray(target)) setOwn(target, pick(KEYS, random), pick(HOSTILE, random)());
			else target.push(pick(HOSTILE, random)());
		} else if (choice < 0.9) setOwn(parent, key, [current]);
		else
			setOwn(
				parent,
				key,
				typeof current === 'string'
					? current.length
					: typeof current === 'number'
						? `${current}`
						: 42
			);
	}
	return root;
}

/** What Object.prototype looks like, to check that nothing was written to it. */
export function prototypeState(): string {
	return JSON.stringify(Object.getOwnPropertyNames(Object.prototype).sort());
}
