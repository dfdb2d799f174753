/**
 * The public surface of the SkillOpt core: pure TypeScript that runs in Node and in the browser.
 * Everything the app, the workers and the Node scripts use from the core is exported here.
 */
export { approxTokenCount, textStats } from './text-stats.ts';
export type { TextStats } from './text-stats.ts';
