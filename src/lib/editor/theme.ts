/**
 * The editor's colours, from the page's CSS variables, so that light and dark (the OS setting or
 * the in-app toggle) both hold: CodeMirror's default theme keeps a light gutter, and its default
 * highlight style paints markdown markers `#404740`, 1.83:1 on the dark background. Every colour
 * here is a page token whose contrast with `--bg` is at least 4.5:1 in both themes.
 */
import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

export const editorTheme = EditorView.theme({
	'&': { color: 'var(--text)', backgroundColor: 'var(--bg)' },
	'.cm-content': { caretColor: 'var(--text)' },
	'.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
	'.cm-gutters': {
		backgroundColor: 'var(--surface)',
		color: 'var(--muted)',
		borderRight: '1px solid var(--border)'
	},
	'.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--text)' },
	'.cm-activeLine': { backgroundColor: 'var(--active-line)' },
	'&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground':
		{ backgroundColor: 'var(--selection)' },
	'.cm-selectionMatch': { backgroundColor: 'var(--selection)' },
	'.cm-panels': { backgroundColor: 'var(--surface)', color: 'var(--text)' }
});

export const editorHighlightStyle = HighlightStyle.define([
	// Markdown's marks (#, *, >, -, `) and other meta text.
	{ tag: [t.meta, t.processingInstruction], color: 'var(--muted)' },
	{ tag: t.heading, fontWeight: 'bold', color: 'var(--text)' },
	{ tag: t.emphasis, fontStyle: 'italic' },
	{ tag: t.strong, fontWeight: 'bold' },
	{ tag: t.strikethrough, textDecoration: 'line-through' },
	{ tag: [t.link, t.url], color: 'var(--accent)', textDecoration: 'underline' },
	{ tag: t.monospace, color: 'var(--accent)' },
	{ tag: [t.keyword, t.typeName, t.className], color: 'var(--accent)' },
	{ tag: [t.string, t.deleted, t.regexp], color: 'var(--danger)' },
	{ tag: [t.number, t.bool, t.atom, t.literal, t.inserted], color: 'var(--warn)' },
	{ tag: t.comment, color: 'var(--muted)', fontStyle: 'italic' },
	{ tag: t.invalid, color: 'var(--danger)' }
]);
