// End-to-end tests against the production build in a real Chromium. Hermetic: no network, no
// model weights; WebGPU is real (SwiftShader on GPU-less machines) when the flag is given.
import { defineConfig, chromium } from '@playwright/test';
import { resolveChromium } from './test/support/chromium.ts';
import { TOUR_KEY, TOUR_SEEN } from './src/lib/tour/first-visit.ts';

function playwrightChromium(): string | undefined {
	try {
		return chromium.executablePath();
	} catch {
		return undefined;
	}
}

const executablePath = resolveChromium(playwrightChromium());
const quietArgs = [
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic'
];
// Root (as in CI containers) cannot use Chromium's sandbox.
const sandboxArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
const isCI = !!process.env.CI;
// A second checkout (or a CI dry run) can test side by side on another port.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'test/e2e',
	fullyParallel: true,
	forbidOnly: isCI,
	retries: isCI ? 1 : 0,
	workers: 2,
	reporter: isCI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	timeout: 30_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		// Every spec starts as a returning visitor, so the first-visit tour stays closed; the tour's
		// own spec starts from an empty storage state instead.
		storageState: {
			cookies: [],
			origins: [
				{
					origin: `http://127.0.0.1:${port}`,
					localStorage: [{ name: TOUR_KEY, value: TOUR_SEEN }]
				}
			]
		},
		trace: 'on-first-retry',
		// The production build registers a service worker; a spec with it would answer from its
		// cache, past route interception and fresh profiles. Only offline.spec.ts allows it.
		serviceWorkers: 'block'
	},
	projects: [
		{
			name: 'chromium-webgpu',
			testIgnore: /no-webgpu\.spec\.ts/,
			use: {
				browserName: 'chromium',
				launchOptions: {
					executablePath,
					args: [...sandboxArgs, ...quietArgs, '--enable-unsafe-webgpu']
				}
			}
		},
		{
			name: 'chromium-no-webgpu',
			testMatch: /no-webgpu\.spec\.ts/,
			use: {
				browserName: 'chromium',
				launchOptions: { executablePath, args: [...sandboxArgs, ...quietArgs] }
			}
		}
	],
	webServer: {
		command: `npm run build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
		url: `http://127.0.0.1:${port}`,
		reuseExistingServer: !isCI,
		timeout: 120_000
	}
});
