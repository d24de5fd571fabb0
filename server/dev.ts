import type { Server as HttpServer } from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import { createNavette } from './app.ts';
import { loadConfig } from './config.ts';

/**
 * `npm run dev`: the same runtime as `npm start`, but Vite owns the HTTP server, so only the
 * `/collab` upgrades are taken over here; SvelteKit's dev middleware serves the pages.
 */
export async function attachDevRuntime(
	viteServer: HttpServer | Http2SecureServer,
	port: number
): Promise<void> {
	// The Origin that `/collab` accepts is the dev server's own, whatever port Vite was given.
	const config = loadConfig({ ...process.env, PORT: String(port) });
	const navette = await createNavette(config);
	viteServer.on('upgrade', (req, socket, head) => {
		if (req.url?.startsWith('/collab')) navette.httpServer.emit('upgrade', req, socket, head);
	});
	viteServer.on('close', () => void navette.close());
}
