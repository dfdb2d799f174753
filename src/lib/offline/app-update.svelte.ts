/**
 * The service worker's side in the page: registers it (production builds only, after first
 * paint), notices when a new version is waiting or when this build's lazy chunks are gone, and
 * performs the reload the user agrees to — the draft saved first, the new worker told to take
 * over, the page reloaded once it has. (Whether the app is ready offline is asked by the lazily
 * loaded classroom check: offline-readiness.ts.)
 *
 * Components only render what this class says (UpdatePrompt.svelte); the rule for when the
 * prompt may show is in update-policy.ts.
 */
import { getContext, setContext } from 'svelte';
import { SW_MESSAGE } from '../../service-worker/rules.ts';
import { MISSING_CHUNK_EVENT, isMissingChunkError, type UpdateReason } from './update-policy.ts';

/** How long to wait for a new worker to take over before reloading anyway. */
const TAKEOVER_TIMEOUT_MS = 4_000;
/** A workshop tab stays open for hours: look for a new version this often while visible. */
const UPDATE_CHECK_MS = 30 * 60_000;

export class AppUpdate {
	#reason = $state<UpdateReason | null>(null);
	#registration = $state.raw<ServiceWorkerRegistration | null>(null);
	#problem = $state<string | null>(null);
	#reloading = $state(false);
	#started = false;

	/** Why a reload is offered, or `null`. */
	get reason(): UpdateReason | null {
		return this.#reason;
	}
	/** Why the service worker could not be registered (the app still works online). */
	get problem(): string | null {
		return this.#problem;
	}
	get reloading(): boolean {
		return this.#reloading;
	}
	get registration(): ServiceWorkerRegistration | null {
		return this.#registration;
	}

	/** Listen for missing chunks now and register the worker once the page has loaded. */
	start(): () => void {
		if (this.#started) return () => {};
		this.#started = true;
		const onPreloadError = (event: Event) => {
			const payload: unknown = 'payload' in event ? event.payload : undefined;
			if (isMissingChunkError(payload)) this.reportMissingChunk();
		};
		const onRejection = (event: PromiseRejectionEvent) => {
			if (isMissingChunkError(event.reason)) this.reportMissingChunk();
		};
		const onWorkerChunk = () => this.reportMissingChunk();
		window.addEventListener('vite:preloadError', onPreloadError);
		window.addEventListener('unhandledrejection', onRejection);
		window.addEventListener(MISSING_CHUNK_EVENT, onWorkerChunk);
		const stopRegistering = this.#registerWhenLoaded();
		return () => {
			window.removeEventListener('vite:preloadError', onPreloadError);
			window.removeEventListener('unhandledrejection', onRejection);
			window.removeEventListener(MISSING_CHUNK_EVENT, onWorkerChunk);
			stopRegistering();
		};
	}

	/**
	 * A lazy chunk of this build could not be fetched — in the page, or in the model worker (the
	 * model state dispatches `MISSING_CHUNK_EVENT`). Offered only once the server answers: with
	 * the network gone, a reload would not help, and the failing feature says "are you offline?".
	 */
	reportMissingChunk(): void {
		if (this.#reason !== null) return;
		// sw.js is neither precached nor under assets/: this request always reaches the server.
		void fetch(`${import.meta.env.BASE_URL}sw.js`, { method: 'HEAD', cache: 'no-store' }).then(
			(response) => {
				if (response.ok) this.#reason ??= 'missing-chunk';
			},
			noop
		);
	}

	/**
	 * Save the draft, let a waiting worker take over, and reload. The prompt only offers this
	 * when no run is active (update-policy.ts).
	 */
	async reload(flushDraft: () => Promise<void>): Promise<void> {
		if (this.#reloading) return;
		this.#reloading = true;
		await flushDraft();
		const waiting = this.#registration?.waiting ?? null;
		if (waiting && navigator.serviceWorker) {
			const takenOver = new Promise<void>((resolve) => {
				navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
					once: true
				});
				setTimeout(resolve, TAKEOVER_TIMEOUT_MS);
			});
			waiting.postMessage({ type: SW_MESSAGE.skipWaiting });
			await takenOver;
		}
		location.reload();
	}

	#registerWhenLoaded(): () => void {
		const container = navigator.serviceWorker;
		if (!import.meta.env.PROD || !container) return () => {};
		let timer: ReturnType<typeof setInterval> | undefined;
		const onVisible = () => {
			if (document.visibilityState === 'visible') void this.#registration?.update().catch(noop);
		};
		const register = async () => {
			try {
				const base = import.meta.env.BASE_URL;
				const registration = await container.register(`${base}sw.js`, { scope: base });
				// A browser that blocks service workers (a policy, an automation flag) may resolve
				// with nothing instead of rejecting.
				if (!(registration as ServiceWorkerRegistration | undefined)) {
					throw new Error('this browser blocks service workers here');
				}
				this.#watch(registration);
				timer = setInterval(onVisible, UPDATE_CHECK_MS);
				document.addEventListener('visibilitychange', onVisible);
			} catch (error) {
				this.#problem = `Offline use is unavailable: the service worker could not be registered (${error instanceof Error ? error.message : String(error)}).`;
			}
		};
		if (document.readyState === 'complete') void register();
		else window.addEventListener('load', () => void register(), { once: true });
		return () => {
			clearInterval(timer);
			document.removeEventListener('visibilitychange', onVisible);
		};
	}

	#watch(registration: ServiceWorkerRegistration): void {
		this.#registration = registration;
		// A worker that installs while another controls the page is a new version; the very first
		// install (no controller yet) is not.
		const consider = (worker: ServiceWorker | null) => {
			if (worker && navigator.serviceWorker.controller) this.#reason = 'new-version';
		};
		consider(registration.waiting);
		registration.addEventListener('updatefound', () => {
			const installing = registration.installing;
			installing?.addEventListener('statechange', () => {
				if (installing.state === 'installed') consider(installing);
			});
		});
	}
}

function noop(): void {}

const KEY = Symbol('app-update');

export function createAppUpdate(): AppUpdate {
	return setContext(KEY, new AppUpdate());
}

export function useAppUpdate(): AppUpdate {
	return getContext<AppUpdate>(KEY);
}
