/**
 * The service worker's decisions, as plain functions over `URL`, `Headers` and `Response`, so
 * that Node tests can check them without a browser: which requests it answers from its caches
 * (same-origin app files only — never a model host), which headers it guarantees on what it
 * serves, and the messages the page and the worker exchange.
 *
 * Only one service worker can control the app, so everything the app needs from one lives in this
 * worker. Cross-origin isolation is the first such need: a static host that cannot send
 * COOP/COEP still gets an isolated page (llama.cpp's threads) from the second visit on, because
 * the worker adds the headers to what it serves — but never replaces a value the host sent.
 */

/** NOTE: the page and the worker speak this protocol; change both sides together. */
export const SW_MESSAGE = {
	/** page → waiting worker: take over now (the page reloads on `controllerchange`). */
	skipWaiting: 'SKIP_WAITING',
	/** page → active worker: reply on the given port with an `OfflineStatus`. */
	status: 'OFFLINE_STATUS'
} as const;

/** What the active worker reports about its precache (the classroom check shows it). */
export interface OfflineStatus {
	/** Files the build asked the worker to precache. */
	expected: number;
	/** Of those, how many are in the precache now. */
	cached: number;
}

/**
 * The headers that make a page cross-origin isolated, and the resource policy that lets an
 * isolated page load the worker's responses. Same values as the dev/preview servers send
 * (vite.config.ts) and as the README asks a host to send.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/** Where the build's hashed files live, relative to the worker's scope. */
export const ASSETS_DIR = 'assets/';

/**
 * Whether a request is for one of the app's own hashed files (the big lazy ones that are not
 * precached: WebLLM's chunk, llama.cpp's wasm). Those are cached when first used, cache-first —
 * their names change with their content, so a cached copy is never stale. Anything on another
 * origin (model weights, model libraries, endpoints) is left to the network and to the engines'
 * own caches.
 */
export function isRuntimeCachedAsset(url: URL, scope: URL, method = 'GET'): boolean {
	if (method !== 'GET' || url.origin !== scope.origin) return false;
	return url.pathname.startsWith(new URL(ASSETS_DIR, scope).pathname);
}

/** Whether `headers` already carry every isolation header (nothing to add). */
export function hasIsolationHeaders(headers: Headers): boolean {
	return Object.keys(ISOLATION_HEADERS).every((name) => headers.has(name));
}

/**
 * `response` with any missing isolation header added; the same object when nothing is missing
 * or it cannot be rewritten (opaque, error or redirect responses have no readable headers, and a
 * 304 has no body to carry over).
 */
export function withIsolationHeaders(response: Response): Response {
	if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) {
		return response;
	}
	if (hasIsolationHeaders(response.headers)) return response;
	const headers = new Headers(response.headers);
	for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
		if (!headers.has(name)) headers.set(name, value);
	}
	const nullBody = response.status === 204 || response.status === 304;
	return new Response(nullBody ? null : response.body, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
