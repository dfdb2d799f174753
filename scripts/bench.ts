/**
 * `npm run bench [-- --only gate|browser]`: prints the project's performance figures and writes
 * them, with the machine they came from, to `bench.json` (ignored by git).
 *
 * - Gate (`bench/gate.ts`): val rollouts of our early-deciding gate against the exact minimum for
 *   the same verdicts and against whole-split gates, over four scripted scenarios.
 * - Browser (`bench/browser.ts`): the production build in headless Chromium without a GPU — first
 *   paint bytes and what loads on demand, long animation frames and input delay during a 200-step
 *   scripted run, reload to interactive, IndexedDB bytes per step, share-link length.
 *
 * It prints figures; it is not a test, and nothing in it is tuned to a number.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { browserBench, chromiumPath } from './bench/browser.ts';
import { browserReport } from './bench/browser-report.ts';
import { gateBench } from './bench/gate.ts';
import { gateReport } from './bench/gate-report.ts';
import { machine } from './bench/machine.ts';
import { nodeHasher } from './node-ports.ts';

const { values } = parseArgs({
	options: {
		only: { type: 'string' },
		out: { type: 'string', default: 'bench.json' },
		port: { type: 'string', default: process.env.BENCH_PORT ?? '0' }
	}
});
const only = values.only;
if (only !== undefined && only !== 'gate' && only !== 'browser') {
	console.error(`--only must be "gate" or "browser" (got "${only}")`);
	process.exit(2);
}

const started = Date.now();
const result: Record<string, unknown> = {
	date: new Date().toISOString(),
	machine: machine(chromiumPath())
};

if (only !== 'browser') {
	const gate = await gateBench(nodeHasher());
	result.gate = gate;
	console.log(gateReport(gate));
	console.log('');
}
if (only !== 'gate') {
	const browser = await browserBench({ port: Number(values.port) });
	result.browser = browser;
	console.log(browserReport(browser));
	console.log('');
}
const wall = (Date.now() - started) / 1000;
result.wallSeconds = wall;
writeFileSync(values.out, `${JSON.stringify(result, null, '\t')}\n`);
const m = result.machine as ReturnType<typeof machine>;
console.log(`machine: ${m.summary}`);
console.log(`total wall time ${wall.toFixed(0)} s; figures written to ${values.out}`);
