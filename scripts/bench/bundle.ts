/**
 * The production build, made through Vite's API with one extra plugin that only looks: it records
 * which modules each output chunk holds (the main build's and the workers' alike), so the bench
 * can say which file carries WebLLM, the CPU engine, charts, the merge view or `yaml`, and which
 * files the page needs before first paint (the HTML entry and its static imports). The output is
 * byte for byte what `npm run build` makes.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';

export interface BuiltFile {
	/** Path under `dist/`, e.g. `assets/index-abc.js`. */
	file: string;
	kind: 'js' | 'css' | 'wasm' | 'other';
	raw: number;
	gzip: number;
	/** Static imports (chunk files) and CSS it pulls in. */
	imports: string[];
	css: string[];
	/** Source modules inside (project-relative; packages as `node_modules/<name>/…`). */
	modules: string[];
	isEntry: boolean;
	/** The module the chunk was split for (entries, dynamic imports, workers). */
	facade: string | null;
}

/** The features the issue names, and how to recognise their code in a chunk or an asset. */
export const FEATURES = [
	{ name: 'WebLLM', match: (m: string) => m.includes('node_modules/@mlc-ai/web-llm/') },
	{
		name: 'CPU engine (wllama) code + wasm',
		match: (m: string) => m.includes('node_modules/@wllama/')
	},
	{ name: 'charts (uPlot)', match: (m: string) => m.includes('node_modules/uplot/') },
	{ name: 'merge view', match: (m: string) => m.includes('node_modules/@codemirror/merge/') },
	{ name: 'yaml', match: (m: string) => /node_modules\/yaml\//.test(m) }
] as const;

const kindOf = (file: string): BuiltFile['kind'] =>
	file.endsWith('.js')
		? 'js'
		: file.endsWith('.css')
			? 'css'
			: file.endsWith('.wasm')
				? 'wasm'
				: 'other';

function inspector(root: string, into: Map<string, BuiltFile>): Plugin {
	return {
		name: 'bench-inspect-chunks',
		apply: 'build',
		generateBundle(_options, bundle) {
			for (const out of Object.values(bundle)) {
				const rel = (id: string) => relative(root, id.replace(/^\0/, '')).replaceAll('\\', '/');
				if (out.type === 'chunk') {
					const meta = (out as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata;
					into.set(out.fileName, {
						file: out.fileName,
						kind: 'js',
						raw: 0,
						gzip: 0,
						imports: [...out.imports],
						css: [...(meta?.importedCss ?? [])],
						modules: out.moduleIds.map(rel),
						isEntry: out.isEntry,
						facade: out.facadeModuleId === null ? null : rel(out.facadeModuleId)
					});
				} else if (into.get(out.fileName)?.kind !== 'js') {
					// Worker chunks come back to the main build as assets: keep what the worker build said.
					into.set(out.fileName, {
						file: out.fileName,
						kind: kindOf(out.fileName),
						raw: 0,
						gzip: 0,
						imports: [],
						css: [],
						modules: (out.originalFileNames ?? []).map(rel),
						isEntry: false,
						facade: null
					});
				}
			}
		}
	};
}

export interface Bundle {
	dist: string;
	wallMs: number;
	files: BuiltFile[];
	/** JS and CSS the HTML entry loads before first paint (entry + static imports). */
	firstPaint: string[];
}

/** Builds the app into `dist/` and sizes every output file (raw and gzip level 9). */
export async function buildApp(root: string): Promise<Bundle> {
	const started = Date.now();
	const found = new Map<string, BuiltFile>();
	const plugin = inspector(root, found);
	await build({
		root,
		logLevel: 'error',
		plugins: [plugin],
		worker: { plugins: () => [inspector(root, found)] }
	});
	const dist = join(root, 'dist');
	const files = [...found.values()].map((f) => {
		const bytes = readFileSync(join(dist, f.file));
		return { ...f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
	});
	const byName = new Map(files.map((f) => [f.file, f]));
	const first = new Set<string>();
	const visit = (name: string) => {
		if (first.has(name)) return;
		first.add(name);
		const f = byName.get(name);
		for (const css of f?.css ?? []) first.add(css);
		for (const dep of f?.imports ?? []) visit(dep);
	};
	for (const f of files) if (f.isEntry && f.facade?.endsWith('index.html')) visit(f.file);
	// The HTML's own <link rel="stylesheet"> (CSS extracted for the entry).
	const html = readFileSync(join(dist, 'index.html'), 'utf8');
	for (const [, href] of html.matchAll(/<(?:link|script)[^>]+(?:href|src)="\/?([^"]+)"/g)) {
		if (href !== undefined && byName.has(href)) visit(href);
	}
	return { dist, wallMs: Date.now() - started, files, firstPaint: [...first] };
}
