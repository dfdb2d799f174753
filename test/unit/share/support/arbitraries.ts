/** fast-check generators for share snapshots, reaching every optional part and the limits. */
import fc from 'fast-check';
import type { ShareSnapshotV1 } from '../../../../src/core/share/index.ts';

const ident = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/);
const unit = fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true });
// Any text at all, including markup, emoji, lone surrogates' neighbours and control characters.
const anyText = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });

const source = fc.oneof(
	fc.record(
		{ engine: fc.constant('simulation' as const), scenario: ident },
		{ requiredKeys: ['engine'] }
	),
	fc.record({ engine: fc.constant('webllm' as const), model: ident }),
	fc.record({ engine: fc.constant('webllm' as const), customModel: fc.constant(true) }),
	fc.record({ engine: fc.constant('endpoint' as const) }),
	fc.record({ engine: fc.constant('unknown' as const) })
);

const count = (max: number) => fc.integer({ min: 0, max });

const task = fc.oneof(
	fc.record(
		{
			kind: fc.constant('family' as const),
			family: ident,
			difficulty: count(100),
			seed: fc.integer({ min: -1000, max: 1_000_000 }),
			sizes: fc.record({ train: count(500), val: count(500), test: count(500) })
		},
		{ requiredKeys: ['kind', 'family', 'difficulty', 'seed'] }
	),
	fc.record({
		kind: fc.constant('inline' as const),
		title: anyText(40),
		pack: fc.record({
			format: fc.constant('skillopt-playground.pack.v1'),
			id: ident,
			items: fc.array(fc.record({ id: ident, input: anyText(60), answer: anyText(10) }), {
				maxLength: 5
			})
		})
	}),
	fc.record({ kind: fc.constant('named' as const), title: anyText(40) })
);

const settings = fc.record({
	epochs: count(20),
	batchSize: count(64),
	gateEnabled: fc.boolean(),
	metric: fc.constantFrom('hard' as const, 'soft' as const, 'mixed' as const),
	minDeltaItems: count(10),
	schedule: fc.constantFrom('cosine', 'linear', 'constant'),
	budgetMax: count(10),
	budgetMin: count(10),
	proposer: fc.constantFrom('model' as const, 'me' as const)
});

const point = fc.record(
	{
		step: count(500),
		epoch: count(20),
		kind: fc.constantFrom('step' as const, 'slow-update' as const),
		action: fc.constantFrom(
			'accept_new_best' as const,
			'accept' as const,
			'reject' as const,
			'force_accept' as const,
			'skip_no_patches' as const,
			'other' as const
		),
		current: unit,
		best: unit,
		candidate: unit
	},
	{ requiredKeys: ['step', 'epoch', 'kind', 'action', 'current', 'best'] }
);

export const snapshotArbitrary: fc.Arbitrary<ShareSnapshotV1> = fc.record(
	{
		title: anyText(80),
		note: anyText(200),
		skill: fc.record(
			{ name: anyText(60), description: anyText(120), text: anyText(2_000) },
			{ requiredKeys: ['name', 'text'] }
		),
		source,
		task,
		settings,
		runSeed: fc.integer({ min: 0, max: 2 ** 31 }),
		scores: fc.record(
			{ val: fc.record({ seed: unit, best: unit }), test: fc.record({ seed: unit, best: unit }) },
			{ requiredKeys: ['val'] }
		),
		history: fc.array(point, { maxLength: 40 })
	},
	{ requiredKeys: ['title', 'skill', 'source'] }
) as fc.Arbitrary<ShareSnapshotV1>;
