/**
 * The lesson's teaching preset — step mode and the analogy panel — applied through one small
 * function, so the lesson code does not depend on how those features store their switches.
 * Whoever owns step mode and the analogy panel passes a `TeachingTarget` (the lesson state takes
 * one at construction); without one the preset is only shown in the lesson banner.
 */
import type { LessonTeaching } from '../../core/share/lesson-schema.ts';

/** The switches a lesson sets: step mode ("pause after each stage") and the analogy panel. */
export interface TeachingTarget {
	setStepMode(on: boolean): void;
	setAnalogyPanel(open: boolean): void;
}

/**
 * Apply a lesson's teaching preset to `target`; returns whether there was a target to apply it
 * to (false: the features are not wired in this build, the banner says what the lesson asks).
 */
export function applyLessonTeachingPreset(
	preset: LessonTeaching,
	target: TeachingTarget | null
): boolean {
	if (!target) return false;
	target.setStepMode(preset.stepMode);
	target.setAnalogyPanel(preset.analogyPanel);
	return true;
}
