/**
 * Node implementations of the core's ports, for `npm run loop`, `npm run bench` and tests:
 * SHA-256 through Node's WebCrypto, the system clock, and an adapter from a worker-side
 * `ModelEngine` (the scripted engine here) to the core's `ChatEngine`.
 */
import { webcrypto } from 'node:crypto';
import { createSha256Hasher } from '../src/core/hash.ts';
import { buildFamilyPack } from '../src/core/packs/build.ts';
import { findFamily } from '../src/core/packs/families/index.ts';
import type { TaskPack } from '../src/core/packs/types.ts';
import type { ChatEngine, Clock, Hasher } from '../src/core/ports.ts';
import type { ModelEngine } from '../workers/engines/engine.ts';
import { createScriptedEngine } from '../workers/engines/scripted/scripted-engine.ts';

/** SHA-256 through `node:crypto`'s WebCrypto. */
export function nodeHasher(): Hasher {
	return createSha256Hasher(webcrypto.subtle);
}

export const systemClock: Clock = { now: () => Date.now() };

/** The core's ChatEngine over a worker-side ModelEngine (no worker in between). */
export function chatEngineFrom(engine: ModelEngine, model?: string): ChatEngine {
	return {
		supportsJsonSchema: engine.supportsJsonSchema,
		generate: (request, signal, onTokens) =>
			engine.generate(
				model !== undefined && request.model === undefined ? { ...request, model } : request,
				signal,
				onTokens
			),
		countTokens: (text) => engine.countTokens(text, model),
		contextWindow: (m) => engine.contextWindow(m ?? model)
	};
}

/** A scripted engine for a named scenario, as a ChatEngine. */
export function scriptedChatEngine(scenario: unknown = 'default'): ChatEngine {
	return chatEngineFrom(createScriptedEngine(scenario));
}

/** A generated pack of a built-in family. */
export async function familyPack(
	familyId: string,
	seed: number,
	hasher: Hasher
): Promise<TaskPack> {
	const family = findFamily(familyId);
	if (family === undefined) throw new RangeError(`unknown family "${familyId}"`);
	return buildFamilyPack(family, { seed }, hasher);
}
