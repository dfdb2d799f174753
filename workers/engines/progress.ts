/**
 * Load progress with an estimated time left.
 *
 * WebLLM reports a fraction, stage text and elapsed seconds, never bytes, so the ETA can only come
 * from how fast the fraction has been rising. The raw rate jumps around (shards differ in size,
 * cached shards arrive instantly), so the rate is smoothed with an exponential moving average and
 * no estimate is given until there is enough to go on. A fraction that goes *down* means a new
 * stage or model started: the estimator starts over.
 */
import type { LoadProgress } from './engine.ts';

/** What an engine reports (WebLLM's `InitProgressReport` has this shape). */
export interface RawProgress {
	/** 0..1 */
	progress: number;
	text: string;
	/** Seconds since the load started. */
	timeElapsed: number;
}

export interface EtaOptions {
	/** Weight of the newest rate sample, 0..1. */
	smoothing?: number;
	/** No estimate before this many seconds... */
	minElapsedSeconds?: number;
	/** ...or before this fraction is done. */
	minProgress?: number;
}

/**
 * A stateful estimator: feed it successive reports of one load, get {@link LoadProgress} with
 * `etaSeconds` once an estimate is meaningful.
 *
 * @example
 * const eta = createEtaEstimator();
 * eta({ progress: 0.5, timeElapsed: 10, text: '' }).etaSeconds // 10
 */
export function createEtaEstimator(options: EtaOptions = {}): (raw: RawProgress) => LoadProgress {
	const smoothing = options.smoothing ?? 0.3;
	const minElapsed = options.minElapsedSeconds ?? 1;
	const minProgress = options.minProgress ?? 0.01;
	let last: { progress: number; elapsed: number } | undefined;
	let rate: number | undefined;
	let start = { progress: 0, elapsed: 0 };

	return (raw) => {
		const progress = clamp01(Number.isFinite(raw.progress) ? raw.progress : 0);
		const elapsed = Math.max(0, Number.isFinite(raw.timeElapsed) ? raw.timeElapsed : 0);
		if (last && progress < last.progress) {
			// A new stage restarted the fraction: old rates say nothing about it.
			rate = undefined;
			start = { progress, elapsed };
		} else if (last && elapsed > last.elapsed) {
			const sample = (progress - last.progress) / (elapsed - last.elapsed);
			rate = rate === undefined ? sample : smoothing * sample + (1 - smoothing) * rate;
		} else if (!last && progress > 0 && elapsed > 0) {
			rate = progress / elapsed;
		}
		last = { progress, elapsed };

		const result: LoadProgress = { progress, text: raw.text, elapsedSeconds: elapsed };
		if (progress >= 1) {
			result.etaSeconds = 0;
		} else if (
			rate !== undefined &&
			rate > 0 &&
			elapsed - start.elapsed >= minElapsed &&
			progress - start.progress >= minProgress
		) {
			result.etaSeconds = (1 - progress) / rate;
		}
		return result;
	};
}

/** "about 2 min left", "about 40 s left", "" when unknown: for progress bars. */
export function formatEta(etaSeconds: number | undefined): string {
	if (etaSeconds === undefined || !Number.isFinite(etaSeconds)) return '';
	if (etaSeconds < 1) return 'almost done';
	if (etaSeconds < 90) return `about ${Math.ceil(etaSeconds)} s left`;
	if (etaSeconds < 90 * 60) return `about ${Math.round(etaSeconds / 60)} min left`;
	return `about ${(etaSeconds / 3600).toFixed(1)} h left`;
}

function clamp01(x: number): number {
	return Math.min(1, Math.max(0, x));
}
