/**
 * Writes `test/fixtures/share/link-v1.txt`: the fixture snapshot as a version-1 fragment. Run
 * once; the file is frozen (v1 links must decode forever), so never rerun it for v1:
 *
 *   npx tsx test/unit/share/support/write-v1-link.ts
 */
import { writeFile } from 'node:fs/promises';
import { encodeShareFragment } from '../../../../src/lib/share/codec.ts';
import { FIXTURE_SNAPSHOT } from './fixture-snapshot.ts';

const out = new URL('../../../fixtures/share/link-v1.txt', import.meta.url);
await writeFile(out, (await encodeShareFragment(FIXTURE_SNAPSHOT)) + '\n');
await writeFile(
	new URL('../../../fixtures/share/snapshot-v1.json', import.meta.url),
	JSON.stringify(FIXTURE_SNAPSHOT, null, '\t') + '\n'
);
console.log('wrote', out.pathname);
