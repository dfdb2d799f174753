/**
 * Finds a Chromium for Playwright without ever downloading one (no browser download works on
 * these machines). Order: an explicit environment override, then a browser Playwright installed
 * itself, then well-known system paths. The search is a pure function so it can be unit-tested.
 */
import { existsSync } from 'node:fs';

/** Environment variables checked, in order, before anything else. */
export const CHROMIUM_ENV_VARS = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'] as const;

/** System locations tried last, most common first. */
export const SYSTEM_CHROMIUM_PATHS = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/snap/bin/chromium',
	'/usr/bin/google-chrome-stable',
	'/usr/bin/google-chrome',
	'/Applications/Chromium.app/Contents/MacOS/Chromium',
	'/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
	'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'
] as const;

export interface ChromiumSearch {
	env: Readonly<Record<string, string | undefined>>;
	exists(path: string): boolean;
	/** Where Playwright's own Chromium would be; `undefined` if Playwright cannot say. */
	playwrightPath: string | undefined;
}

export type ChromiumLookup =
	| { found: true; path: string; source: 'env' | 'playwright' | 'system' }
	| { found: false; message: string };

export function findChromium(search: ChromiumSearch): ChromiumLookup {
	for (const name of CHROMIUM_ENV_VARS) {
		const value = search.env[name];
		if (value === undefined || value === '') continue;
		if (search.exists(value)) return { found: true, path: value, source: 'env' };
		// An explicit override that points nowhere is a mistake worth stopping on.
		return { found: false, message: `${name} is set to "${value}", but no file exists there.` };
	}
	if (search.playwrightPath && search.exists(search.playwrightPath)) {
		return { found: true, path: search.playwrightPath, source: 'playwright' };
	}
	const system = SYSTEM_CHROMIUM_PATHS.find((path) => search.exists(path));
	if (system) return { found: true, path: system, source: 'system' };
	return {
		found: false,
		message: [
			'No Chromium found for the end-to-end tests. Looked at:',
			`  - environment variables ${CHROMIUM_ENV_VARS.join(', ')}`,
			"  - Playwright's own browser download (not installed)",
			...SYSTEM_CHROMIUM_PATHS.map((p) => `  - ${p}`),
			'Install one, then run `npm test` again:',
			'  Debian/Ubuntu: sudo apt-get install chromium',
			'  elsewhere:     install Chromium or Chrome, and set CHROMIUM_PATH=/path/to/chrome'
		].join('\n')
	};
}

/** Look on this machine; throws with installation advice when nothing is found. */
export function resolveChromium(playwrightPath: string | undefined): string {
	const lookup = findChromium({ env: process.env, exists: existsSync, playwrightPath });
	if (!lookup.found) throw new Error(lookup.message);
	return lookup.path;
}
