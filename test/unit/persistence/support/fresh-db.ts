/**
 * Test helpers: a fresh, isolated database per test (its own fake-indexeddb factory) and
 * deterministic repository dependencies (a stepping clock, counted ids, real SHA-256).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createSha256Hasher } from '../../../../src/core/hash.ts';
import { openSkillOptDb, type SkillOptDb } from '../../../../src/lib/persistence/db.ts';
import type { RepoDeps } from '../../../../src/lib/persistence/deps.ts';

export interface TestDeps extends RepoDeps {
	/** Moves the clock forward without creating a record. */
	advance(ms: number): void;
	/** Sets the clock (it may go backwards, to test ordering guards). */
	setTime(ms: number): void;
}

/** A clock starting at 2025-01-01 that steps 1 s per reading, and ids `id-1`, `id-2`, ... */
export function testDeps(prefix = 'id'): TestDeps {
	let time = Date.UTC(2025, 0, 1);
	let counter = 0;
	return {
		clock: { now: () => (time += 1000) },
		hasher: createSha256Hasher(crypto.subtle),
		newId: () => `${prefix}-${++counter}`,
		advance: (ms) => {
			time += ms;
		},
		setTime: (ms) => {
			time = ms;
		}
	};
}

export interface FreshDb {
	db: SkillOptDb;
	factory: IDBFactory;
	deps: TestDeps;
}

/** Opens the current schema in a brand-new factory, so tests never share data. */
export async function freshDb(): Promise<FreshDb> {
	const factory = new IDBFactory();
	const db = await openSkillOptDb(factory, 'test-db');
	return { db, factory, deps: testDeps() };
}
