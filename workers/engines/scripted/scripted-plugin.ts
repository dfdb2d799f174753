/** The simulation's config type and plugin (see `../engine.ts` for what a plugin is). */
import type { EnginePlugin } from '../engine.ts';

/** The deterministic simulation ("Simulated model" in the UI). */
export interface ScriptedEngineConfig {
	kind: 'scripted';
	/** Opaque scenario data; the scripted engine parses and validates it. */
	scenario: unknown;
	/** Model ids the simulation answers to; defaults to `['scripted']`. */
	models?: string[];
}

export const scriptedPlugin: EnginePlugin<ScriptedEngineConfig> = {
	kind: 'scripted',
	modelsOf: (config) => (config.models ? [...config.models] : ['scripted']),
	keyOf: (config) => JSON.stringify(config),
	startText: () => 'Starting the simulated model...',
	create: async (config) =>
		(await import('./scripted-engine.ts')).createScriptedEngine(config.scenario)
};
