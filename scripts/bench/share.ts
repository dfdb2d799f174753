/**
 * Share-link length of the committed ~900-token skill fixture against plain base64 of the same
 * JSON. Share links are another issue's work (15); until their codec and fixture are in this
 * build, the bench says so instead of printing a number.
 */
export type ShareFigures =
	| { available: false; note: string }
	| {
			available: true;
			fixture: string;
			jsonBytes: number;
			linkChars: number;
			base64Chars: number;
			ratio: number;
	  };

export async function shareFigures(_root: string): Promise<ShareFigures> {
	return { available: false, note: 'share links not in this build' };
}
