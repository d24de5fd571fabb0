import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import { readRequestSummary } from '../../src/lib/doc/overview.ts';
import { readRequest, readRequests, setRequestStatus } from '../../src/lib/doc/requests.ts';
import { createTask, readTask } from '../../src/lib/doc/tasks.ts';
import { overviewDocName, requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { deactivateUser } from '../../src/lib/server/admin/users.ts';
import { login } from '../../src/lib/server/auth/login.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';

/**
 * Several instances (DESIGN §1, scale-out): Navette processes sharing one PostgreSQL database and
 * one Redis, each serving its own browsers, as behind a load balancer. Real services, no mock.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A deployment: one database, one Redis namespace, one shared DATA_DIR (the GED's files), and
 * `instance()` for one more instance; the first seeds the demo firm into the empty database.
 */
const it = test.extend('deployment', async ({ pgDatabase, tempDir, startNavette }) => {
	const env = {
		DATABASE_URL: pgDatabase.url,
		REDIS_URL,
		REDIS_PREFIX: `navette-test-${crypto.randomUUID()}`
	};
	return { instance: () => startNavette({ dataDir: tempDir, env }) };
});

async function demo(server: TestNavette) {
	const { store } = server.navette;
	const claire = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
	const sophie = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	return {
		claire,
		sophie,
		tasks: tasksDocName(claire.firmId),
		overview: overviewDocName(claire.firmId),
		alterCe: requestsDocName(claire.firmId, sophie.clientId!)
	};
}

describe('several instances on PostgreSQL and Redis', () => {
	it('relay each edit to the browsers of the other instance, and store it once for all', async ({
		deployment: { instance },
		syncedProvider
	}) => {
		const a = await instance();
		const b = await instance();
		expect(a.navette.store.kind).toBe('postgres');
		const doc = await demo(a);

		const claireOnA = await syncedProvider(a, DEMO_ACCOUNTS.claire, doc.tasks);
		const paulOnB = await syncedProvider(b, DEMO_ACCOUNTS.paul, doc.tasks);
		const task = createTask(
			claireOnA.doc,
			{ title: 'TVA 05/2019', clientId: doc.sophie.clientId!, assigneeId: doc.claire.id },
			doc.claire
		);
		await expect.poll(() => readTask(paulOnB.doc, task.id)?.title).toBe('TVA 05/2019');

		// A client on B answers; staff on A see the request and the firm overview change.
		const sophieOnB = await syncedProvider(b, DEMO_ACCOUNTS.sophie, doc.alterCe);
		const claireRequestsOnA = await syncedProvider(a, DEMO_ACCOUNTS.claire, doc.alterCe);
		const overviewOnA = await syncedProvider(a, DEMO_ACCOUNTS.claire, doc.overview);
		const request = readRequests(sophieOnB.doc).find((r) => r.status !== 'done');
		setRequestStatus(sophieOnB.doc, request!.id, 'done', doc.sophie);
		await expect.poll(() => readRequest(claireRequestsOnA.doc, request!.id)?.status).toBe('done');
		await expect.poll(() => readRequestSummary(overviewOnA.doc, request!.id)?.status).toBe('done');
		await Promise.all([claireOnA.saved(), sophieOnB.saved()]);
		// Each edit was appended by the instance that received it, not once more by the other.
		const stored = await b.navette.store.loadDocument(doc.tasks);
		const holdingTask = stored!.updates.filter((update) => {
			const probe = new Y.Doc();
			Y.applyUpdate(probe, update);
			return probe.getMap('tasks').has(task.id);
		});
		expect(holdingTask).toHaveLength(1);

		// The database alone holds both edits: a third instance, started after the others stopped,
		// serves them from it.
		for (const provider of [claireOnA, paulOnB, sophieOnB, claireRequestsOnA, overviewOnA]) {
			provider.destroy();
		}
		await Promise.all([a.close(), b.close()]);
		const c = await instance();
		const tasks = await syncedProvider(c, DEMO_ACCOUNTS.paul, doc.tasks);
		const requests = await syncedProvider(c, DEMO_ACCOUNTS.claire, doc.alterCe);
		expect(readTask(tasks.doc, task.id)?.title).toBe('TVA 05/2019');
		expect(readRequests(requests.doc).find((r) => r.id === request!.id)?.status).toBe('done');
	});

	it('started together on an empty database, seed the demo firm once', async ({
		deployment: { instance }
	}) => {
		const [a, b] = await Promise.all([instance(), instance()]);
		const firms = new Set<string>();
		for (const server of [a, b]) {
			const claire = await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.claire);
			firms.add(claire!.firmId);
			expect(await server.navette.store.listClients(claire!.firmId)).toHaveLength(2);
		}
		expect(firms.size).toBe(1);
	});

	it('close a deactivated user’s portal on every instance', async ({
		deployment: { instance },
		syncedProvider
	}) => {
		const a = await instance();
		const b = await instance();
		const doc = await demo(a);
		const portal = await syncedProvider(b, DEMO_ACCOUNTS.sophie, doc.alterCe);
		const closed = new Promise<void>((resolve, reject) => {
			portal.provider.on('close', () => resolve());
			setTimeout(() => reject(new Error('The portal on the other instance is still open')), 5000);
		});
		const started = Date.now();

		const deactivated = await deactivateUser(a.navette.runtime, {
			firmId: doc.sophie.firmId,
			userId: doc.sophie.id,
			by: null
		});
		expect(deactivated).toBe(true);
		await closed;
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('count failed sign-ins together: spreading them over the instances gains nothing', async ({
		deployment: { instance }
	}) => {
		const [a, b] = [await instance(), await instance()];
		const attempt = (server: TestNavette, password: string) =>
			login(server.navette.runtime, {
				email: DEMO_ACCOUNTS.paul,
				password,
				address: '203.0.113.7'
			});
		// Five failures per address in 15 minutes (runtime.ts), made on both instances.
		for (const server of [a, b, a, b, a]) {
			expect(await attempt(server, 'mauvais')).toMatchObject({ ok: false, status: 401 });
		}
		for (const server of [a, b]) {
			const refused = await attempt(server, DEMO_PASSWORD);
			expect(refused).toMatchObject({ ok: false, status: 429 });
			expect(refused.ok || refused.message).toMatch(/Réessayez dans 15 minutes/);
		}
		// Another address of the same firm is not held back by Paul's failures.
		expect(
			await login(b.navette.runtime, {
				email: DEMO_ACCOUNTS.claire,
				password: DEMO_PASSWORD,
				address: '203.0.113.8'
			})
		).toMatchObject({ ok: true });
	});

	it('refuse to start when Redis cannot be reached, rather than run unrelayed', async ({
		pgDatabase,
		startNavette
	}) => {
		await expect(
			startNavette({
				env: { DATABASE_URL: pgDatabase.url, REDIS_URL: 'redis://127.0.0.1:1', REDIS_PREFIX: 'x' }
			})
		).rejects.toThrow(/Redis is not reachable/);
	});
});
