// The gate bench on real scripted runs: the oracle is a floor no run can go under, and the
// shadow evaluation reproduces the run's own results.
import { describe, expect, it } from 'vitest';
import { gateRun } from '../../../scripts/bench/gate.ts';
import { nodeHasher } from '../../../scripts/node-ports.ts';

describe('gate bench', () => {
	it('never finds our gate cheaper than the exact minimum, and agrees with the run', async () => {
		const hasher = nodeHasher();
		for (const scenario of ['default', 'reject-heavy']) {
			const run = await gateRun(scenario, 'coin-flip', 1, hasher);
			expect(run.candidates).toBeGreaterThan(3);
			expect(run.candidates).toBeGreaterThan(run.accepted);
			expect(run.identical).toBe(run.candidates);
			expect(run.itemDisagreements).toBe(0);
			expect(run.knownButPaid).toBe(0);
			expect(run.oracle).toBeGreaterThan(0);
			expect(run.ours).toBeGreaterThanOrEqual(run.oracle);
			expect(run.oursRejected).toBeGreaterThanOrEqual(run.oracleRejected);
			expect(run.wholeSplitCached).toBeLessThanOrEqual(run.wholeSplit);
		}
	});
});
