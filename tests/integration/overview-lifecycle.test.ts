import { Hocuspocus, type DirectConnection } from '@hocuspocus/server';
import { describe, expect } from 'vitest';
import { readRequestSummaries, readRequestSummary } from '../../src/lib/doc/overview.ts';
import { readRequests, setRequestStatus } from '../../src/lib/doc/requests.ts';
import { overviewDocName, requestsDocName } from '../../src/lib/domain/doc-names.ts';
import type { RequestSummary } from '../../src/lib/domain/overview.ts';
import type { Status } from '../../src/lib/domain/status.ts';
import { Overview, type OverviewOptions } from '../../server/extensions/Overview.ts';
import { Persistence } from '../../server/extensions/Persistence.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../../server/seed.ts';
import { test } from '../helpers/fixtures.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * The server's side of the overview, without browsers: Hocuspocus with Persistence and Overview
 * only, changes made through direct connections (as a server import would), timings shortened.
 */
const it = test.extend('startOverview', async ({ tempDir, openStore }, { onCleanup }) => {
	const opened: { overview: Overview; connections: DirectConnection[] }[] = [];
	onCleanup(async () => {
		for (const { overview, connections } of opened.splice(0).reverse()) {
			for (const connection of connections.reverse()) await connection.disconnect();
			await overview.close();
		}
	});
	/** The demo firm in a store of its own, served by Persistence and an Overview with `options`. */
	return async (options: OverviewOptions) => {
		const store = await openStore({ dataDir: tempDir });
		await seedDemo(store);
		const overview = new Overview(store, options);
		const persistence = new Persistence(store);
		const hocuspocus = new Hocuspocus({
			quiet: true,
			debounce: 50,
			extensions: [persistence, overview]
		});
		const connections: DirectConnection[] = [];
		opened.push({ overview, connections });
		const { firmId } = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const clients = await store.listClients(firmId);
		const alterCe = clients.find((c) => c.name === 'Alter Ce')!;
		const other = clients.find((c) => c.id !== alterCe.id)!;
		const names = {
			firmId,
			overview: overviewDocName(firmId),
			alterCe: requestsDocName(firmId, alterCe.id),
			alterCeId: alterCe.id,
			other: requestsDocName(firmId, other.id)
		};
		/** A direct connection to `name` (the client's requests unless told), as an import opens. */
		const open = async (name = names.alterCe): Promise<DirectConnection> => {
			const connection = await hocuspocus.openDirectConnection(name, {});
			connections.push(connection);
			return connection;
		};
		return { store, overview, persistence, hocuspocus, names, open };
	};
});

const actor = { id: 'import', name: 'Import' };

/**
 * Sets the status of one request: `which` is its id, or its index among those not yet in
 * `status` (a document lists its requests in no set order; the seed has some of each status).
 */
async function setStatus(requests: DirectConnection, which: number | string, status: Status) {
	let id = '';
	await requests.transact((doc) => {
		id =
			typeof which === 'string'
				? which
				: readRequests(doc).filter((request) => request.status !== status)[which]!.id;
		setRequestStatus(doc, id, status, actor);
	});
	return id;
}

describe('the Overview extension', () => {
	it('releases an idle overview, and reopens it for the next change', async ({ startOverview }) => {
		const { store, hocuspocus, names, open } = await startOverview({ idleMs: 30, coalesceMs: 5 });
		const requests = await open();
		const id = await setStatus(requests, 1, 'done');
		const statusInStore = async () =>
			readRequestSummary(await storedDocument(store, names.overview), id)?.status;
		await expect.poll(statusInStore).toBe('done');
		// The server's own change to the requests document was logged too.
		const storedRequests = await storedDocument(store, names.alterCe);
		expect(readRequests(storedRequests).find((r) => r.id === id)?.status).toBe('done');

		await expect.poll(() => hocuspocus.documents.has(names.overview)).toBe(false);
		// Released with nobody else on it: compacted on the way out.
		expect(await store.countUpdates(names.overview)).toBe(0);
		await setStatus(requests, id, 'in_progress');
		await expect.poll(statusInStore).toBe('in_progress');
		await expect.poll(() => hocuspocus.documents.has(names.overview)).toBe(false);
	});

	it('coalesces a burst of changes into one overview write', async ({ startOverview }) => {
		const { store, overview, persistence, hocuspocus, names, open } = await startOverview({
			coalesceMs: 50
		});
		const requests = await open();
		// Opening the requests document mirrored it: the overview is now loaded and held.
		await overview.settled();
		const live = hocuspocus.documents.get(names.overview)!;
		let updates = 0;
		live.on('update', () => updates++);
		const ids: string[] = [];
		for (let i = 0; i < 4; i++) ids.push(await setStatus(requests, 0, 'in_progress'));
		await expect.poll(() => updates).toBeGreaterThan(0);
		await overview.settled();
		expect(updates).toBe(1);
		await persistence.settled();
		const inStore = await storedDocument(store, names.overview);
		for (const id of ids) expect(readRequestSummary(inStore, id)?.status).toBe('in_progress');
	});

	it('writes the changes of several clients in one window as one overview write', async ({
		startOverview
	}) => {
		// A window longer than the test: both changes fall in it, whatever the machine's speed;
		// closing writes it.
		const { store, overview, persistence, hocuspocus, names, open } = await startOverview({
			coalesceMs: 60_000
		});
		const [alterCe, other] = [await open(), await open(names.other)];
		await overview.settled();
		let updates = 0;
		hocuspocus.documents.get(names.overview)!.on('update', () => updates++);
		const ids = [
			await setStatus(alterCe, 0, 'in_progress'),
			await setStatus(other, 0, 'in_progress')
		];
		expect(updates).toBe(0);
		await overview.close();
		expect(updates).toBe(1);
		await persistence.settled();
		const inStore = await storedDocument(store, names.overview);
		for (const id of ids) expect(readRequestSummary(inStore, id)?.status).toBe('in_progress');
	});

	it('writes the pending mirrors of held overviews when it closes', async ({ startOverview }) => {
		const { store, overview, persistence, names, open } = await startOverview({
			coalesceMs: 60_000
		});
		const requests = await open();
		await overview.settled();
		const id = await setStatus(requests, 2, 'done');
		await overview.close();
		await persistence.settled();
		const inStore = await storedDocument(store, names.overview);
		expect(readRequestSummary(inStore, id)?.status).toBe('done');
	});

	it('leaves a client’s summaries alone when its stored document cannot be read', async ({
		startOverview
	}) => {
		const { store, overview, names, open } = await startOverview({});
		const before = readRequestSummaries(await storedDocument(store, names.overview));
		const alterCe = before.filter((s) => s.clientId === names.alterCeId);
		expect(alterCe).toHaveLength(12);
		await store.compactDocument(names.alterCe, () => new Uint8Array([255, 255, 255]));

		const connection = await open(names.overview);
		await overview.settled();
		let after: RequestSummary[] = [];
		await connection.transact((doc) => (after = readRequestSummaries(doc)));
		expect(after.filter((s) => s.clientId === names.alterCeId)).toEqual(alterCe);
		expect(after).toHaveLength(before.length);
	});
});
