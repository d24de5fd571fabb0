import { afterEach, describe, expect, it } from 'vitest';
import { overviewDocName, requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { startNavette, type TestNavette } from '../helpers/navette.ts';
import { syncedProvider, type TestProvider } from '../helpers/providers.ts';

/**
 * A firm's tasks document and overview stay loaded for a while after the last browser leaves
 * (server/extensions/WarmDocuments.ts), then unload as usual; a client's requests document does
 * not wait.
 */
const IDLE_MS = 300;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<TestNavette> {
	const server = await startNavette({ warmIdleMs: IDLE_MS });
	cleanups.push(() => server.close());
	return server;
}

async function open(server: TestNavette, email: string, name: string): Promise<TestProvider> {
	const provider = await syncedProvider(server, email, name);
	cleanups.push(() => provider.destroy());
	return provider;
}

describe('firm documents kept warm', () => {
	it('stay loaded after the last browser left, then unload once idle long enough', async () => {
		const server = await start();
		const { hocuspocus } = server.navette;
		const claire = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const sophie = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		const names = [tasksDocName(claire.firmId), overviewDocName(claire.firmId)];
		const requests = requestsDocName(sophie.firmId, sophie.clientId!);

		const browsers = await Promise.all([
			...names.map((name) => open(server, DEMO_ACCOUNTS.claire, name)),
			open(server, DEMO_ACCOUNTS.sophie, requests)
		]);
		for (const browser of browsers) browser.destroy();
		await expect.poll(() => hocuspocus.documents.has(requests)).toBe(false);
		for (const name of names) expect(hocuspocus.documents.has(name)).toBe(true);

		// A browser back before the idle time keeps it; once all are gone long enough, it goes.
		// (The overview also stays as long as the Overview extension holds it to write.)
		const [tasks] = names;
		const again = await open(server, DEMO_ACCOUNTS.paul, tasks!);
		await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2));
		expect(hocuspocus.documents.has(tasks!)).toBe(true);
		again.destroy();
		await expect.poll(() => hocuspocus.documents.has(tasks!), { timeout: 10_000 }).toBe(false);
	});

	it('are released and stored when the server stops', async () => {
		const server = await start();
		const claire = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const name = tasksDocName(claire.firmId);
		(await open(server, DEMO_ACCOUNTS.claire, name)).destroy();
		await server.close();
		expect(server.navette.hocuspocus.documents.has(name)).toBe(false);
	});
});
