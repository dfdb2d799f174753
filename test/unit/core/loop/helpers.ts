/** Shared set-up for the loop tests: Node ports, packs, the scripted engine as a ChatEngine. */
import { webcrypto } from 'node:crypto';
import { createSha256Hasher } from '../../../../src/core/hash.ts';
import type {
	LoopConfigInput,
	LoopOptions,
	RunResult,
	RunSnapshot
} from '../../../../src/core/loop/index.ts';
import { runOptimization } from '../../../../src/core/loop/index.ts';
import { buildFamilyPack } from '../../../../src/core/packs/build.ts';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import type { TaskPack } from '../../../../src/core/packs/types.ts';
import type { ChatEngine } from '../../../../src/core/ports.ts';
import { createScriptedEngine } from '../../../../workers/engines/scripted/scripted-engine.ts';

export const hasher = createSha256Hasher(webcrypto.subtle);

const packs = new Map<string, Promise<TaskPack>>();

/** A built-in family's pack for a seed (cached across tests). */
export function pack(familyId: string, seed = 1): Promise<TaskPack> {
	const key = `${familyId}/${seed}`;
	let p = packs.get(key);
	if (p === undefined) {
		const family = findFamily(familyId);
		if (family === undefined) throw new Error(`no family ${familyId}`);
		p = buildFamilyPack(family, { seed }, hasher);
		packs.set(key, p);
	}
	return p;
}

/** The scripted engine for a scenario, behind the core's ChatEngine port. */
export function scripted(scenario: unknown = 'default'): ChatEngine {
	const engine = createScriptedEngine(scenario);
	return {
		supportsJsonSchema: engine.supportsJsonSchema,
		generate: (request, signal, onTokens) => engine.generate(request, signal, onTokens),
		countTokens: (text) => engine.countTokens(text),
		contextWindow: () => engine.contextWindow()
	};
}

/** A full run against the scripted engine, collecting snapshots. */
export async function scriptedRun(
	config: LoopConfigInput,
	scenario: unknown = 'default',
	options: LoopOptions = {}
): Promise<{ result: RunResult; snapshots: RunSnapshot[] }> {
	const engine = scripted(scenario);
	const snapshots: RunSnapshot[] = [];
	const result = await runOptimization(
		config,
		{ executor: engine, optimiser: engine, hasher },
		{
			...options,
			onSnapshot: (s) => {
				snapshots.push(s);
			}
		}
	);
	return { result, snapshots };
}
