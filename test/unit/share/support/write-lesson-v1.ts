/**
 * Writes `test/fixtures/share/lesson-v1.txt` (and the lesson as JSON beside it): the fixture
 * lesson as a version-1 fragment. Run once; the files are frozen (v1 lessons must decode
 * forever), so never rerun it for v1:
 *
 *   npx tsx test/unit/share/support/write-lesson-v1.ts
 */
import { writeFile } from 'node:fs/promises';
import { encodeLessonFragment } from '../../../../src/lib/share/lesson-codec.ts';
import { FIXTURE_LESSON } from './fixture-lesson.ts';

const out = new URL('../../../fixtures/share/lesson-v1.txt', import.meta.url);
await writeFile(out, (await encodeLessonFragment(FIXTURE_LESSON)) + '\n');
await writeFile(
	new URL('../../../fixtures/share/lesson-v1.json', import.meta.url),
	JSON.stringify(FIXTURE_LESSON, null, '\t') + '\n'
);
console.log('wrote', out.pathname);
