/**
 * The app's one service worker: the app works offline after one online visit.
 *
 * - The build lists the app shell, the workers and the small lazy chunks (`self.__WB_MANIFEST`,
 *   see vite.config.ts); they are precached on install, so a page that loaded once can reload
 *   and open every dialog with the network gone.
 * - Multi-megabyte files (WebLLM's chunk, llama.cpp's wasm) are not precached — every student's
 *   first visit would download them — but cached the first time they are used, cache-first.
 * - Nothing on another origin is answered here: model weights stay in the engines' own caches.
 * - A new version waits until the page asks it to take over (after saving, between runs), so a
 *   page never runs on a mix of two builds.
 * - What it serves carries the cross-origin isolation headers (see rules.ts).
 */
/// <reference lib="WebWorker" />
import { clientsClaim } from 'workbox-core';
import {
	addPlugins,
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	getCacheKeyForURL,
	precacheAndRoute,
	type PrecacheEntry
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import type { WorkboxPlugin } from 'workbox-core/types';
import {
	SW_MESSAGE,
	isRuntimeCachedAsset,
	withIsolationHeaders,
	type OfflineStatus
} from './rules.ts';

declare const self: ServiceWorkerGlobalScope & {
	readonly __WB_MANIFEST: (PrecacheEntry | string)[];
};

/** NOTE: renaming drops every student's runtime-cached engine files. */
const RUNTIME_ASSETS_CACHE = 'skillopt-assets';

const isolation: WorkboxPlugin = {
	handlerWillRespond: async ({ response }) => withIsolationHeaders(response)
};

const manifest = self.__WB_MANIFEST;

addPlugins([isolation]);
precacheAndRoute(manifest);
cleanupOutdatedCaches();

// The app is one page: every navigation in scope (`/?engine=scripted`, a share link's `#…`) gets
// the precached index.html, so query strings never miss the cache.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

const scope = new URL(self.registration.scope);
registerRoute(
	({ url, request }) => isRuntimeCachedAsset(url, scope, request.method),
	new CacheFirst({
		cacheName: RUNTIME_ASSETS_CACHE,
		plugins: [
			new CacheableResponsePlugin({ statuses: [200] }),
			// Old builds' big files go once newer ones arrive; a full disk evicts this cache first.
			new ExpirationPlugin({ maxEntries: 16, purgeOnQuotaError: true }),
			isolation
		]
	})
);

// The first install takes the open page at once, so its lazy chunks come from the cache too.
clientsClaim();

self.addEventListener('message', (event: ExtendableMessageEvent) => {
	const data: unknown = event.data;
	const type = typeof data === 'object' && data !== null && 'type' in data ? data.type : null;
	if (type === SW_MESSAGE.skipWaiting) {
		void self.skipWaiting();
	} else if (type === SW_MESSAGE.status) {
		const port = event.ports[0];
		if (port) event.waitUntil(offlineStatus().then((status) => port.postMessage(status)));
	}
});

async function offlineStatus(): Promise<OfflineStatus> {
	let cached = 0;
	for (const entry of manifest) {
		const url = typeof entry === 'string' ? entry : entry.url;
		const key = getCacheKeyForURL(url);
		if (key !== undefined && (await caches.match(key)) !== undefined) cached += 1;
	}
	return { expected: manifest.length, cached };
}
