import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `npm run dev` serves `/collab` too: the same Navette runtime as `npm start` (store, Hocuspocus,
 * sessions), attached to Vite's own HTTP server. Imported natively by Node (type stripping) so that
 * the runtime is one instance shared with the SSR modules through `globalThis`.
 */
function navetteDevServer(): Plugin {
	return {
		name: 'navette-dev-server',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			const entry = new URL('./server/dev.ts', import.meta.url).href;
			const { attachDevRuntime } = (await import(/* @vite-ignore */ entry)) as {
				attachDevRuntime: (
					httpServer: NonNullable<typeof server.httpServer>,
					port: number
				) => Promise<void>;
			};
			await attachDevRuntime(server.httpServer, server.config.server.port ?? 5173);
		}
	};
}

export default defineConfig({
	plugins: [navetteDevServer(), sveltekit()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'tests/contract/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
					fileParallelism: false
				}
			}
		]
	}
});
