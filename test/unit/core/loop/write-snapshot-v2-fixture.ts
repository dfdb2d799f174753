/**
 * Writes `test/fixtures/runs/snapshot-v2.json`: a run snapshot of format v2 as the code before
 * the item log wrote it (no `newItems`), taken mid-run. Run once, with that code, then never
 * again (the fixture is frozen):
 *
 *   npx tsx test/unit/core/loop/write-snapshot-v2-fixture.ts
 */
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { runOptimization, type RunSnapshot } from '../../../../src/core/loop/index.ts';
import { buildFamilyPack } from '../../../../src/core/packs/build.ts';
import { findFamily } from '../../../../src/core/packs/families/index.ts';
import { hasher, scripted } from './helpers.ts';

const family = findFamily('coin-flip');
if (family === undefined) throw new Error('no coin-flip family');
const pack = await buildFamilyPack(
	family,
	{ seed: 1, sizes: { train: 8, val: 8, test: 4 } },
	hasher
);
const engine = scripted('default');
const snapshots: RunSnapshot[] = [];
await runOptimization(
	{ pack, seed: 1, epochs: 2, batchSize: 4 },
	{ executor: engine, optimiser: engine, hasher },
	{ onSnapshot: (s) => void snapshots.push(s) }
);
const picked = snapshots.find(
	(s) => s.cursor.at === 'step' && s.cursor.epoch === 2 && s.cursor.stage === 'rollout'
);
if (picked === undefined || 'newItems' in picked) throw new Error('not v2 code without newItems');
const url = new URL('../../../fixtures/runs/snapshot-v2.json', import.meta.url);
const options = (await resolveConfig(url.pathname)) ?? {};
await writeFile(url, await format(JSON.stringify(picked), { ...options, parser: 'json' }));
