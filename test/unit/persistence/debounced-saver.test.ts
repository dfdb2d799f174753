import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	DebouncedSaver,
	flushOnHide,
	type HideEventTargets
} from '../../../src/lib/persistence/debounced-saver.ts';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

function recorder() {
	const saved: string[] = [];
	const errors: unknown[] = [];
	const saver = new DebouncedSaver<string>({
		save: async (text) => {
			saved.push(text);
		},
		onError: (e) => errors.push(e)
	});
	return { saved, errors, saver };
}

describe('DebouncedSaver', () => {
	it('coalesces a burst of changes into one save of the last value', async () => {
		const { saved, saver } = recorder();
		saver.schedule('a');
		await vi.advanceTimersByTimeAsync(300);
		saver.schedule('ab');
		await vi.advanceTimersByTimeAsync(300);
		saver.schedule('abc');
		expect(saved).toEqual([]);
		expect(saver.pending()).toBe(true);
		await vi.advanceTimersByTimeAsync(400);
		expect(saved).toEqual(['abc']);
		expect(saver.pending()).toBe(false);
	});

	it('flush writes the pending value at once and cancels the timer', async () => {
		const { saved, saver } = recorder();
		saver.schedule('x');
		await saver.flush();
		expect(saved).toEqual(['x']);
		expect(saver.pending()).toBe(false);
		await vi.advanceTimersByTimeAsync(1000);
		expect(saved).toEqual(['x']);
	});

	it('never overlaps saves and ends with the latest value', async () => {
		const saved: string[] = [];
		let active = 0;
		let maxActive = 0;
		const saver = new DebouncedSaver<string>({
			delayMs: 10,
			save: async (text) => {
				active++;
				maxActive = Math.max(maxActive, active);
				await new Promise((r) => setTimeout(r, 50));
				saved.push(text);
				active--;
			},
			onError: () => undefined
		});
		saver.schedule('one');
		await vi.advanceTimersByTimeAsync(20);
		saver.schedule('two');
		const flushed = saver.flush();
		await vi.advanceTimersByTimeAsync(200);
		await flushed;
		expect(saved).toEqual(['one', 'two']);
		expect(maxActive).toBe(1);
		expect(saver.pending()).toBe(false);
	});

	it('reports a failed save through onError and retries the value on flush', async () => {
		const errors: unknown[] = [];
		const saved: string[] = [];
		let fail = true;
		const saver = new DebouncedSaver<string>({
			save: async (text) => {
				if (fail) throw new Error('disk full');
				saved.push(text);
			},
			onError: (e) => errors.push(e)
		});
		saver.schedule('draft');
		await vi.advanceTimersByTimeAsync(400);
		expect(errors).toHaveLength(1);
		expect((errors[0] as Error).message).toBe('disk full');
		expect(saver.pending()).toBe(true);
		fail = false;
		await saver.flush();
		expect(saved).toEqual(['draft']);
		expect(saver.pending()).toBe(false);
	});

	it('cancel drops a pending value', async () => {
		const { saved, saver } = recorder();
		saver.schedule('gone');
		saver.cancel();
		await vi.advanceTimersByTimeAsync(1000);
		expect(saved).toEqual([]);
		expect(saver.pending()).toBe(false);
	});

	it('flushes on pagehide and when the document becomes hidden, until detached', async () => {
		const { saved, saver } = recorder();
		const win = new EventTarget();
		const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
		const detach = flushOnHide(saver, {
			window: win,
			document: doc
		} as unknown as HideEventTargets);
		saver.schedule('one');
		doc.dispatchEvent(new Event('visibilitychange'));
		await vi.advanceTimersByTimeAsync(0);
		expect(saved).toEqual([]);
		doc.visibilityState = 'hidden';
		doc.dispatchEvent(new Event('visibilitychange'));
		await vi.advanceTimersByTimeAsync(0);
		expect(saved).toEqual(['one']);
		saver.schedule('two');
		win.dispatchEvent(new Event('pagehide'));
		await vi.advanceTimersByTimeAsync(0);
		expect(saved).toEqual(['one', 'two']);
		detach();
		saver.schedule('three');
		win.dispatchEvent(new Event('pagehide'));
		await vi.advanceTimersByTimeAsync(0);
		expect(saved).toEqual(['one', 'two']);
	});
});
