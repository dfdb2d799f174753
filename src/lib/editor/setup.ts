/**
 * CodeMirror 6 set-up for the skill editor.
 *
 * The markdown language pulls in HTML/CSS/JS parsers, so it is loaded after first paint and
 * swapped in through a compartment: the editor is usable at once, highlighting follows. Fenced
 * code blocks are highlighted in their own language, each fetched when first needed
 * (`code-languages.ts`).
 */
import type { Compartment } from '@codemirror/state';
import { EditorState, type Extension } from '@codemirror/state';
import {
	EditorView,
	crosshairCursor,
	drawSelection,
	dropCursor,
	highlightActiveLine,
	highlightActiveLineGutter,
	highlightSpecialChars,
	keymap,
	lineNumbers,
	rectangularSelection
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { editorHighlightStyle, editorTheme } from './theme.ts';
import type { RemovalRequest } from './marker-guard.ts';

/** Options for {@link createSkillEditorState}. */
export interface SkillEditorOptions {
	/** Called with the full text after every change to the document. */
	onChange(text: string): void;
	/** Accessible name of the editing area. */
	label: string;
	/** Ctrl/Cmd+S: save a version. */
	onSave?: () => void;
}

/** Build the editor's initial state; the language is added later by {@link loadMarkdown}. */
export function createSkillEditorState(
	doc: string,
	options: SkillEditorOptions,
	language: Compartment,
	protection: Compartment
): EditorState {
	const extensions: Extension[] = [
		lineNumbers(),
		highlightActiveLineGutter(),
		highlightSpecialChars(),
		history(),
		drawSelection(),
		dropCursor(),
		EditorState.allowMultipleSelections.of(true),
		indentOnInput(),
		editorTheme,
		syntaxHighlighting(editorHighlightStyle),
		bracketMatching(),
		closeBrackets(),
		rectangularSelection(),
		crosshairCursor(),
		highlightActiveLine(),
		highlightSelectionMatches(),
		EditorView.lineWrapping,
		EditorView.contentAttributes.of({ 'aria-label': options.label }),
		keymap.of([
			{
				key: 'Mod-s',
				preventDefault: true,
				run: () => {
					options.onSave?.();
					return true;
				}
			},
			...closeBracketsKeymap,
			...defaultKeymap,
			...searchKeymap,
			...historyKeymap
		]),
		language.of([]),
		protection.of([]),
		EditorView.updateListener.of((update) => {
			if (update.docChanged) options.onChange(update.state.doc.toString());
		})
	];
	return EditorState.create({ doc, extensions });
}

/** Fetch the markdown mode and install it into `language` on `view`. */
export async function loadMarkdown(view: EditorView, language: Compartment): Promise<void> {
	const [{ markdown }, { codeLanguages }] = await Promise.all([
		import('@codemirror/lang-markdown'),
		import('./code-languages.ts')
	]);
	view.dispatch({ effects: language.reconfigure(markdown({ codeLanguages })) });
}

/**
 * Fetch the protected-block widgets and guard and install them into `protection` on `view`
 * (after first paint, like the markdown mode). Without `confirmRemoval`, a marker cannot be
 * removed by typing at all.
 */
export async function loadProtectedBlocks(
	view: EditorView,
	protection: Compartment,
	confirmRemoval: (request: RemovalRequest) => void
): Promise<void> {
	const { protectedBlocks } = await import('./protected-blocks.ts');
	view.dispatch({ effects: protection.reconfigure(protectedBlocks(confirmRemoval)) });
}
