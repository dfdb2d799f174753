import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chunkModulesReport } from './scripts/first-paint-plugin.ts';

// Module workers everywhere (`new Worker(new URL(...), { type: 'module' })`): the WebGPU probe
// worker and the model worker. WebLLM's ~7 MB chunk is only reachable from the model worker, so
// the warning limit is raised for that one chunk's sake, not for the app. The
// manifest and the chunk-modules report feed the first-paint budget (scripts/first-paint-budget.ts).
//
// Cross-origin isolation lets llama.cpp (the CPU engine) run on several threads: it needs
// `SharedArrayBuffer`. `require-corp` is the mode every current browser supports; everything the
// app fetches from other origins (model weights, endpoints) is a CORS request, which it allows.
// Static hosts must send the same two headers (see the README); without them the CPU engine runs
// on one thread and says so.
const isolation = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp'
};

export default defineConfig({
	plugins: [svelte(), chunkModulesReport()],
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
