import { afterEach, describe, expect, it } from 'vitest';
import {
	parseRunMessage,
	RUN_CHANNEL_NAME,
	RunChannel,
	type RunChannelMessage
} from '../../../src/lib/persistence/run-channel.ts';

const open: RunChannel[] = [];
afterEach(() => {
	for (const channel of open.splice(0)) channel.close();
});

function tab(id: string): RunChannel {
	// Node's BroadcastChannel delivers between instances in one process, like tabs.
	const channel = new RunChannel(id, new BroadcastChannel(RUN_CHANNEL_NAME));
	open.push(channel);
	return channel;
}

function nextMessages(channel: RunChannel, count: number, runId?: string) {
	const got: RunChannelMessage[] = [];
	return new Promise<RunChannelMessage[]>((resolve) => {
		channel.subscribe((m) => {
			got.push(m);
			if (got.length === count) resolve(got);
		}, runId);
	});
}

describe('RunChannel', () => {
	it('lets a read-only tab follow steps and status changes of the run it watches', async () => {
		const driver = tab('tab-a');
		const follower = tab('tab-b');
		const received = nextMessages(follower, 3, 'run-1');
		driver.stepAppended('run-2', 0);
		driver.stepAppended('run-1', 4);
		driver.snapshotSaved('run-1');
		driver.statusChanged('run-1', 'finished');
		expect(await received).toEqual([
			{ type: 'step-appended', runId: 'run-1', index: 4, tabId: 'tab-a' },
			{ type: 'snapshot-saved', runId: 'run-1', tabId: 'tab-a' },
			{ type: 'status-changed', runId: 'run-1', status: 'finished', tabId: 'tab-a' }
		]);
	});

	it('ignores malformed messages and messages from its own tab id', async () => {
		const driver = tab('tab-a');
		const follower = tab('tab-b');
		const sameId = tab('tab-b');
		const raw = new BroadcastChannel(RUN_CHANNEL_NAME);
		const received = nextMessages(follower, 1);
		raw.postMessage({ type: 'step-appended', runId: 'run-1', index: 'two', tabId: 'x' });
		raw.postMessage('hello');
		sameId.runDeleted('run-9');
		driver.runDeleted('run-1');
		expect(await received).toEqual([{ type: 'run-deleted', runId: 'run-1', tabId: 'tab-a' }]);
		raw.close();
	});

	it('stops calling a handler after unsubscribe', async () => {
		const driver = tab('tab-a');
		const follower = tab('tab-b');
		const seen: RunChannelMessage[] = [];
		const stop = follower.subscribe((m) => seen.push(m));
		const later = nextMessages(follower, 2);
		driver.stepAppended('run-1', 0);
		await new Promise((r) => setTimeout(r, 20));
		stop();
		driver.stepAppended('run-1', 1);
		await later;
		expect(seen.map((m) => m.type === 'step-appended' && m.index)).toEqual([0]);
	});
});

describe('parseRunMessage', () => {
	it('accepts the known messages and rejects unknown types and statuses', () => {
		expect(
			parseRunMessage({ type: 'status-changed', runId: 'r', status: 'paused', tabId: 't' })
		).toEqual({ type: 'status-changed', runId: 'r', status: 'paused', tabId: 't' });
		expect(
			parseRunMessage({ type: 'status-changed', runId: 'r', status: 'odd', tabId: 't' })
		).toBeUndefined();
		expect(parseRunMessage({ type: 'future-thing', runId: 'r', tabId: 't' })).toBeUndefined();
		expect(
			parseRunMessage({ type: 'step-appended', runId: 'r', index: 1.5, tabId: 't' })
		).toBeUndefined();
		expect(parseRunMessage(null)).toBeUndefined();
	});
});
