import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { chunkModulesReport } from './scripts/first-paint-plugin.ts';
import { ISOLATION_HEADERS } from './src/service-worker/rules.ts';

// Module workers everywhere (`new Worker(new URL(...), { type: 'module' })`): the WebGPU probe
// worker and the model worker. WebLLM's ~7 MB chunk is only reachable from the model worker, so
// the warning limit is raised for that one chunk's sake, not for the app. The
// manifest and the chunk-modules report feed the first-paint budget (scripts/first-paint-budget.ts).
//
// Cross-origin isolation lets llama.cpp (the CPU engine) run on several threads: it needs
// `SharedArrayBuffer`. `require-corp` is the mode every current browser supports; everything the
// app fetches from other origins (model weights, endpoints) is a CORS request, which it allows.
// Static hosts must send the same two headers (see the README); without them the CPU engine runs
// on one thread and says so. The service worker adds the same headers to what it serves, so a
// host without them still gets an isolated page from the second visit on.
const isolation = ISOLATION_HEADERS;

// Offline after the first visit (src/service-worker/sw.ts). Precached: every file of the build
// by pattern — the shell, the workers and each lazy chunk, whoever adds them — except the
// multi-megabyte engine files, which the worker caches when first used. Workbox's 2 MiB per-file
// limit stays: a new big file fails the build instead of silently joining every first visit.
const pwa = VitePWA({
	strategies: 'injectManifest',
	srcDir: 'src/service-worker',
	filename: 'sw.ts',
	registerType: 'prompt',
	// src/lib/offline/app-update.svelte.ts registers it (after first paint, in production only).
	injectRegister: false,
	manifest: {
		name: 'SkillOpt Playground',
		short_name: 'SkillOpt',
		description: 'Train an agent skill in the browser with the SkillOpt method.',
		theme_color: '#1f6feb',
		background_color: '#ffffff',
		display: 'standalone',
		icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }]
	},
	injectManifest: {
		globPatterns: ['**/*.{js,css,html,svg,png,ico,wasm,json,webmanifest,woff2}'],
		globIgnores: ['.vite/**', '**/webllm-engine-*.js', '**/wllama-*.wasm', 'sw.js']
	}
});

export default defineConfig({
	plugins: [svelte(), chunkModulesReport(), pwa],
	worker: { format: 'es' },
	// wllama finds its wasm through the URL the engine imports (`?url`); pre-bundling would move it.
	optimizeDeps: { exclude: ['@wllama/wllama'] },
	server: { headers: isolation },
	preview: { headers: isolation },
	build: { target: 'es2023', chunkSizeWarningLimit: 8000, manifest: true },
	test: {
		include: ['test/unit/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true }
	}
});
