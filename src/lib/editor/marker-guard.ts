/**
 * The small part of the protected-block guard that must exist at first paint: the annotation a
 * replacement from outside the editor carries so it is never held back, and the request shape.
 * The guard itself (`protected-blocks.ts`) loads after first paint with the markdown mode.
 */
import { Annotation, type ChangeSet, type EditorSelection, type Text } from '@codemirror/state';

/** Marks a transaction that may remove markers (a confirmed removal, a replacement from outside). */
export const allowMarkerRemoval = Annotation.define<boolean>();

/** A held-back change that would remove or break a marker, waiting for the person's answer. */
export interface RemovalRequest {
	/** The question to ask, in words. */
	message: string;
	/** The confirming button's label. */
	confirmLabel: string;
	changes: ChangeSet;
	selection: EditorSelection;
	userEvent: string | undefined;
	/** The document the changes apply to: a request is stale once it changed. */
	startDoc: Text;
}
