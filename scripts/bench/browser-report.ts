/**
 * The browser figures as text, each beside its aim (issue 19): first-paint JS ≤ 250 KB gzip; no
 * long animation frame over 50 ms from our scripts; resume ≤ 1 s to interactive; bytes per step
 * flat over the run; share link ≤ 45% of base64.
 */
import type { BrowserFigures } from './browser.ts';
import { RUN_STEPS } from './browser-run.ts';
import { ms, table } from './table.ts';

/** Vite's unit (1 kB = 1000 bytes), so the figures match its build log. */
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function browserReport(b: BrowserFigures): string {
	const out: string[] = [
		'Browser figures: production build, headless Chromium, no GPU (simulated model)',
		table(
			['bytes', 'raw', 'gzip -9', 'files'],
			[
				[
					'first-paint JS',
					kB(b.firstPaint.js.raw),
					kB(b.firstPaint.js.gzip),
					b.firstPaint.js.files.join(' ')
				],
				[
					'first-paint CSS',
					kB(b.firstPaint.css.raw),
					kB(b.firstPaint.css.gzip),
					b.firstPaint.css.files.join(' ')
				],
				[
					'fetched at start-up after paint',
					kB(b.startup.raw),
					kB(b.startup.gzip),
					b.startup.files.join(' ')
				],
				...b.onDemand.map((d) => [
					`on demand: ${d.feature}`,
					d.files.length === 0 ? '–' : kB(d.raw),
					d.files.length === 0 ? '–' : kB(d.gzip),
					d.files.length === 0
						? 'not in the build yet'
						: `${d.files.join(' ')}${d.inFirstPaint ? '  (IN FIRST PAINT)' : ''}`
				])
			]
		),
		`aim: first-paint JS ≤ 250 kB gzip → ${b.firstPaint.js.gzip <= 250_000 ? 'met' : 'MISSED'} (${kB(b.firstPaint.js.gzip)}).`
	];
	const r = b.run;
	out.push(
		'',
		`${RUN_STEPS}-step scripted run (default scenario, 5 epochs × 40 steps): ${r.status}, ${r.steps} steps in ${(r.wallMs / 1000).toFixed(1)} s`
	);
	const f = r.frames;
	out.push(
		f.supported
			? `long animation frames: ${f.all} in all (longest ${ms(f.longestAll?.ms ?? null)}${f.longestAll ? `, scripts: ${f.longestAll.urls.map((u) => u || '(none named)').join(' ') || 'none'}` : ''}), ` +
					`${f.ours} with our scripts; longest of ours ${ms(f.longestOursMs)}` +
					(f.longestScript
						? `; longest script ${ms(f.longestScript.ms)} (${f.longestScript.invoker} in ${f.longestScript.url})`
						: '') +
					` → aim (none over 50 ms) ${f.ours === 0 ? 'met' : 'MISSED'}`
			: 'long animation frames: not supported by this Chromium'
	);
	const i = r.input;
	out.push(
		`input delay of ${i.clicks} clicks during the run: median ${ms(i.listenerMedianDelayMs)}, max ${ms(i.listenerMaxDelayMs)} (event.timeStamp → handler); ` +
			(i.eventTimingEntries === 0
				? 'Event Timing reported none (every click under its 16 ms threshold)'
				: `Event Timing: ${i.eventTimingEntries} click entries ≥ 16 ms, max input delay ${ms(i.eventTimingMaxDelayMs)}`)
	);
	const re = b.reload;
	out.push(
		`reload with the stored run → editor takes a keystroke ${ms(re.editorMs)}; "Load model" clickable ${ms(re.loadModelMs)}; Start enabled after clicking it ${ms(re.startEnabledMs)}` +
			` → aim (≤ 1 s to interactive) ${re.editorMs !== null && re.editorMs <= 1000 ? 'met' : 'MISSED'} for the editor`,
		re.runViewMs === null
			? `reload → run view: the stored run is not drawn after a reload in this build (${re.runViewRows} step rows shown)`
			: `reload → run view drawn (${re.runViewRows} rows) ${ms(re.runViewMs)}`
	);
	const idb = b.idb;
	if (idb === null) out.push('IndexedDB bytes per step: the metered run failed (see above)');
	else {
		const q = idb.quarterMeans.map(kB);
		const growth = (idb.quarterMeans[3] ?? 0) / Math.max(1, idb.quarterMeans[0] ?? 0);
		out.push(
			`IndexedDB (JSON of records written, separate metered run of ${idb.steps} step records): ${kB(idb.totalBytes)} in all; ` +
				`mean per step by quarter ${q.join(' → ')} (last/first ${growth.toFixed(2)}×) → aim (flat) ${growth <= 1.25 ? 'met' : 'MISSED'}`,
			`  by store: ${Object.entries(idb.byStore)
				.map(([k, v]) => `${k} ${kB(v)}`)
				.join(', ')}`
		);
	}
	const s = b.share;
	out.push(
		s.available
			? `share link of ${s.fixture}: ${s.linkChars} chars vs base64 of its JSON ${s.base64Chars} (${(s.ratio * 100).toFixed(1)}%) → aim (≤ 45%) ${s.ratio <= 0.45 ? 'met' : 'MISSED'}`
			: `share link: ${s.note}`
	);
	out.push(`build ${(b.buildMs / 1000).toFixed(1)} s`);
	return out.join('\n');
}
