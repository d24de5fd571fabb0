import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Layering (STYLE.md): each entry forbids imports that would make an arrow run back up. */
const layer = (files, patterns) => ({
	files,
	rules: { 'no-restricted-imports': ['error', { patterns }] }
});
const OUR_UPPER_LAYERS = [
	'**/doc/**',
	'**/server/**',
	'**/state/**',
	'**/sync/**',
	'**/search/**',
	'**/components/**',
	'$lib/*',
	'$app/*'
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/',
			'bench/.out/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	layer(
		['src/lib/domain/**'],
		[
			{ group: OUR_UPPER_LAYERS, message: 'domain is pure: it imports only domain.' },
			{
				group: ['yjs', 'y-*', '@hocuspocus/*', 'svelte', 'svelte/*', 'node:*'],
				message: 'domain is pure: no yjs, svelte or I/O.'
			}
		]
	),
	layer(
		['src/lib/doc/**'],
		[
			{
				group: OUR_UPPER_LAYERS.filter((layer) => layer !== '**/doc/**'),
				message: 'doc imports yjs and domain only.'
			},
			{
				group: ['@hocuspocus/*', 'svelte', 'svelte/*', 'node:*'],
				message: 'doc imports yjs and domain only.'
			}
		]
	),
	layer(
		['src/lib/components/**', 'src/routes/**/*.svelte'],
		[
			{
				group: ['yjs', 'y-*', '@hocuspocus/*', '**/doc/**'],
				message: 'components never touch Yjs: use a state class.'
			}
		]
	),
	layer(
		['src/lib/**'],
		[
			{
				group: ['**/server/index*', '../../server/*', '../../../server/*', '../../../../server/*'],
				message: 'src/lib never imports the Node entry (server/).'
			}
		]
	),
	{
		// Typed with the WebWorker library rather than the DOM (see tsconfig.service-worker.json).
		files: ['src/service-worker.ts'],
		languageOptions: {
			parserOptions: { projectService: false, project: './tsconfig.service-worker.json' }
		}
	},
	{
		// The state classes keep plain Maps and Sets on purpose: they mirror Yjs documents and
		// signal changes through one version counter, far cheaper than making 25,000 entries
		// reactive. Temporary collections inside a derivation are not state either.
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		rules: { 'svelte/prefer-svelte-reactivity': 'off' }
	}
);
