/**
 * The browser figures as text, each beside its aim (issue 19): first-paint JS ≤ 250 KB gzip; no
 * long animation frame over 50 ms from our scripts; resume ≤ 1 s to interactive; bytes per step
 * flat over the run; share link ≤ 45% of base64.
 */
import os from 'node:os';
import type { BrowserFigures } from './browser.ts';
import { RUN_STEPS } from './browser-run.ts';
import { ms, table } from './table.ts';

/** Vite's unit (1 kB = 1000 bytes), so the figures match its build log. */
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function browserReport(b: BrowserFigures): string {
	const out: string[] = [
		`Browser figures: production build, headless Chromium, no GPU (simulated model); load average ${b.load[0].toFixed(1)} → ${b.load[1].toFixed(1)} on ${os.availableParallelism()} cores`,
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
	out.push(
		'',
		`${RUN_STEPS}-step scripted run (default scenario, 5 epochs × 40 steps, a click every second), ${b.runs.length} passes in fresh profiles, each followed by a reload with its stored run:`,
		table(
			[
				'pass',
				'run',
				'long frames: all / ours',
				'longest ours',
				'longest script of ours',
				'click delay med / max',
				'Event Timing ≥ 16 ms',
				'reload → editor keystroke',
				'→ Load model',
				'→ Start after click',
				'→ run listed',
				'→ run view'
			],
			b.runs.map((r, n) => {
				const f = r.frames;
				const i = r.input;
				const re = b.reloads[n];
				return [
					String(n + 1),
					`${r.status} ${r.steps} steps ${(r.wallMs / 1000).toFixed(1)} s`,
					f.supported ? `${f.all} / ${f.ours}` : 'unsupported',
					ms(f.longestOursMs),
					f.longestScript ? `${ms(f.longestScript.ms)} ${f.longestScript.invoker}` : '–',
					`${ms(i.listenerMedianDelayMs)} / ${ms(i.listenerMaxDelayMs)} (${i.clicks})`,
					i.eventTimingEntries === 0
						? 'none'
						: `${i.eventTimingEntries}, max delay ${ms(i.eventTimingMaxDelayMs)}`,
					ms(re?.editorMs ?? null),
					ms(re?.loadModelMs ?? null),
					ms(re?.startEnabledMs ?? null),
					re?.runListedMs == null ? 'no list' : ms(re.runListedMs),
					re?.runViewMs == null ? 'not drawn' : `${ms(re.runViewMs)} (${re.runViewRows} rows)`
				];
			})
		)
	);
	const oursFrames = b.runs.map((r) => r.frames.ours);
	const editor = b.reloads.map((r) => r.editorMs ?? Infinity);
	out.push(
		'long frames are LoAF entries (> 50 ms); "ours" = with a script from our origin (scripts[].sourceURL).',
		'click delay = event.timeStamp → our capture listener; Event Timing only reports clicks whose duration reaches 16 ms.',
		'reload times are from navigation start, polled from the driver (a few ms of round trips included); the',
		'simulated model is not loaded on reload, so Start needs one click on "Load model" (clicked as soon as enabled);',
		'a stored run listed among past runs is opened with one click on its "Open" as soon as it is listed.',
		`aim: no long frame over 50 ms from our scripts → ${oursFrames.every((n) => n === 0) ? 'met' : 'MISSED'} (per pass: ${oursFrames.join(', ')}).`,
		`aim: reload ≤ 1 s to interactive (editor) → ${editor.every((t) => t <= 1000) ? 'met' : 'MISSED'} (per pass: ${b.reloads.map((r) => ms(r.editorMs)).join(', ')}).`
	);
	if (b.reloads.every((r) => r.runViewMs === null)) {
		out.push('reload → run view: the stored run is not drawn after a reload in this build.');
	}
	const idb = b.idb;
	if (idb === null) out.push('IndexedDB bytes per step: the metered run failed (see above)');
	else {
		const q = idb.quarterMeans.map(kB);
		const growth = (idb.quarterMeans[3] ?? 0) / Math.max(1, idb.quarterMeans[0] ?? 0);
		out.push(
			`IndexedDB (JSON of records written, separate metered run of ${idb.steps} step records): ${kB(idb.totalBytes)} in all; ` +
				`mean per step by quarter ${q.join(' → ')} (last/first ${growth.toFixed(2)}×) → aim (flat, ≤ 1.25×) ${growth <= 1.25 ? 'met' : 'MISSED'}`,
			`  by store: ${Object.entries(idb.byStore)
				.map(([k, v]) => `${k} ${kB(v)}`)
				.join(', ')}`
		);
	}
	const s = b.share;
	out.push(
		s.available
			? `share link of the ${s.fixture} snapshot (${s.jsonBytes} bytes of JSON): fragment ${s.fragmentChars} chars vs plain base64url ${s.base64Chars} (${(s.ratio * 100).toFixed(1)}%) → aim (≤ 45%) ${s.ratio <= 0.45 ? 'met' : 'MISSED'}`
			: `share link: ${s.note}`
	);
	out.push(`build ${(b.buildMs / 1000).toFixed(1)} s`);
	return out.join('\n');
}
