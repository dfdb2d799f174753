/**
 * Step edits: applying proposed edits with per-edit reports, and CodeMirror-style changes.
 */
export { APPLIED_STATUSES, applyEdits, isApplied } from './apply.ts';
export type { ApplyEditsResult, EditReport, EditStatus } from './apply.ts';
export { ChangeTracker, applyChanges, validateChanges } from './changes.ts';
export type { TextChange } from './changes.ts';
export { alreadyPresent, findAnchor } from './match.ts';
export type { AnchorMatch } from './match.ts';
