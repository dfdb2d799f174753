/**
 * One entry point for every link kind the app opens: the fragment's kind tag (`share:` or
 * `lesson:`) picks the codec, and each codec dispatches on its own version. A new kind is one
 * more branch here; the frozen version-1 share format is untouched by lessons.
 */
import { decodeShareFragment, type DecodeResult } from './codec.ts';
import { decodeLessonFragment, type LessonDecodeResult } from './lesson-codec.ts';
import { isLessonFragment } from './lesson-format.ts';
import { isShareFragment } from './format.ts';

export type LinkKind = 'share' | 'lesson' | 'none';

export type AnyLinkResult =
	| { link: 'share'; result: DecodeResult }
	| { link: 'lesson'; result: LessonDecodeResult }
	| { link: 'none' };

/** Which kind of link `hash` is, without decoding it. */
export function linkKind(hash: string): LinkKind {
	if (isShareFragment(hash)) return 'share';
	if (isLessonFragment(hash)) return 'lesson';
	return 'none';
}

/** Decodes any link the app knows. Never throws. */
export async function decodeLink(hash: string): Promise<AnyLinkResult> {
	switch (linkKind(hash)) {
		case 'share':
			return { link: 'share', result: await decodeShareFragment(hash) };
		case 'lesson':
			return { link: 'lesson', result: await decodeLessonFragment(hash) };
		case 'none':
			return { link: 'none' };
	}
}
