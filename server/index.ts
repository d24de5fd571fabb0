import { createNavette, type HttpHandler } from './app.ts';
import { loadConfig } from './config.ts';

const config = loadConfig();
// adapter-node reads these when its handler is imported: they must be set before. Its body limit
// is lifted because uploads stream past it, checked per file as they arrive; every other route
// keeps a small limit, checked in hooks.server.ts.
process.env.ORIGIN = config.origin;
process.env.BODY_SIZE_LIMIT = 'Infinity';
const { handler } = (await import(new URL('../build/handler.js', import.meta.url).href)) as {
	handler: HttpHandler;
};

const navette = await createNavette(config, { handler });
const port = await navette.listen();
console.log(`Navette est prête : ${config.origin} (écoute sur ${config.host}:${port})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log(`${signal} reçu : arrêt de Navette…`);
	await navette.close();
	process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => void stop(signal));
}
