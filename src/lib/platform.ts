/**
 * The core's ports as the browser provides them: WebCrypto hashing and the wall clock.
 * One place, so tests and the app construct them the same way.
 */
import { createSha256Hasher } from '../core/hash.ts';
import type { Clock, Hasher } from '../core/ports.ts';

export const browserHasher: Hasher = createSha256Hasher(crypto.subtle);

export const browserClock: Clock = { now: () => Date.now() };
