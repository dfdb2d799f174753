/**
 * Share links' pure half: the version-1 snapshot schema and helpers. The codec (compression,
 * base64url, the fragment) lives in src/lib/share because compression streams are browser APIs.
 */
export * from './schema.ts';
export * from './snapshot.ts';
export { checkPlainJson, cloneJson, FORBIDDEN_KEYS, type JsonLimits } from './json-guard.ts';
