import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { readLatestActivity } from '../../src/lib/doc/activity.ts';
import { readRequests, setRequestStatus } from '../../src/lib/doc/requests.ts';
import { activityDocName, requestsDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { startNavette, type TestNavette } from '../helpers/navette.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { syncedProvider, type TestProvider } from '../helpers/providers.ts';

/**
 * Two instances of one deployment (PostgreSQL + Redis): a client's change received by one is
 * recorded once, not again by the instance that gets it relayed, and reaches the staff browser
 * of the other instance through the firm's activity document.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const cleanups: (() => Promise<unknown> | void)[] = [];

afterAll(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(server: TestNavette, email: string, name: string): Promise<TestProvider> {
	const provider = await syncedProvider(server, email, name);
	cleanups.push(() => provider.destroy());
	return provider;
}

it('records a client’s change once and announces it to staff on the other instance', async () => {
	const database = await freshDatabase();
	cleanups.push(database.drop);
	const dataDir = mkdtempSync(join(tmpdir(), 'navette-activity-scale-'));
	cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
	const env = {
		DATABASE_URL: database.url,
		REDIS_URL,
		REDIS_PREFIX: `navette-${crypto.randomUUID()}`
	};
	const a = await startNavette({ dataDir, env });
	cleanups.push(() => a.close());
	const b = await startNavette({ dataDir, env });
	cleanups.push(() => b.close());

	const sophie = (await a.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	const requests = requestsDocName(sophie.firmId, sophie.clientId!);
	const sophieOnA = await open(a, DEMO_ACCOUNTS.sophie, requests);
	// B holds the requests document too (Claire has it open there): it gets Sophie's change relayed.
	const claireOnB = await open(b, DEMO_ACCOUNTS.claire, requests);
	const paulOnB = await open(b, DEMO_ACCOUNTS.paul, activityDocName(sophie.firmId));

	const target = readRequests(sophieOnA.doc).find((request) => request.status !== 'done')!;
	setRequestStatus(sophieOnA.doc, target.id, 'done', { id: sophie.id, name: sophie.name });
	await sophieOnA.saved();
	await vi.waitFor(() =>
		expect(readRequests(claireOnB.doc).find((r) => r.id === target.id)?.status).toBe('done')
	);
	await Promise.all([a.navette.activity.settled(), b.navette.activity.settled()]);

	const events = await a.navette.store.listRequestEvents(
		{ firmId: sophie.firmId, requestId: target.id, kinds: ['status'] },
		10
	);
	expect(events).toHaveLength(1);
	expect(events[0]!.actor).toEqual({ id: sophie.id, name: sophie.name, role: 'client' });
	await vi.waitFor(() =>
		expect(readLatestActivity(paulOnB.doc)?.events.map((event) => event.id)).toContain(
			events[0]!.id
		)
	);
});
