/**
 * Writes `test/fixtures/db/v1.json`: the sample workspace as schema version 1 left it.
 * Run once per schema version, then never again for that version (the fixture is frozen):
 *
 *   npx tsx test/unit/persistence/support/write-v1-fixture.ts
 */
import 'fake-indexeddb/auto';
import { writeFile } from 'node:fs/promises';
import { IDBFactory } from 'fake-indexeddb';
import { unwrap } from 'idb';
import { format, resolveConfig } from 'prettier';
import { DB_VERSION, openSkillOptDb } from '../../../../src/lib/persistence/db.ts';
import { dumpDatabase } from './db-dump.ts';
import { testDeps } from './fresh-db.ts';
import { writeSampleWorkspace } from './sample-workspace.ts';

if ((DB_VERSION as number) !== 1)
	throw new Error('v1.json is frozen: write a v' + DB_VERSION + ' fixture instead');
const db = await openSkillOptDb(new IDBFactory(), 'fixture');
await writeSampleWorkspace(db, testDeps('v1'));
const dump = await dumpDatabase(unwrap(db));
db.close();
const url = new URL('../../../fixtures/db/v1.json', import.meta.url);
// Formatted as `npm run lint` expects it.
const options = (await resolveConfig(url.pathname)) ?? {};
await writeFile(url, await format(JSON.stringify(dump), { ...options, filepath: url.pathname }));
console.log(`wrote ${url.pathname}`);
