import { describe, expect, it } from 'vitest';
import { findChromium } from '../../support/chromium.ts';

const existing =
	(...paths: string[]) =>
	(p: string) =>
		paths.includes(p);

describe('findChromium', () => {
	it('prefers the environment override', () => {
		expect(
			findChromium({
				env: { CHROMIUM_PATH: '/opt/chrome' },
				exists: existing('/opt/chrome', '/usr/bin/chromium'),
				playwrightPath: undefined
			})
		).toEqual({ found: true, path: '/opt/chrome', source: 'env' });
	});

	it('stops with a message when the override points nowhere', () => {
		const lookup = findChromium({
			env: { CHROMIUM_PATH: '/nope' },
			exists: existing('/usr/bin/chromium'),
			playwrightPath: undefined
		});
		expect(lookup).toEqual({
			found: false,
			message: 'CHROMIUM_PATH is set to "/nope", but no file exists there.'
		});
	});

	it("uses Playwright's own browser before system paths", () => {
		expect(
			findChromium({
				env: {},
				exists: existing('/pw/chrome', '/usr/bin/chromium'),
				playwrightPath: '/pw/chrome'
			})
		).toEqual({ found: true, path: '/pw/chrome', source: 'playwright' });
	});

	it('falls back to known system paths', () => {
		expect(
			findChromium({
				env: {},
				exists: existing('/usr/bin/chromium-browser'),
				playwrightPath: '/pw/chrome'
			})
		).toEqual({ found: true, path: '/usr/bin/chromium-browser', source: 'system' });
	});

	it('explains how to install one when nothing is found', () => {
		const lookup = findChromium({ env: {}, exists: () => false, playwrightPath: undefined });
		expect(lookup.found).toBe(false);
		expect(!lookup.found && lookup.message).toMatch(/apt-get install chromium/);
		expect(!lookup.found && lookup.message).toMatch(/CHROMIUM_PATH/);
	});
});
