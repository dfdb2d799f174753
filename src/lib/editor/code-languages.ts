/**
 * Languages for fenced code blocks in the skill (```js, ```css, ...). Each is described here and
 * fetched only when a block in that language first appears, so none of them weighs on the first
 * paint; the markdown mode asks for them through `codeLanguages`.
 */
import { LanguageDescription } from '@codemirror/language';

const javascript = (options: { jsx?: boolean; typescript?: boolean } = {}) =>
	import('@codemirror/lang-javascript').then((m) => m.javascript(options));

export const codeLanguages: readonly LanguageDescription[] = [
	LanguageDescription.of({
		name: 'JavaScript',
		alias: ['js', 'javascript', 'mjs', 'cjs', 'node'],
		extensions: ['js', 'mjs', 'cjs'],
		load: () => javascript()
	}),
	LanguageDescription.of({
		name: 'TypeScript',
		alias: ['ts', 'typescript'],
		extensions: ['ts', 'mts', 'cts'],
		load: () => javascript({ typescript: true })
	}),
	LanguageDescription.of({
		name: 'JSX',
		alias: ['jsx'],
		extensions: ['jsx'],
		load: () => javascript({ jsx: true })
	}),
	LanguageDescription.of({
		name: 'TSX',
		alias: ['tsx'],
		extensions: ['tsx'],
		load: () => javascript({ jsx: true, typescript: true })
	}),
	LanguageDescription.of({
		name: 'CSS',
		alias: ['css'],
		extensions: ['css'],
		load: () => import('@codemirror/lang-css').then((m) => m.css())
	}),
	LanguageDescription.of({
		name: 'HTML',
		alias: ['html', 'xhtml', 'svg'],
		extensions: ['html', 'htm'],
		load: () => import('@codemirror/lang-html').then((m) => m.html())
	})
];
