/**
 * The browser half of `npm run bench`: the production build served by `vite preview`, measured in
 * headless Chromium without a GPU (no WebGPU flag: the simulated model needs none).
 *
 * 1. Bytes: first-paint JS and CSS (the HTML entry and its static imports), raw and gzip -9, and
 *    every file that loads only on demand, named by the features it carries.
 * 2. A 200-step scripted run in a fresh profile: long animation frames attributed to our scripts
 *    and the input delay of clicks made during it; then a reload with that stored run. Done
 *    `FRAME_PASSES` times, each in its own profile, and every pass reported: on a loaded machine
 *    one pass alone says more about the neighbours than about the app.
 * 3. The same run in another fresh profile with IndexedDB writes metered (bytes per step).
 * 4. The share-link length of the committed skill fixture, when the build has share links.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { preview } from 'vite';
import { resolveChromium } from '../../test/support/chromium.ts';
import { buildApp, FEATURES, type BuiltFile, type Bundle } from './bundle.ts';
import {
	prepareRun,
	RUN_STEPS,
	runToEnd,
	SCENARIO_URL,
	timeReload,
	type ReloadTimes,
	type RunOutcome
} from './browser-run.ts';
import { FRAME_OBSERVERS, IDB_METER } from './page-scripts.ts';
import { shareFigures, type ShareFigures } from './share.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FRAME_PASSES = 3;

export interface Sizes {
	raw: number;
	gzip: number;
	files: string[];
}

export interface OnDemand {
	feature: string;
	/** Files carrying it; empty when it is not in the build yet. */
	files: string[];
	raw: number;
	gzip: number;
	/** True if any of its files is part of first paint (it should not be). */
	inFirstPaint: boolean;
}

export interface FrameFigures {
	supported: boolean;
	/** All long animation frames (> 50 ms) during the run. */
	all: number;
	/** Those with at least one script from our origin. */
	ours: number;
	longestOursMs: number | null;
	/** The longest frame of all and the script URLs in it ('' = no source, e.g. the browser's own work). */
	longestAll: { ms: number; urls: string[] } | null;
	/** The longest single script of ours inside them, with where it came from. */
	longestScript: { ms: number; url: string; invoker: string } | null;
	blockingOursMs: number;
}

export interface InputDelay {
	clicks: number;
	/** Event Timing click entries (reported only when a click's duration reaches 16 ms). */
	eventTimingEntries: number;
	eventTimingMaxDelayMs: number | null;
	/** `performance.now() − event.timeStamp` in a capture listener, for every click. */
	listenerMaxDelayMs: number | null;
	listenerMedianDelayMs: number | null;
}

export interface IdbFigures {
	steps: number;
	totalBytes: number;
	byStore: Record<string, number>;
	/** Bytes written from one step record to the next, per step (index 0 = before step 1). */
	perStep: number[];
	/** Mean bytes per step in each quarter of the run. */
	quarterMeans: number[];
	unserialisable: number;
}

export interface BrowserFigures {
	buildMs: number;
	/** 1-minute load average before and after the browser passes (frames depend on it). */
	load: [number, number];
	firstPaint: { js: Sizes; css: Sizes };
	/** Other files fetched at start-up without any interaction (lazy but immediate, workers). */
	startup: Sizes;
	onDemand: OnDemand[];
	files: Pick<BuiltFile, 'file' | 'raw' | 'gzip' | 'facade'>[];
	/** One entry per pass (`FRAME_PASSES`). */
	runs: (RunOutcome & { frames: FrameFigures; input: InputDelay })[];
	reloads: ReloadTimes[];
	idb: (RunOutcome & IdbFigures) | null;
	share: ShareFigures;
}

function sizes(bundle: Bundle, names: Iterable<string>): Sizes {
	const files = bundle.files.filter((f) => [...names].includes(f.file));
	return {
		raw: files.reduce((a, f) => a + f.raw, 0),
		gzip: files.reduce((a, f) => a + f.gzip, 0),
		files: files.map((f) => f.file)
	};
}

