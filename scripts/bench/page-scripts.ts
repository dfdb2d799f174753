/**
 * Code the bench injects into the page (as source text: it runs in Chromium, and the scripts'
 * TypeScript config has no DOM types). Two separate instruments, never in the same run, so
 * measuring IndexedDB bytes (a JSON.stringify of every record written) cannot lengthen the frames
 * the other run measures.
 */

/**
 * Long animation frames and Event Timing entries, plus each click's delay seen by a capture
 * listener (`performance.now() − event.timeStamp`), into `window.__bench`.
 */
export const FRAME_OBSERVERS = `(() => {
	const bench = (window.__bench = { loaf: [], events: [], clicks: [], supported: {} });
	const types = PerformanceObserver.supportedEntryTypes || [];
	bench.supported = { loaf: types.includes('long-animation-frame'), event: types.includes('event') };
	if (bench.supported.loaf) {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) {
				bench.loaf.push({
					start: e.startTime,
					duration: e.duration,
					blocking: e.blockingDuration,
					scripts: (e.scripts || []).map((s) => ({
						url: s.sourceURL,
						fn: s.sourceFunctionName,
						invoker: s.invoker,
						type: s.invokerType,
						duration: s.duration
					}))
				});
			}
		}).observe({ type: 'long-animation-frame', buffered: true });
	}
	if (bench.supported.event) {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) {
				bench.events.push({
					name: e.name,
					start: e.startTime,
					delay: e.processingStart - e.startTime,
					processing: e.processingEnd - e.processingStart,
					duration: e.duration
				});
			}
		}).observe({ type: 'event', durationThreshold: 16, buffered: true });
	}
	addEventListener('click', (e) => bench.clicks.push({ at: performance.now(), delay: performance.now() - e.timeStamp }), { capture: true });
})()`;

/**
 * Wraps IDBObjectStore put/add to sum the UTF-8 length of each record's JSON, bucketed by the
 * number of step records written so far (a write to the \`runSteps\` store starts a new bucket).
 */
export const IDB_METER = `(() => {
	const meter = (window.__idb = { steps: 0, buckets: [0], byStore: {}, writes: 0, unserialisable: 0 });
	const encoder = new TextEncoder();
	for (const method of ['put', 'add']) {
		const original = IDBObjectStore.prototype[method];
		IDBObjectStore.prototype[method] = function (value, key) {
			let bytes = 0;
			try {
				bytes = encoder.encode(JSON.stringify(value) ?? '').length;
			} catch {
				meter.unserialisable++;
			}
			if (this.name === 'runSteps') {
				meter.steps++;
				meter.buckets[meter.steps] = 0;
			}
			meter.buckets[meter.steps] += bytes;
			meter.byStore[this.name] = (meter.byStore[this.name] || 0) + bytes;
			meter.writes++;
			return key === undefined ? original.call(this, value) : original.call(this, value, key);
		};
	}
})()`;

/** Page-side timestamp (ms since this document's navigation started). */
export const NOW = 'performance.now()';
