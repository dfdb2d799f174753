/**
 * Whether this page would load with the network gone: asks the active service worker how much
 * of its precache is in place. Only the classroom check needs it, so it loads with that dialog.
 */
import { SW_MESSAGE, type OfflineStatus } from '../../service-worker/rules.ts';
import type { AppUpdate } from './app-update.svelte.ts';

export type OfflineReadiness =
	| { state: 'unsupported'; detail: string }
	| { state: 'installing' }
	| { state: 'ready'; cached: number; expected: number }
	| { state: 'incomplete'; cached: number; expected: number };

/** Whether this page would load with the network gone, per the active worker's precache. */
export async function offlineReadiness(update: AppUpdate): Promise<OfflineReadiness> {
	const container = navigator.serviceWorker;
	if (!import.meta.env.PROD) {
		return { state: 'unsupported', detail: 'Development builds have no service worker.' };
	}
	if (!container) {
		return { state: 'unsupported', detail: 'This browser has no service workers here.' };
	}
	if (update.problem) return { state: 'unsupported', detail: update.problem };
	const registration = update.registration ?? (await container.getRegistration()) ?? null;
	const active = registration?.active ?? null;
	if (!active || !container.controller) return { state: 'installing' };
	const status = await askStatus(active);
	if (status === null) return { state: 'installing' };
	return status.cached === status.expected
		? { state: 'ready', ...status }
		: { state: 'incomplete', ...status };
}

/** Ask the worker for its precache status; `null` when it does not answer. */
function askStatus(worker: ServiceWorker, timeoutMs = 3_000): Promise<OfflineStatus | null> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(() => resolve(null), timeoutMs);
		channel.port1.onmessage = (event: MessageEvent<OfflineStatus>) => {
			clearTimeout(timer);
			resolve(event.data);
		};
		worker.postMessage({ type: SW_MESSAGE.status }, [channel.port2]);
	});
}
