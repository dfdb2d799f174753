/**
 * Small field readers for restoring outside documents (workspace files). Each one names the path
 * of the value it rejects, so the message points at the exact spot: `skills[2].text: expected a
 * string, got a number`.
 */
import { WorkspaceFileError } from './errors.ts';

export type Obj = Record<string, unknown>;

/** "a number", "an array", "null"... for messages. */
export function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	const type = typeof value;
	return type === 'object' ? 'an object' : `a ${type}`;
}

export function join(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	return path === '' ? key : `${path}.${key}`;
}

export function readObject(value: unknown, path: string): Obj {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new WorkspaceFileError(path, `expected an object, got ${kindOf(value)}`);
	return value as Obj;
}

export function readArray(obj: Obj, key: string, path: string): unknown[] {
	const value = obj[key];
	if (value === undefined) return [];
	if (!Array.isArray(value))
		throw new WorkspaceFileError(join(path, key), `expected an array, got ${kindOf(value)}`);
	return value;
}

export function readString(obj: Obj, key: string, path: string, fallback?: string): string {
	const value = obj[key];
	if (value === undefined && fallback !== undefined) return fallback;
	if (typeof value !== 'string')
		throw new WorkspaceFileError(join(path, key), `expected a string, got ${kindOf(value)}`);
	return value;
}

/** A non-empty string: ids. */
export function readId(obj: Obj, key: string, path: string): string {
	const value = readString(obj, key, path);
	if (value.trim() === '') throw new WorkspaceFileError(join(path, key), 'must not be empty');
	return value;
}

export function readOptionalString(obj: Obj, key: string, path: string): string | undefined {
	return obj[key] === undefined ? undefined : readString(obj, key, path);
}

export function readNullableId(obj: Obj, key: string, path: string): string | null {
	return obj[key] === undefined || obj[key] === null ? null : readId(obj, key, path);
}

export function readNumber(obj: Obj, key: string, path: string, fallback?: number): number {
	const value = obj[key];
	if (value === undefined && fallback !== undefined) return fallback;
	if (typeof value !== 'number' || !Number.isFinite(value))
		throw new WorkspaceFileError(join(path, key), `expected a finite number, got ${kindOf(value)}`);
	return value;
}

export function readInteger(obj: Obj, key: string, path: string, min: number): number {
	const value = readNumber(obj, key, path);
	if (!Number.isInteger(value) || value < min)
		throw new WorkspaceFileError(join(path, key), `expected an integer ≥ ${min}, got ${value}`);
	return value;
}

export function readOneOf<T extends string>(
	obj: Obj,
	key: string,
	path: string,
	allowed: readonly T[]
): T {
	const value = obj[key];
	const found = allowed.find((a) => a === value);
	if (found === undefined)
		throw new WorkspaceFileError(
			join(path, key),
			`expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value) ?? 'nothing'}`
		);
	return found;
}

/** Throws when `id` was already seen in this list. */
export function requireUnique(seen: Set<string>, id: string, path: string): void {
	if (seen.has(id)) throw new WorkspaceFileError(path, `duplicate id '${id}'`);
	seen.add(id);
}
