/** Reads the import fixtures as src/lib would hand them over: parsed JSON, or JSONL as rows. */
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { createSha256Hasher } from '../../../../src/core/hash.ts';

export const hasher = createSha256Hasher(webcrypto.subtle);

function read(name: string): string {
	return readFileSync(new URL(`../../../fixtures/imports/${name}`, import.meta.url), 'utf8');
}

export function fixture(name: string): unknown {
	const text = read(name);
	if (!name.endsWith('.jsonl')) return JSON.parse(text);
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line): unknown => JSON.parse(line));
}

export function rowsOf(name: string): unknown[] {
	const data = fixture(name);
	if (!Array.isArray(data)) throw new Error(`${name} is not a list of rows`);
	return data;
}
