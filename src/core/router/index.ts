/** The router check and description training (pure: engines arrive as ports). */
export * from './types.ts';
export * from './prompt.ts';
export * from './queries.ts';
export * from './check.ts';
export * from './describe-prompt.ts';
export * from './train.ts';
export * from './record.ts';
export * from './sources.ts';
