/**
 * A read-only unified diff of two skill texts (@codemirror/merge), loaded on demand: the run
 * view imports this module dynamically when a step's detail is first opened, so the merge
 * package stays out of the first paint.
 */
import { unifiedMergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';

/** Mounts the diff of `before` → `after` into `parent`; returns the view (destroy it after). */
export function mountDiff(
	parent: HTMLElement,
	before: string,
	after: string,
	label: string
): EditorView {
	return new EditorView({
		parent,
		state: EditorState.create({
			doc: after,
			extensions: [
				lineNumbers(),
				EditorView.lineWrapping,
				EditorState.readOnly.of(true),
				EditorView.editable.of(false),
				EditorView.contentAttributes.of({ 'aria-label': label }),
				unifiedMergeView({ original: before, mergeControls: false, gutter: true }),
				EditorView.theme({
					'&': { fontSize: '0.78rem', backgroundColor: 'var(--bg)', color: 'var(--text)' },
					'.cm-gutters': { backgroundColor: 'var(--surface)', color: 'var(--muted)' },
					'.cm-content': { fontFamily: 'var(--mono)' }
				})
			]
		})
	});
}
