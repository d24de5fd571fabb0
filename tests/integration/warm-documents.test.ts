import { describe, expect } from 'vitest';
import { overviewDocName, requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { it } from '../helpers/fixtures.ts';

/**
 * A firm's tasks document and overview stay loaded for a while after the last browser leaves
 * (server/extensions/WarmDocuments.ts), then unload as usual; a client's requests document does
 * not wait.
 */
const IDLE_MS = 300;
describe('firm documents kept warm', () => {
	it('stay loaded after the last browser left, then unload once idle long enough', async ({
		startNavette,
		syncedProvider
	}) => {
		const server = await startNavette({ warmIdleMs: IDLE_MS });
		const { hocuspocus } = server.navette;
		const claire = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const sophie = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		const names = [tasksDocName(claire.firmId), overviewDocName(claire.firmId)];
		const requests = requestsDocName(sophie.firmId, sophie.clientId!);

		const browsers = await Promise.all([
			...names.map((name) => syncedProvider(server, DEMO_ACCOUNTS.claire, name)),
			syncedProvider(server, DEMO_ACCOUNTS.sophie, requests)
		]);
		for (const browser of browsers) browser.destroy();
		await expect.poll(() => hocuspocus.documents.has(requests)).toBe(false);
		for (const name of names) expect(hocuspocus.documents.has(name)).toBe(true);

		// A browser back before the idle time keeps it; once all are gone long enough, it goes.
		// (The overview also stays as long as the Overview extension holds it to write.)
		const [tasks] = names;
		const again = await syncedProvider(server, DEMO_ACCOUNTS.paul, tasks!);
		await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2));
		expect(hocuspocus.documents.has(tasks!)).toBe(true);
		again.destroy();
		await expect.poll(() => hocuspocus.documents.has(tasks!), { timeout: 10_000 }).toBe(false);
	});

	it('are released and stored when the server stops', async ({ startNavette, syncedProvider }) => {
		const server = await startNavette({ warmIdleMs: IDLE_MS });
		const claire = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const name = tasksDocName(claire.firmId);
		(await syncedProvider(server, DEMO_ACCOUNTS.claire, name)).destroy();
		await server.close();
		expect(server.navette.hocuspocus.documents.has(name)).toBe(false);
	});
});
