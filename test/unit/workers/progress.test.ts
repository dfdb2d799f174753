import { describe, expect, it } from 'vitest';
import { createEtaEstimator, formatEta } from '../../../workers/engines/progress.ts';

const at = (progress: number, timeElapsed: number) => ({ progress, timeElapsed, text: 'loading' });

describe('createEtaEstimator', () => {
	it('gives no estimate until a second has passed', () => {
		const eta = createEtaEstimator();
		expect(eta(at(0.02, 0.5)).etaSeconds).toBeUndefined();
	});

	it('estimates the time left from a steady rate', () => {
		const eta = createEtaEstimator();
		eta(at(0.1, 1));
		eta(at(0.2, 2));
		const p = eta(at(0.4, 4));
		expect(p).toMatchObject({ progress: 0.4, elapsedSeconds: 4, text: 'loading' });
		expect(p.etaSeconds).toBeCloseTo(6, 5);
	});

	it('smooths a sudden burst instead of jumping to it', () => {
		const eta = createEtaEstimator({ smoothing: 0.3 });
		eta(at(0.1, 1));
		eta(at(0.2, 2));
		// A cached shard: +0.3 in 0.1 s (rate 3/s) — the raw ETA would be 0.17 s.
		const p = eta(at(0.5, 2.1));
		expect(p.etaSeconds).toBeGreaterThan(0.5);
		expect(p.etaSeconds).toBeLessThan(5);
	});

	it('starts over when the fraction goes back down (a new stage)', () => {
		const eta = createEtaEstimator();
		eta(at(0.5, 5));
		eta(at(0.9, 9));
		expect(eta(at(0.05, 9.5)).etaSeconds).toBeUndefined();
		expect(eta(at(0.5, 11)).etaSeconds).toBeDefined();
	});

	it('says zero when done and clamps odd input', () => {
		const eta = createEtaEstimator();
		expect(eta(at(1.2, 3))).toMatchObject({ progress: 1, etaSeconds: 0 });
		expect(eta(at(Number.NaN, -1)).progress).toBe(0);
	});
});

describe('formatEta', () => {
	it('reads naturally at each scale', () => {
		expect(formatEta(undefined)).toBe('');
		expect(formatEta(0.2)).toBe('almost done');
		expect(formatEta(41.2)).toBe('about 42 s left');
		expect(formatEta(600)).toBe('about 10 min left');
		expect(formatEta(3 * 3600)).toBe('about 3.0 h left');
	});
});