function onDemand(bundle: Bundle): OnDemand[] {
	const first = new Set(bundle.firstPaint);
	return FEATURES.map(({ name, match }) => {
		// `?url` / `?raw` imports are one-line stubs naming an asset, not the feature's code.
		const files = bundle.files.filter((f) => f.modules.some((m) => !m.includes('?') && match(m)));
		// Wasm that ships with the CPU engine is an asset of its own.
		if (name.startsWith('CPU engine')) {
			files.push(...bundle.files.filter((f) => f.kind === 'wasm' && !files.includes(f)));
		}
		return {
			feature: name,
			files: files.map((f) => f.file),
			raw: files.reduce((a, f) => a + f.raw, 0),
			gzip: files.reduce((a, f) => a + f.gzip, 0),
			inFirstPaint: files.some((f) => first.has(f.file))
		};
	});
}

const launchArgs = [
	...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic'
];

export function chromiumPath(): string {
	let own: string | undefined;
	try {
		own = chromium.executablePath();
	} catch {
		own = undefined;
	}
	return resolveChromium(own);
}

async function startupFiles(browser: Browser, base: string): Promise<string[]> {
	const context = await browser.newContext({ baseURL: base });
	const seen = new Set<string>();
	context.on('request', (r) => {
		const path = new URL(r.url()).pathname.replace(/^\//, '');
		if (path.startsWith('assets/')) seen.add(path);
	});
	const page = await context.newPage();
	await page.goto('/');
	await page.getByRole('textbox', { name: 'Skill (markdown)' }).waitFor();
	await page.waitForLoadState('networkidle');
	await context.close();
	return [...seen];
}

function frameFigures(raw: BenchPage, origin: string, from: number): FrameFigures {
	const frames = raw.loaf.filter((f) => f.start >= from);
	const ours = frames.filter((f) => f.scripts.some((s) => s.url.startsWith(origin)));
	let longestScript: FrameFigures['longestScript'] = null;
	for (const f of ours) {
		for (const s of f.scripts) {
			if (s.url.startsWith(origin) && (longestScript === null || s.duration > longestScript.ms)) {
				longestScript = { ms: s.duration, url: s.url.slice(origin.length), invoker: s.invoker };
			}
		}
	}
	const longest = frames.reduce<(typeof frames)[number] | null>(
		(a, f) => (a === null || f.duration > a.duration ? f : a),
		null
	);
	return {
		supported: raw.supported.loaf,
		longestAll:
			longest === null
				? null
				: {
						ms: longest.duration,
						urls: [...new Set(longest.scripts.map((s) => s.url.replace(origin, '')))]
					},
		all: frames.length,
		ours: ours.length,
		longestOursMs: ours.length === 0 ? null : Math.max(...ours.map((f) => f.duration)),
		longestScript,
		blockingOursMs: ours.reduce((a, f) => a + f.blocking, 0)
	};
}

function inputDelay(raw: BenchPage, from: number): InputDelay {
	const clicks = raw.clicks.filter((c) => c.at >= from).map((c) => c.delay);
	const entries = raw.events.filter((e) => e.name === 'click' && e.start >= from);
	const sorted = [...clicks].sort((a, b) => a - b);
	return {
		clicks: clicks.length,
		eventTimingEntries: entries.length,
		eventTimingMaxDelayMs: entries.length === 0 ? null : Math.max(...entries.map((e) => e.delay)),
		listenerMaxDelayMs: sorted.length === 0 ? null : (sorted[sorted.length - 1] ?? null),
		listenerMedianDelayMs: sorted.length === 0 ? null : (sorted[sorted.length >> 1] ?? null)
	};
}

interface BenchPage {
	supported: { loaf: boolean; event: boolean };
	loaf: {
		start: number;
		duration: number;
		blocking: number;
		scripts: { url: string; invoker: string; duration: number }[];
	}[];
	events: { name: string; start: number; delay: number }[];
	clicks: { at: number; delay: number }[];
}

interface IdbPage {
	steps: number;
	buckets: number[];
	byStore: Record<string, number>;
	unserialisable: number;
}

async function framesPass(context: BrowserContext, origin: string) {
	await context.addInitScript({ content: FRAME_OBSERVERS });
	const page = await context.newPage();
	await prepareRun(page);
	const from = Number(await page.evaluate('performance.now()'));
	const outcome = await runToEnd(page, true);
	const raw = JSON.parse(
		String(await page.evaluate('JSON.stringify(window.__bench)'))
	) as BenchPage;
	const reload = await timeReload(page, outcome.steps);
	return {
		run: { ...outcome, frames: frameFigures(raw, origin, from), input: inputDelay(raw, from) },
		reload
	};
}

async function idbPass(context: BrowserContext): Promise<RunOutcome & IdbFigures> {
	await context.addInitScript({ content: IDB_METER });
	const page = await context.newPage();
	await prepareRun(page);
	const outcome = await runToEnd(page, false);
	const raw = JSON.parse(String(await page.evaluate('JSON.stringify(window.__idb)'))) as IdbPage;
	const perStep = raw.buckets.map((b) => b ?? 0);
	const steps = perStep.slice(1);
	const q = Math.max(1, Math.floor(steps.length / 4));
	const quarterMeans = [0, 1, 2, 3].map((i) => {
		const part = steps.slice(i * q, i === 3 ? steps.length : (i + 1) * q);
		return part.length === 0 ? 0 : part.reduce((a, b) => a + b, 0) / part.length;
	});
	return {
		...outcome,
		steps: raw.steps,
		totalBytes: perStep.reduce((a, b) => a + b, 0),
		byStore: raw.byStore,
		perStep,
		quarterMeans,
		unserialisable: raw.unserialisable
	};
}

/** `port` 0 (the default of `npm run bench`) takes any free port, so parallel checkouts never clash. */
export async function browserBench(options: { port: number }): Promise<BrowserFigures> {
	const loadBefore = os.loadavg()[0] ?? 0;
	const bundle = await buildApp(ROOT);
	const server = await preview({
		root: ROOT,
		logLevel: 'error',
		preview: { port: options.port, strictPort: true, host: '127.0.0.1', open: false }
	});
	const address = server.httpServer.address();
	const port = typeof address === 'object' && address !== null ? address.port : options.port;
	const origin = `http://127.0.0.1:${port}`;
	const browser = await chromium.launch({ executablePath: chromiumPath(), args: launchArgs });
	try {
		const first = new Set(bundle.firstPaint);
		const startup = (await startupFiles(browser, origin)).filter((f) => !first.has(f));
		const jsFirst = bundle.firstPaint.filter((f) => f.endsWith('.js'));
		const cssFirst = bundle.firstPaint.filter((f) => f.endsWith('.css'));
		const runs: BrowserFigures['runs'] = [];
		const reloads: ReloadTimes[] = [];
		for (let i = 0; i < FRAME_PASSES; i++) {
			const context = await browser.newContext({ baseURL: origin });
			const pass = await framesPass(context, origin).catch((error: unknown) => {
				console.error(`frame pass ${i + 1} failed: ${String(error)}`);
				return null;
			});
			await context.close();
			if (pass === null) continue;
			runs.push(pass.run);
			reloads.push(pass.reload);
		}
		const b = await browser.newContext({ baseURL: origin });
		const idb = await idbPass(b).catch((error: unknown) => {
			console.error(`IndexedDB pass failed: ${String(error)}`);
			return null;
		});
		await b.close();
		return {
			buildMs: bundle.wallMs,
			load: [loadBefore, os.loadavg()[0] ?? 0],
			firstPaint: { js: sizes(bundle, jsFirst), css: sizes(bundle, cssFirst) },
			startup: sizes(bundle, startup),
			onDemand: onDemand(bundle),
			files: bundle.files.map(({ file, raw, gzip, facade }) => ({ file, raw, gzip, facade })),
			runs,
			reloads,
			idb,
			share: await shareFigures(ROOT)
		};
	} finally {
		await browser.close();
		await server.close();
	}
}

export { RUN_STEPS, SCENARIO_URL };
