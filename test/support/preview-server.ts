/**
 * A `vite preview` server of its own for the offline spec: started on a spare port over a copy of
 * the build, and stopped for real. Stopping the server is the only honest way to test offline
 * use — `context.setOffline` does not cut a service worker's own fetches, and route interception
 * does not see them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { preview, type PreviewServer } from 'vite';
import { ISOLATION_HEADERS } from '../../src/service-worker/rules.ts';

export interface StaticHost {
	readonly url: string;
	readonly port: number;
	/** Stop serving; the port then refuses connections. */
	stop(): Promise<void>;
}

/** A port nothing listens on now (the OS picks it). */
export async function sparePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * Serve `dir` on `port`, with the isolation headers a correctly configured host sends (or none,
 * to play a host that cannot set headers).
 */
export async function servePreview(
	dir: string,
	port: number,
	options: { isolationHeaders?: boolean } = {}
): Promise<StaticHost> {
	const server: PreviewServer = await preview({
		configFile: false,
		logLevel: 'silent',
		root: process.cwd(),
		build: { outDir: dir },
		preview: {
			host: '127.0.0.1',
			port,
			strictPort: true,
			headers: options.isolationHeaders === false ? {} : { ...ISOLATION_HEADERS }
		}
	});
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		stop: () => server.close()
	};
}

/** A throw-away copy of a build directory (removed by `removeCopy`). */
export function copyBuild(from: string, label: string): string {
	const dir = mkdtempSync(join(tmpdir(), `skillopt-${label}-`));
	cpSync(from, dir, { recursive: true });
	return dir;
}

export function removeCopy(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
}

/**
 * Turn a build copy into "the next deploy": `index.html` changes (a marker the test can see),
 * and the service worker's precache manifest gets the new file's revision, as a rebuild would
 * write it. Returns the marker.
 */
export function makeNextDeploy(dir: string): string {
	const marker = `next-deploy-${Date.now()}`;
	const htmlPath = join(dir, 'index.html');
	const oldHtml = readFileSync(htmlPath, 'utf8');
	const newHtml = oldHtml.replace(
		'</head>',
		`<meta name="skillopt-build" content="${marker}">\n</head>`
	);
	writeFileSync(htmlPath, newHtml);
	const swPath = join(dir, 'sw.js');
	const sw = readFileSync(swPath, 'utf8');
	const oldRevision = md5(oldHtml);
	if (!sw.includes(oldRevision)) throw new Error('sw.js does not list index.html’s revision');
	writeFileSync(swPath, sw.replace(oldRevision, md5(newHtml)));
	return marker;
}

function md5(text: string): string {
	return createHash('md5').update(text).digest('hex');
}
