/**
 * The first-paint budget: the JavaScript a browser must load before the app first paints (the
 * entry chunk and everything it imports statically, per the build's manifest) must stay within
 * 250 kB gzip. Prints what that JavaScript is made of, largest first, and exits non-zero when
 * over. Reuses the last build when it is newer than every source file; builds otherwise.
 *
 * Usage: `npm run test:budget` (after `npm run build`, or on its own).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHUNK_MODULES_FILE } from './first-paint-plugin.ts';

const BUDGET_BYTES = 250_000;
const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const MANIFEST = join(DIST, '.vite/manifest.json');
const SOURCES = ['src', 'workers', 'index.html', 'vite.config.ts', 'package-lock.json', 'public'];

interface ManifestChunk {
	file: string;
	src?: string;
	name?: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
}

function newestSource(path: string): number {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestSource(join(path, entry)));
	return newest;
}

function ensureBuild(): void {
	const stale =
		!existsSync(MANIFEST) ||
		SOURCES.some((source) => newestSource(join(ROOT, source)) > statSync(MANIFEST).mtimeMs);
	if (!stale) return;
	console.log('first-paint budget: the build is missing or older than the sources; building…');
	execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/** The entry chunks and every chunk they import statically: what loads before first paint. */
function firstPaintChunks(manifest: Record<string, ManifestChunk>): ManifestChunk[] {
	const seen = new Set<string>();
	const out: ManifestChunk[] = [];
	const visit = (key: string): void => {
		if (seen.has(key)) return;
		seen.add(key);
		const chunk = manifest[key];
		if (chunk === undefined) return;
		if (chunk.file.endsWith('.js')) out.push(chunk);
		for (const next of chunk.imports ?? []) visit(next);
	};
	for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry === true) visit(key);
	return out;
}

/** `node_modules/@codemirror/view/dist/index.js` → `@codemirror/view`; app files stay paths. */
function owner(id: string): string {
	const at = id.lastIndexOf('node_modules/');
	if (at < 0) return relative(ROOT, id.replace(/\?.*$/u, ''));
	const [first = '', second = ''] = id.slice(at + 'node_modules/'.length).split('/');
	return first.startsWith('@') ? `${first}/${second}` : first;
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

function main(): void {
	ensureBuild();
	const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestChunk>;
	const modulesFile = join(DIST, CHUNK_MODULES_FILE);
	const modules = existsSync(modulesFile)
		? (JSON.parse(readFileSync(modulesFile, 'utf8')) as Record<string, Record<string, number>>)
		: {};
	const chunks = firstPaintChunks(manifest);
	let total = 0;
	const owners = new Map<string, number>();
	console.log('first-paint JavaScript (entry + static imports):');
	for (const chunk of chunks) {
		const code = readFileSync(join(DIST, chunk.file));
		const gzip = gzipSync(code, { level: 9 }).length;
		total += gzip;
		console.log(`  ${chunk.file}  ${kB(code.length)} raw, ${kB(gzip)} gzip`);
		// Rendered sizes are before minification; shares of the chunk are what they tell.
		const inChunk = modules[chunk.file] ?? {};
		const rendered = Object.values(inChunk).reduce((a, b) => a + b, 0);
		for (const [id, length] of Object.entries(inChunk)) {
			const share = rendered === 0 ? 0 : (length / rendered) * gzip;
			owners.set(owner(id), (owners.get(owner(id)) ?? 0) + share);
		}
	}
	const top = [...owners].sort((a, b) => b[1] - a[1]).slice(0, 25);
	if (top.length > 0) {
		console.log('what is in it (estimated gzip share, largest first):');
		for (const [name, bytes] of top) console.log(`  ${kB(bytes).padStart(9)}  ${name}`);
	}
	const verdict = `${kB(total)} gzip of ${kB(BUDGET_BYTES)} allowed`;
	if (total > BUDGET_BYTES) {
		console.error(
			`first-paint budget exceeded: ${verdict}. Load the new weight lazily (dynamic import).`
		);
		process.exit(1);
	}
	console.log(`first-paint budget ok: ${verdict}.`);
}

main();
