/**
 * What the repositories need from the environment: the time, new ids and hashing. Passed in so
 * tests (and fixtures) are deterministic; the app uses `browserDeps`.
 */
import type { Clock, Hasher } from '../../core/ports.ts';
import { browserClock, browserHasher } from '../platform.ts';

export interface RepoDeps {
	clock: Clock;
	hasher: Hasher;
	/** A new unique record id. */
	newId(): string;
}

/** Wall clock, `crypto.randomUUID()` and WebCrypto SHA-256. */
export const browserDeps: RepoDeps = {
	clock: browserClock,
	hasher: browserHasher,
	newId: () => crypto.randomUUID()
};
