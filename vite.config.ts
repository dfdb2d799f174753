import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chunkModulesReport } from './scripts/first-paint-plugin.ts';

// Module workers everywhere (`new Worker(new URL(...), { type: 'module' })`): the WebGPU probe
// worker now, the model worker later. WebLLM's ~7 MB chunk is only reachable from the model
// worker, so the warning limit is raised for that one chunk's sake, not for the app. The
// manifest and the chunk-modules report feed the first-paint budget (scripts/first-paint-budget.ts).
export default defineConfig({
	plugins: [svelte(), chunkModulesReport()],
	worker: { format: 'es' },
	build: { target: 'es2023', chunkSizeWarningLimit: 8000, manifest: true },
	test: {
		include: ['test/unit/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true }
	}
});
