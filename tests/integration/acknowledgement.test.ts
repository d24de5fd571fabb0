import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import { createTask, readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { Persistence } from '../../server/extensions/Persistence.ts';
import { test } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/ports.ts';
import type { connectProvider, TestProvider } from '../helpers/providers.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * Issue 16's order: an accepted update is applied and relayed at once, and only the sender's
 * acknowledgement waits for its append to be durable. A store whose appends can be held back or
 * made to fail, under Hocuspocus with Persistence alone, and real providers.
 */
type Entries = Parameters<Store['appendUpdates']>[0];

interface ControlledStore {
	store: Store;
	/** Every batch handed to `appendUpdates`, in order, whether it was stored or refused. */
	batches: Entries[];
	/** Appends wait until `release()` (or resolve at once when not held). */
	hold(): void;
	release(): void;
	/** Appends throw until `recover()`. */
	fail(): void;
	recover(): void;
	/** The next append throws (once held appends are released), and only that one. */
	failNext(): void;
	refusals: number;
}

const ACTOR = { id: 'u', name: 'Claire' };

/** Hocuspocus with Persistence alone on `store`, whose appends the test controls. */
async function serve(store: Store, onCleanup: (cleanup: () => Promise<void>) => void) {
	const appendUpdates = store.appendUpdates.bind(store);
	let held: Promise<void> | null = null;
	let release = () => {};
	let failing = false;
	let failNext = false;
	const controlled: ControlledStore = {
		store,
		batches: [],
		refusals: 0,
		hold: () => {
			held = new Promise((resolve) => (release = resolve));
		},
		release: () => {
			held = null;
			release();
		},
		fail: () => (failing = true),
		recover: () => (failing = false),
		failNext: () => (failNext = true)
	};
	store.appendUpdates = async (entries) => {
		controlled.batches.push(entries);
		const fails = failing || failNext;
		failNext = false;
		if (held) await held;
		if (fails) {
			controlled.refusals++;
			throw new Error('disk full (test)');
		}
		return appendUpdates(entries);
	};
	const port = await freePort();
	const server = new Server({
		port,
		address: '127.0.0.1',
		quiet: true,
		extensions: [new Persistence(store)]
	});
	await server.listen();
	onCleanup(() => server.destroy());
	return Object.assign(controlled, {
		url: `ws://127.0.0.1:${port}`,
		hocuspocus: server.hocuspocus
	});
}

const it = test
	.extend('served', async ({ tempDir, openStore }, { onCleanup }) =>
		serve(await openStore({ dataDir: tempDir }), onCleanup)
	)
	.extend('servedOnPostgres', async ({ tempDir, pgDatabase, openStore }, { onCleanup }) =>
		serve(await openStore({ dataDir: tempDir, databaseUrl: pgDatabase.url }), onCleanup)
	);

const name = tasksDocName('firm-ack');

async function storedTitles(store: Store, documentName = name): Promise<string[]> {
	return readTasks(await storedDocument(store, documentName)).map((task) => task.title);
}

/** Two browsers on the tasks document, once both synced. */
async function twoBrowsers(connect: typeof connectProvider, url: string) {
	const options = { url, origin: 'http://localhost', name, token: 'x' };
	const pair = [connect(options), connect(options)] as const;
	await Promise.all(pair.map((p) => p.synced));
	return pair;
}

/**
 * While `served` holds its appends, `a` then `b` create a task each: two batches, the second
 * handed to the store while the first is in flight (SQLite). Returns how many batches came before.
 */
async function twoHeldBatches(
	served: ControlledStore,
	[a, b]: readonly [TestProvider, TestProvider],
	[first, second]: [string, string]
): Promise<number> {
	const before = served.batches.length;
	served.hold();
	createTask(a.doc, { title: first, clientId: 'c', assigneeId: 'u' }, ACTOR);
	await expect.poll(() => served.batches.length).toBe(before + 1);
	createTask(b.doc, { title: second, clientId: 'c', assigneeId: 'u' }, ACTOR);
	// Not held back behind the first: the writer commits whatever queued up in one go.
	await expect.poll(() => served.batches.length).toBe(before + 2);
	return before;
}

/** Resolves with whether the sender still had unacknowledged changes when the peer got the edit. */
function arrival(sender: TestProvider, peer: TestProvider, title: string) {
	return new Promise<{ senderUnsynced: number }>((resolve) => {
		const check = () => {
			if (!readTasks(peer.doc).some((task) => task.title === title)) return;
			peer.doc.off('update', check);
			resolve({ senderUnsynced: sender.provider.unsyncedChanges });
		};
		peer.doc.on('update', check);
	});
}

describe('acknowledgement after the append', () => {
	it('relays an edit at once while its acknowledgement waits for a slow store', async ({
		served,
		connectProvider
	}) => {
		const [a, b] = await twoBrowsers(connectProvider, served.url);

		served.hold();
		const arrived = arrival(a, b, 'TVA 04/2019');
		createTask(a.doc, { title: 'TVA 04/2019', clientId: 'c', assigneeId: 'u' }, ACTOR);
		expect((await arrived).senderUnsynced).toBeGreaterThan(0);
		expect(await storedTitles(served.store)).not.toContain('TVA 04/2019');
		// Still waiting: the peer's receipt did not release the sender's acknowledgement.
		expect(a.provider.unsyncedChanges).toBeGreaterThan(0);

		served.release();
		await a.saved();
		expect(await storedTitles(served.store)).toContain('TVA 04/2019');
	});

	it('commits the appends that waited meanwhile in one batch, across documents (PostgreSQL)', async ({
		servedOnPostgres: served,
		connectProvider
	}) => {
		const names = Array.from({ length: 6 }, (_, i) => tasksDocName(`firm-batch-${i}`));
		const writers = names.map((docName) =>
			connectProvider({ url: served.url, origin: 'http://localhost', name: docName, token: 'x' })
		);
		const peers = names.map((docName) =>
			connectProvider({ url: served.url, origin: 'http://localhost', name: docName, token: 'x' })
		);
		await Promise.all([...writers, ...peers].map((p) => p.synced));
		const before = served.batches.length;

		served.hold();
		const first = arrival(writers[0]!, peers[0]!, 'Prévisionnel 0');
		createTask(writers[0]!.doc, { title: 'Prévisionnel 0', clientId: 'c', assigneeId: 'u' }, ACTOR);
		await first;
		// The first batch is in flight (held): the others' appends queue behind it.
		const rest = writers.slice(1).map((writer, i) => {
			const title = `Prévisionnel ${i + 1}`;
			const arrived = arrival(writer, peers[i + 1]!, title);
			createTask(writer.doc, { title, clientId: 'c', assigneeId: 'u' }, ACTOR);
			return arrived;
		});
		await Promise.all(rest);
		served.release();
		await Promise.all(writers.map((writer) => writer.saved()));

		const batches = served.batches.slice(before);
		expect(batches.map((batch) => batch.length)).toEqual([1, writers.length - 1]);
		expect(new Set(batches[1]!.map((entry) => entry.documentName))).toEqual(
			new Set(names.slice(1))
		);
	});

	it('hands SQLite the next batches while one is in flight, each acknowledged once stored', async ({
		served,
		connectProvider
	}) => {
		const [a, b] = await twoBrowsers(connectProvider, served.url);
		await twoHeldBatches(served, [a, b], ['TVA 05/2019', 'TVA 06/2019']);
		expect(a.provider.unsyncedChanges + b.provider.unsyncedChanges).toBeGreaterThanOrEqual(2);

		served.release();
		await Promise.all([a.saved(), b.saved()]);
		expect(await storedTitles(served.store)).toEqual(
			expect.arrayContaining(['TVA 05/2019', 'TVA 06/2019'])
		);
	});

	it('acknowledges a stored edit only once an earlier failed one of its document is stored', async ({
		served,
		connectProvider
	}) => {
		const [a, b] = await twoBrowsers(connectProvider, served.url);
		served.failNext();
		const before = await twoHeldBatches(served, [a, b], ['Échouée', 'Stockée']);
		// The first batch fails, the second is stored: b's edit may depend on a's, which the log
		// lacks until the document's state is appended again, so b waits for that append too.
		const acknowledged = b.saved().then(() => served.batches.length);
		served.release();
		expect(await acknowledged).toBeGreaterThanOrEqual(before + 3);
		await a.saved();
		expect(await storedTitles(served.store)).toEqual(
			expect.arrayContaining(['Échouée', 'Stockée'])
		);
	});

	it('never acknowledges an edit the store refused, and stores it once the store recovers', async ({
		served,
		connectProvider
	}) => {
		const [a, b] = await twoBrowsers(connectProvider, served.url);

		served.fail();
		const arrived = arrival(a, b, 'Bilan 2026');
		createTask(a.doc, { title: 'Bilan 2026', clientId: 'c', assigneeId: 'u' }, ACTOR);
		await arrived;
		// The failed batch, then at least one failed attempt to store the document's state again.
		await expect.poll(() => served.refusals, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
		// A second edit to the failed document is not acknowledged either.
		createTask(a.doc, { title: 'Liasse 2026', clientId: 'c', assigneeId: 'u' }, ACTOR);
		await expect.poll(() => served.refusals, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
		expect(a.provider.unsyncedChanges).toBeGreaterThan(0);
		expect(await storedTitles(served.store)).not.toContain('Bilan 2026');

		served.recover();
		await a.saved();
		expect(await storedTitles(served.store)).toEqual(
			expect.arrayContaining(['Bilan 2026', 'Liasse 2026'])
		);
	});

	it('stores, before it unloads, what another instance relayed and may not have stored', async ({
		served
	}) => {
		const relayed = tasksDocName('firm-relay');
		const connection = await served.hocuspocus.openDirectConnection(relayed, {});
		// Another instance's edit, applied as the Redis extension applies it: not this one's to log.
		const other = new Y.Doc();
		createTask(other, { title: 'Relayée', clientId: 'c', assigneeId: 'u' }, ACTOR);
		Y.applyUpdate(connection.document!, Y.encodeStateAsUpdate(other), { source: 'redis' });
		expect(await storedTitles(served.store, relayed)).not.toContain('Relayée');

		await connection.disconnect();
		expect(await storedTitles(served.store, relayed)).toContain('Relayée');
	});
});
