/**
 * The document and worker source of the code-grader sandbox, as strings.
 *
 * A static host cannot send CSP headers, so isolation is built from what a page can do alone:
 * an `<iframe sandbox="allow-scripts">` (opaque origin: no cookies, storage or DOM access to the
 * app) whose `srcdoc` carries a CSP meta tag with `connect-src 'none'`; the iframe starts a blob
 * worker, which inherits that policy, and user code runs only in that worker. `fetch`, XHR,
 * WebSocket, `importScripts` and `import()` of any URL are refused by the policy; the worker also
 * replaces the network globals with throwing stubs so the error a user sees is explicit. A worker
 * stuck in a loop is terminated by the iframe after the per-item timeout and replaced.
 */

/** NOTE: the policy is the security boundary; loosen nothing here without a test. */
export const SANDBOX_CSP =
	"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; connect-src 'none'; img-src 'none'; style-src 'none'; form-action 'none'";

// Runs inside the blob worker. Compiles each distinct code string once.
const WORKER_SOURCE = String.raw`
'use strict';
const blocked = (name) => function () {
	throw new Error(name + ' is disabled inside code graders (no network access).');
};
for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'WebTransport', 'Worker', 'SharedWorker']) {
	try {
		Object.defineProperty(self, name, { value: blocked(name), configurable: false, writable: false });
	} catch {}
}
const compiled = new Map();
function compile(code) {
	let fn = compiled.get(code);
	if (fn) return fn;
	const trimmed = code.trim();
	// Accept a function body ("return ...") or a function expression ("(output, item) => ...").
	const isExpression = /^(async\s+)?(function\b|\([^)]*\)\s*=>|[A-Za-z_$][\w$]*\s*=>)/.test(trimmed);
	fn = isExpression
		? new Function('output', 'item', '"use strict"; return (' + trimmed + ')(output, item);')
		: new Function('output', 'item', '"use strict";\n' + code);
	compiled.set(code, fn);
	return fn;
}
self.onmessage = async (event) => {
	const { id, code, output, item } = event.data;
	try {
		const value = await compile(code)(output, item);
		self.postMessage({ id, ok: true, value: JSON.parse(JSON.stringify(value ?? null)) });
	} catch (error) {
		self.postMessage({ id, ok: false, error: (error && error.name ? error.name + ': ' : '') + (error && error.message ? error.message : String(error)) });
	}
};
`;

// Runs in the sandboxed iframe: owns the worker, enforces timeouts, talks to the app over a port.
const HOST_SOURCE = String.raw`
'use strict';
const workerUrl = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
let worker = null;
let current = null;
const queue = [];
let port = null;
function freshWorker() {
	if (worker) worker.terminate();
	worker = new Worker(workerUrl);
	worker.onmessage = (event) => finish(event.data);
	worker.onerror = (event) => {
		event.preventDefault();
		finish({ id: current && current.id, ok: false, error: 'SyntaxError: ' + (event.message || 'the code does not compile') });
		freshWorker();
	};
}
function finish(result) {
	if (!current || result.id !== current.id) return;
	clearTimeout(current.timer);
	current = null;
	port.postMessage(result);
	next();
}
function next() {
	if (current || queue.length === 0) return;
	current = queue.shift();
	current.timer = setTimeout(() => {
		const id = current.id;
		const ms = current.timeoutMs;
		current = null;
		freshWorker();
		port.postMessage({ id, ok: false, timedOut: true, error: 'Timed out after ' + ms + ' ms (the worker was stopped).' });
		next();
	}, current.timeoutMs);
	worker.postMessage({ id: current.id, code: current.code, output: current.output, item: current.item });
}
window.addEventListener('message', (event) => {
	if (event.data !== 'skillopt-sandbox-connect' || !event.ports[0]) return;
	port = event.ports[0];
	port.onmessage = (e) => { queue.push(e.data); next(); };
	freshWorker();
	port.postMessage({ ready: true });
});
`;

/** The iframe's complete `srcdoc`. */
export function sandboxSrcdoc(): string {
	const workerLiteral = JSON.stringify(WORKER_SOURCE).replace(/</g, '\\u003c');
	const host = HOST_SOURCE.replace('WORKER_SOURCE', workerLiteral).replace(
		/<\/script/gi,
		'<\\/script'
	);
	return `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${SANDBOX_CSP}"></head><body><script>${host}</script></body></html>`;
}
