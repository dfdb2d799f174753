/**
 * Runs user-written grader predicates (the `js` grader) in the sandbox described in
 * `sandbox-document.ts`, behind the core's `PredicateRunner` port.
 *
 * One hidden iframe is created on first use and reused; calls are queued inside it so a slow
 * predicate never runs two at a time. Results are validated here, because nothing that comes back
 * from user code is trusted.
 */
import type { PackItem, PredicateRunner } from '../../core/packs/types.ts';
import { sandboxSrcdoc } from './sandbox-document.ts';

export class PredicateError extends Error {
	readonly timedOut: boolean;

	constructor(message: string, timedOut = false) {
		super(message);
		this.name = timedOut ? 'PredicateTimeoutError' : 'PredicateError';
		this.timedOut = timedOut;
	}
}

type SandboxReply =
	| { id: number; ok: true; value: unknown }
	| { id: number; ok: false; error: string; timedOut?: boolean };

const CONNECT_TIMEOUT_MS = 10_000;

export class PredicateSandbox implements PredicateRunner {
	#port: Promise<MessagePort> | null = null;
	#frame: HTMLIFrameElement | null = null;
	#nextId = 1;
	#pending = new Map<number, (reply: SandboxReply) => void>();

	readonly #container: HTMLElement;

	constructor(container: HTMLElement = document.body) {
		this.#container = container;
	}

	async run(
		code: string,
		output: string,
		item: PackItem,
		timeoutMs: number
	): Promise<boolean | number | { hard: number; soft: number }> {
		const port = await this.#connect();
		const id = this.#nextId++;
		const reply = await new Promise<SandboxReply>((resolve) => {
			this.#pending.set(id, resolve);
			// Items are plain JSON; cloning through JSON also strips anything odd a caller passed.
			port.postMessage({ id, code, output, item: JSON.parse(JSON.stringify(item)), timeoutMs });
		});
		if (!reply.ok) throw new PredicateError(reply.error, reply.timedOut ?? false);
		return validateValue(reply.value);
	}

	/** Remove the iframe (and its worker). The next `run` creates a fresh one. */
	dispose(): void {
		this.#frame?.remove();
		this.#frame = null;
		this.#port = null;
		for (const resolve of this.#pending.values())
			resolve({ id: 0, ok: false, error: 'The sandbox was closed.' });
		this.#pending.clear();
	}

	#connect(): Promise<MessagePort> {
		this.#port ??= new Promise<MessagePort>((resolve, reject) => {
			const frame = document.createElement('iframe');
			frame.setAttribute('sandbox', 'allow-scripts');
			frame.setAttribute('aria-hidden', 'true');
			frame.setAttribute('tabindex', '-1');
			frame.title = 'Code grader sandbox';
			frame.style.display = 'none';
			frame.srcdoc = sandboxSrcdoc();
			const timer = setTimeout(() => {
				this.dispose();
				reject(new PredicateError('The code-grader sandbox did not start.'));
			}, CONNECT_TIMEOUT_MS);
			frame.addEventListener('load', () => {
				const channel = new MessageChannel();
				channel.port1.onmessage = (event: MessageEvent<SandboxReply | { ready: true }>) => {
					const data = event.data;
					if ('ready' in data) {
						clearTimeout(timer);
						resolve(channel.port1);
						return;
					}
					const resolveReply = this.#pending.get(data.id);
					this.#pending.delete(data.id);
					resolveReply?.(data);
				};
				// The sandboxed frame has an opaque origin, so '*' is the only target that reaches it;
				// the message carries nothing but a port.
				frame.contentWindow?.postMessage('skillopt-sandbox-connect', '*', [channel.port2]);
			});
			this.#container.append(frame);
			this.#frame = frame;
		});
		return this.#port;
	}
}

function validateValue(value: unknown): boolean | number | { hard: number; soft: number } {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (
		typeof value === 'object' &&
		value !== null &&
		'hard' in value &&
		'soft' in value &&
		typeof value.hard === 'number' &&
		typeof value.soft === 'number'
	) {
		return { hard: value.hard, soft: value.soft };
	}
	throw new PredicateError(
		`A code grader must return true/false, a number, or {hard, soft}; it returned ${describe(value)}.`
	);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object without numeric hard/soft' : typeof value;
}
