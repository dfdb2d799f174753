/**
 * A Vite plugin that records which source modules each output chunk holds (and their rendered
 * size), next to the manifest, so the first-paint budget can say what the first paint is made
 * of, not just how big it is. The manifest alone names chunks, not their contents.
 */
import type { Plugin } from 'vite';

export const CHUNK_MODULES_FILE = '.vite/chunk-modules.json';

export function chunkModulesReport(): Plugin {
	return {
		name: 'skillopt:chunk-modules',
		apply: 'build',
		generateBundle(_options, bundle) {
			const report: Record<string, Record<string, number>> = {};
			for (const [file, output] of Object.entries(bundle)) {
				if (output.type !== 'chunk') continue;
				const modules: Record<string, number> = {};
				for (const [id, info] of Object.entries(output.modules)) modules[id] = info.renderedLength;
				report[file] = modules;
			}
			this.emitFile({
				type: 'asset',
				fileName: CHUNK_MODULES_FILE,
				source: JSON.stringify(report)
			});
		}
	};
}
