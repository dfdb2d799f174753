/**
 * Global settings (engine, chosen models, a remembered endpoint...) as key/value records.
 *
 * Values written by an older app version are outside input too (STYLE rule 11), so reading one
 * takes a `parse` function that returns `undefined` for anything it does not accept; the caller's
 * default then applies. Settings are never exported with a workspace: an endpoint may carry a key.
 */
import { STORES } from './db.ts';
import type { SkillOptDb } from './db.ts';
import { browserDeps, type RepoDeps } from './deps.ts';
import { tx } from './tx.ts';

/**
 * Reads a setting through `parse`.
 *
 * @example
 * const engine = (await getSetting(db, 'engine', asString)) ?? 'scripted';
 */
export async function getSetting<T>(
	db: SkillOptDb,
	key: string,
	parse: (raw: unknown) => T | undefined
): Promise<T | undefined> {
	const record = await db.get(STORES.settings, key);
	return record === undefined ? undefined : parse(record.value);
}

/** Writes a setting; `value` must be structured-clone-safe. */
export async function setSetting(
	db: SkillOptDb,
	key: string,
	value: unknown,
	deps: Pick<RepoDeps, 'clock'> = browserDeps
): Promise<void> {
	await tx(db, [STORES.settings], 'readwrite', (t) =>
		t.objectStore(STORES.settings).put({ key, value, updatedAt: deps.clock.now() })
	);
}

export async function deleteSetting(db: SkillOptDb, key: string): Promise<void> {
	await tx(db, [STORES.settings], 'readwrite', (t) => t.objectStore(STORES.settings).delete(key));
}

/** Every stored key (for a settings reset or a debug view). */
export function listSettingKeys(db: SkillOptDb): Promise<string[]> {
	return db.getAllKeys(STORES.settings);
}

/** A `parse` for string settings. */
export function asString(raw: unknown): string | undefined {
	return typeof raw === 'string' ? raw : undefined;
}

/** A `parse` for boolean settings. */
export function asBoolean(raw: unknown): boolean | undefined {
	return typeof raw === 'boolean' ? raw : undefined;
}

/** A `parse` for finite number settings. */
export function asNumber(raw: unknown): number | undefined {
	return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
}

/** A `parse` accepting one of a fixed set of strings. */
export function oneOf<const T extends string>(
	values: readonly T[]
): (raw: unknown) => T | undefined {
	return (raw) => values.find((v) => v === raw);
}
