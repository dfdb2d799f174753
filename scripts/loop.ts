/**
 * `npm run loop -- --pack coin-flip --engine scripted --seed 1 [--scenario default] [--epochs 3]
 * [--gate off]`: a whole training run, headless, printing a step table as it goes and a summary
 * as JSON at the end.
 */
import { parseArgs } from 'node:util';
import { formatScore } from '../src/core/gate/index.ts';
import { runOptimization } from '../src/core/loop/index.ts';
import { familyPack, nodeHasher, scriptedChatEngine, systemClock } from './node-ports.ts';

const { values } = parseArgs({
	options: {
		pack: { type: 'string', default: 'coin-flip' },
		engine: { type: 'string', default: 'scripted' },
		scenario: { type: 'string', default: 'default' },
		seed: { type: 'string', default: '1' },
		epochs: { type: 'string', default: '3' },
		gate: { type: 'string', default: 'on' }
	}
});

if (values.engine !== 'scripted') {
	console.error(`engine "${values.engine}" is not available in Node; use --engine scripted`);
	process.exit(2);
}

const seed = Number(values.seed);
const hasher = nodeHasher();
const pack = await familyPack(values.pack, seed, hasher);
const engine = scriptedChatEngine(values.scenario);
const started = systemClock.now();

const pad = (text: string | number, width: number): string => String(text).padEnd(width);
console.log(
	[
		pad('step', 6),
		pad('epoch', 6),
		pad('action', 16),
		pad('val current', 12),
		pad('candidate', 32),
		pad('edits', 8),
		pad('rollouts', 10)
	].join(' ')
);
const result = await runOptimization(
	{ pack, seed, epochs: Number(values.epochs), gate: { enabled: values.gate !== 'off' } },
	{ executor: engine, optimiser: engine, hasher, clock: systemClock },
	{
		onEvent(event) {
			if (event.type !== 'step:finished') return;
			const r = event.record;
			const ev = r.evaluation;
			const candidate =
				ev === undefined
					? '—'
					: ev.score !== undefined
						? `${formatScore(ev.score)} (${ev.status === 'cached' ? 'cached' : `${ev.evaluated}/${ev.total}`})`
						: `≤${formatScore(ev.upperBound)} after ${ev.evaluated}/${ev.total}`;
			const label = r.kind === 'slow-update' ? `slow@${r.epoch}` : String(r.index);
			console.log(
				[
					pad(label, 6),
					pad(r.epoch, 6),
					pad(r.action, 16),
					pad(formatScore(r.currentScore), 12),
					pad(candidate, 32),
					pad(`${r.applied}/${r.ranked.length}`, 8),
					pad(`${r.rollouts.train}+${r.rollouts.val}`, 10)
				].join(' ')
			);
		}
	}
);
console.log(
	JSON.stringify(
		{
			...result.summary,
			scenario: values.scenario,
			wallSeconds: (systemClock.now() - started) / 1000
		},
		null,
		2
	)
);
