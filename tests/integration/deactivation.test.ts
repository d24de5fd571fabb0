import { describe, expect } from 'vitest';
import { requestsDocName } from '../../src/lib/domain/doc-names.ts';
import { deactivateUser } from '../../src/lib/server/admin/users.ts';
import { runtime } from '../../src/lib/server/runtime.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';
import { connectProvider } from '../helpers/providers.ts';

/** Deactivating a contact ends its sessions and closes its open portal's sync connection. */
let server: TestNavette;

test.beforeAll(({ fileNavette }) => {
	server = fileNavette;
});

describe('deactivating a user', () => {
	it("closes a deactivated contact's open sync connection within seconds, and refuses it back", async () => {
		const sophie = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		const token = await server.tokenFor(DEMO_ACCOUNTS.sophie);
		const name = requestsDocName(sophie.firmId, sophie.clientId!);
		const portal = connectProvider({ url: server.url, origin: server.origin, name, token });
		await portal.synced;
		const closed = new Promise<number>((resolve) => {
			portal.provider.on('close', ({ event }: { event: { code: number } }) => resolve(event.code));
		});

		const started = Date.now();
		expect(
			await deactivateUser(runtime(), { firmId: sophie.firmId, userId: sophie.id, by: null })
		).toBe(true);
		await closed;
		expect(Date.now() - started).toBeLessThan(3000);
		portal.destroy();
		// Its token names a session that is gone: a reconnection is refused.
		const again = connectProvider({ url: server.url, origin: server.origin, name, token });
		await expect(again.synced).rejects.toThrow(/authentication failed/);
		again.destroy();

		const after = await server.navette.store.getUser(sophie.id);
		expect(after?.disabledAt).not.toBeNull();
	});

	it('refuses a user of another firm', async () => {
		const sophie = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.jean))!;
		expect(
			await deactivateUser(runtime(), { firmId: 'autre-cabinet', userId: sophie.id, by: null })
		).toBe(false);
		expect((await server.navette.store.getUser(sophie.id))?.disabledAt).toBeNull();
	});
});
