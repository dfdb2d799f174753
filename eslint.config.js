// Flat config: JS + typescript-eslint + Svelte + Prettier, plus the architecture's import
// boundaries (the core is pure; only workers touch WebLLM; workers never import src/lib).
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const browserOnly = [
	'svelte',
	'svelte/*',
	'comlink',
	'idb',
	'idb/*',
	'@mlc-ai/*',
	'codemirror',
	'@codemirror/*',
	'@lezer/*',
	'papaparse'
];

export default ts.config(
	{
		ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', '.svelte-kit/']
	},
	js.configs.recommended,
	...ts.configs.strict,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-non-null-assertion': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// The SkillOpt core: pure TypeScript, reaches the world only through ports.
		files: ['src/core/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: browserOnly,
							message: 'src/core is pure TypeScript: reach the outside through ports.ts.'
						},
						{
							group: ['**/lib/**', '**/workers/**', 'node:*'],
							message: 'src/core must not depend on adapters, workers or Node built-ins.'
						}
					]
				}
			],
			'no-restricted-globals': [
				'error',
				...[
					'window',
					'document',
					'navigator',
					'localStorage',
					'sessionStorage',
					'indexedDB',
					'fetch',
					'crypto',
					'self',
					'Worker',
					'process'
				].map((name) => ({
					name,
					message: 'src/core has no environment: take it through a port.'
				}))
			],
			'no-restricted-properties': [
				'error',
				{ object: 'Math', property: 'random', message: 'Use the Random port (seeded).' },
				{ object: 'Date', property: 'now', message: 'Use the Clock port.' }
			]
		}
	},
	{
		// Workers may use the core but never the main-thread adapters.
		files: ['workers/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [{ group: ['**/src/lib/**', 'svelte', 'svelte/*', 'idb', '@codemirror/*'] }]
				}
			]
		}
	},
	{
		// WebLLM is ~7 MB: it may only be imported inside the model worker.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['src/core/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['@mlc-ai/*'],
							message: 'WebLLM loads only inside the model worker (workers/).'
						},
						{
							// The barrel re-exports the whole core, the training loop included: one
							// import of it put 20 kB more into first paint.
							group: ['**/core/index.ts', '**/core/loop/index.ts'],
							message: 'Import the core module you need, not the barrel (first-paint budget).'
						}
					]
				}
			]
		}
	}
);
