/**
 * The skill document: markers, protected regions, line view, hash, outline and the slow block.
 */
export {
	APPENDIX_END,
	APPENDIX_START,
	REGION_MARKERS,
	SLOW_UPDATE_END,
	SLOW_UPDATE_START,
	containsMarker,
	markerIn,
	stripMarkers
} from './markers.ts';
export type { RegionKind } from './markers.ts';
export { findRegions, overlapsProtected } from './regions.ts';
export type {
	MarkerHit,
	ProtectedRegion,
	RegionProblem,
	RegionProblemCode,
	RegionScan
} from './regions.ts';
export { lineAt, lineSpan, lineView, splitLines } from './lines.ts';
export type { LineSpan } from './lines.ts';
export {
	approxSkillTokens,
	countSkillTokens,
	outline,
	setSlowBlock,
	shortHash,
	skillHash,
	slowBlockContent
} from './document.ts';
export type { OutlineEntry, TokenCounter } from './document.ts';
