// Hostile workspace files: every one is refused with a WorkspaceFileError that names a path, or
// read; nothing else is thrown, and Object.prototype is never written to.
import { describe, expect, it } from 'vitest';
import { createSha256Hasher } from '../../../src/core/hash.ts';
import { checkWorkspaceFile } from '../../../src/core/schemas/workspace-file.ts';
import { restoreWorkspaceFile } from '../../../src/lib/persistence/workspace-file.ts';
import { exportWorkspaceJson } from '../../../src/lib/persistence/workspace-file.ts';
import { freshDb } from './support/fresh-db.ts';
import { writeSampleWorkspace } from './support/sample-workspace.ts';
import { mutate, prototypeState, seeded } from '../schemas/mutate.ts';

const hasher = createSha256Hasher(crypto.subtle);

async function sampleText(): Promise<string> {
	const source = await freshDb();
	const ids = await writeSampleWorkspace(source.db, source.deps);
	return exportWorkspaceJson(source.db, ids.workspaceId, { clock: source.deps.clock });
}

async function refusal(value: unknown): Promise<{ path: string; message: string }> {
	const error: unknown = await restoreWorkspaceFile(value, hasher).then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toMatchObject({ name: 'WorkspaceFileError' });
	const { path, message } = error as { path: string; message: string };
	expect(message.trim()).not.toBe('');
	return { path, message };
}

/** The sample file with `key` set (as an own property) on the object that `at` picks. */
function withKey(text: string, key: string, at: (f: Record<string, unknown>) => unknown): unknown {
	const file = JSON.parse(text) as Record<string, unknown>;
	Object.defineProperty(at(file), key, { value: { polluted: true }, enumerable: true });
	return JSON.parse(JSON.stringify(file));
}

const first = (f: Record<string, unknown>, list: string): Record<string, unknown> =>
	(f[list] as Record<string, unknown>[])[0] as Record<string, unknown>;

describe('restoreWorkspaceFile on hostile input', () => {
	it('names built-in-named keys at every level', async () => {
		const text = await sampleText();
		const places: [string, (f: Record<string, unknown>) => unknown][] = [
			['', (f) => f],
			['workspace.', (f) => f['workspace']],
			['skills[0].', (f) => first(f, 'skills')],
			['skillVersions[0].', (f) => first(f, 'skillVersions')],
			['packs[0].', (f) => first(f, 'packs')],
			['packs[0].source.', (f) => first(f, 'packs')['source']],
			['runs[0].', (f) => first(f, 'runs')],
			['runSteps[0].', (f) => first(f, 'runSteps')]
		];
		for (const [prefix, at] of places)
			for (const key of ['__proto__', 'constructor', 'prototype', 'toString']) {
				const { path, message } = await refusal(withKey(text, key, at));
				expect(path).toBe(`${prefix}${key}`);
				expect(message).toContain(`'${key}'`);
			}
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});

	it('reports non-string kinds and formats, wrong types and huge strings briefly', async () => {
		const text = await sampleText();
		const file = (): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
		const kind = file();
		(first(kind, 'packs')['source'] as Record<string, unknown>)['kind'] = { toString: 1 };
		expect((await refusal(kind)).message).toBe(
			`packs[0].source.kind: expected one of 'built-in', 'imported', got {"toString":1}`
		);
		expect((await refusal({ ...file(), format: { toString: 1 } })).message).toBe(
			'format: {"toString":1} is not a SkillOpt Playground workspace format.'
		);
		const huge = 'x'.repeat(1_000_000);
		for (const change of [
			{ format: huge },
			{ workspace: { id: huge, currentSkillId: huge } },
			{ skills: [{ id: huge, workspaceId: huge, text: 1 }] }
		])
			expect((await refusal({ ...file(), ...change })).message.length).toBeLessThan(400);
		// A wrong type anywhere is refused with a path; the few that still make a valid file
		// (an empty list of steps, any exportedAt text) are read.
		let refused = 0;
		const fields = [
			'workspace',
			'skills',
			'skillVersions',
			'packs',
			'runs',
			'runSteps',
			'exportedAt'
		];
		for (const value of [0, 'x', true, null, [], {}])
			for (const field of fields) {
				const error: unknown = await restoreWorkspaceFile(
					{ ...file(), [field]: value },
					hasher
				).then(
					() => undefined,
					(e: unknown) => e
				);
				if (error === undefined) continue;
				refused++;
				expect(error).toMatchObject({ name: 'WorkspaceFileError' });
				expect((error as { path: string }).path).not.toBe('');
			}
		expect(refused).toBeGreaterThanOrEqual(36);
	});

	it('refuses deep nesting without overflowing the stack', async () => {
		const text = await sampleText();
		let deep: unknown = 1;
		for (let i = 0; i < 50_000; i++) deep = { a: deep };
		const file = JSON.parse(text) as Record<string, unknown>;
		first(file, 'runs')['snapshot'] = deep;
		expect((await refusal(file)).message).toMatch(/nested more than 160 levels deep/u);
	});

	it('fuzz: 2,000 mutated files each give a workspace or a WorkspaceFileError', async () => {
		const text = await sampleText();
		const base = JSON.parse(text) as unknown;
		const before = prototypeState();
		const random = seeded(12);
		let refused = 0;
		for (let i = 0; i < 2_000; i++) {
			const input = mutate(base, random);
			const checked = checkWorkspaceFile(input);
			if (!checked.ok) expect(checked.problems.length).toBeGreaterThan(0);
			try {
				await restoreWorkspaceFile(input, hasher);
			} catch (error) {
				refused++;
				expect(error).toMatchObject({ name: 'WorkspaceFileError' });
				expect((error as Error).message.trim()).not.toBe('');
			}
		}
		expect(prototypeState()).toBe(before);
		expect(refused).toBeGreaterThan(1_000);
		expect(refused).toBeLessThan(2_000);
	}, 120_000);
});
