/**
 * Writes `test/fixtures/workspace/workspace-v1.json`: the sample workspace exported in workspace
 * file format v1 (skills without a pack, no evaluations). Written once with the v1 code, then
 * frozen: the import tests prove that a v1 file still imports and migrates.
 *
 *   npx tsx test/unit/persistence/support/write-workspace-v1-fixture.ts
 */
import 'fake-indexeddb/auto';
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';
import { exportWorkspaceJson } from '../../../../src/lib/persistence/workspace-export.ts';
import { freshDb } from './fresh-db.ts';
import { writeSampleWorkspace } from './sample-workspace.ts';

const { db, deps } = await freshDb();
const ids = await writeSampleWorkspace(db, deps);
const text = await exportWorkspaceJson(db, ids.workspaceId, { clock: deps.clock });
if (!text.includes('"skillopt-playground.workspace.v1"'))
	throw new Error('workspace-v1.json is frozen: the exporter no longer writes v1');
const url = new URL('../../../fixtures/workspace/workspace-v1.json', import.meta.url);
const options = (await resolveConfig(url.pathname)) ?? {};
await writeFile(url, await format(text, { ...options, filepath: url.pathname }));
console.log(`wrote ${url.pathname}`);
