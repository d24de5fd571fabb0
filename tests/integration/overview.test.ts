import { RECURRING_ACTOR } from '../../src/lib/server/recurring/pass.ts';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import {
	readRequestSummaries,
	readRequestSummary,
	summariesByTask,
	summariesMap
} from '../../src/lib/doc/overview.ts';
import {
	addComment,
	readRequests,
	setRequestStatus,
	transmitRequest,
	withdrawRequest
} from '../../src/lib/doc/requests.ts';
import { readTasks } from '../../src/lib/doc/tasks.ts';
import { overviewDocName, requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { summarizeRequest, type RequestSummary } from '../../src/lib/domain/overview.ts';
import { openStore } from '../../src/lib/server/store/index.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { it } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';
import type { TestProvider } from '../helpers/providers.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * The firm overview (DESIGN §2, server/README « Firm overview »): kept by the server from the
 * requests documents, read-only for staff, durable, and repaired after a crash.
 */
async function names(server: TestNavette) {
	const { store } = server.navette;
	const { firmId } = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
	const alterCe = (await store.listClients(firmId)).find((c) => c.name === 'Alter Ce')!;
	return {
		firmId,
		overview: overviewDocName(firmId),
		tasks: tasksDocName(firmId),
		alterCe: requestsDocName(firmId, alterCe.id),
		alterCeId: alterCe.id
	};
}

/** What the overview must hold: the summaries of every client's stored requests, by id. */
async function expectedSummaries(store: Store, firmId: string) {
	const expected: RequestSummary[] = [];
	for (const client of await store.listClients(firmId)) {
		const doc = await storedDocument(store, requestsDocName(firmId, client.id));
		expected.push(...readRequests(doc).map((r) => summarizeRequest(client.id, r)));
	}
	return byId(expected);
}

const byId = (summaries: RequestSummary[]) =>
	Object.fromEntries(
		summaries.map((s) => [s.id, s] as const).sort(([a], [b]) => a.localeCompare(b))
	);

const count = (summaries: RequestSummary[] = []) =>
	summaries.reduce<Record<string, number>>((counts, s) => {
		counts[s.status] = (counts[s.status] ?? 0) + 1;
		return counts;
	}, {});

/** Resolves with the `applied` flag of the next SyncStatus the server sends this provider. */
function nextSyncStatus(provider: TestProvider): Promise<boolean> {
	return new Promise((resolve) => {
		const listen = ({ event }: { event: MessageEvent }) => {
			const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
			decoding.readVarString(decoder);
			if (decoding.readVarUint(decoder) !== MessageType.SyncStatus) return;
			provider.provider.off('message', listen);
			resolve(decoding.readVarInt(decoder) === 1);
		};
		provider.provider.on('message', listen);
	});
}

const sophie = { id: 'sophie', name: 'Sophie Leroy' };

describe('the firm overview', () => {
	it('gives staff the demo summaries: Prévisionnel has 8 requests, 7 to do and 1 done', async ({
		startNavette,
		syncedProvider
	}) => {
		const server = await startNavette();
		const doc = await names(server);
		const tasks = await syncedProvider(server, DEMO_ACCOUNTS.paul, doc.tasks);
		const overview = await syncedProvider(server, DEMO_ACCOUNTS.paul, doc.overview);
		const previsionnel = readTasks(tasks.doc).find((t) => t.title === 'Prévisionnel')!;
		expect(count(summariesByTask(overview.doc).get(previsionnel.id))).toEqual({
			todo: 7,
			done: 1
		});
		// The seed's 15; the recurring rules add the month's VAT requests (RECURRING_ACTOR's tasks).
		const seeded = new Set(
			readTasks(tasks.doc)
				.filter((t) => t.createdBy !== RECURRING_ACTOR.id)
				.map((t) => t.id)
		);
		expect(readRequestSummaries(overview.doc).filter((s) => seeded.has(s.taskId))).toHaveLength(15);
		expect(byId(readRequestSummaries(overview.doc))).toEqual(
			await expectedSummaries(server.navette.store, doc.firmId)
		);
	});

	it('shows a client’s status change to staff within a second, and stores it first', async ({
		startNavette,
		syncedProvider
	}) => {
		const server = await startNavette();
		const doc = await names(server);
		const staff = await syncedProvider(server, DEMO_ACCOUNTS.claire, doc.overview);
		const client = await syncedProvider(server, DEMO_ACCOUNTS.sophie, doc.alterCe);
		const request = readRequests(client.doc).find((r) => r.title === 'Budget des ventes 2019')!;
		setRequestStatus(client.doc, request.id, 'done', sophie);
		await expect
			.poll(() => readRequestSummary(staff.doc, request.id)?.status, { timeout: 1000 })
			.toBe('done');
		// The server's own change went through the durable log before it reached a browser.
		const inStore = await storedDocument(server.navette.store, doc.overview);
		expect(readRequestSummary(inStore, request.id)?.status).toBe('done');
	});

	it('refuses writes from staff browsers: not stored, not relayed, gone after a restart', async ({
		tempDir,
		startNavette,
		syncedProvider
	}) => {
		let server = await startNavette({ dataDir: tempDir });
		const doc = await names(server);
		const writer = await syncedProvider(server, DEMO_ACCOUNTS.claire, doc.overview);
		const reader = await syncedProvider(server, DEMO_ACCOUNTS.paul, doc.overview);
		const client = await syncedProvider(server, DEMO_ACCOUNTS.sophie, doc.alterCe);
		const [first, second] = readRequests(client.doc);
		const genuine = readRequestSummary(writer.doc, first!.id)!;

		const refusal = nextSyncStatus(writer);
		writer.doc.transact(() => {
			summariesMap(writer.doc).set('forged', { ...genuine, id: 'forged', title: 'Faux' });
			summariesMap(writer.doc).set(first!.id, { ...genuine, status: 'done', title: 'Modifié' });
		});
		expect(await refusal).toBe(false);
		// The refusal came first; a change made afterwards reaching the reader proves the reader
		// would have received the forged one by now, had it been relayed.
		setRequestStatus(client.doc, second!.id, 'in_progress', sophie);
		await expect.poll(() => readRequestSummary(reader.doc, second!.id)?.status).toBe('in_progress');
		expect(summariesMap(reader.doc).has('forged')).toBe(false);
		expect(readRequestSummary(reader.doc, first!.id)).toEqual(genuine);

		for (const provider of [writer, reader, client]) provider.destroy();
		await server.close();
		server = await startNavette({ dataDir: tempDir });
		const after = await syncedProvider(server, DEMO_ACCOUNTS.paul, doc.overview);
		expect(summariesMap(after.doc).has('forged')).toBe(false);
		expect(readRequestSummary(after.doc, first!.id)).toEqual(genuine);
		expect(readRequestSummary(after.doc, second!.id)?.status).toBe('in_progress');
	});

	it('still matches the requests after changes and a restart, from what was stored', async ({
		tempDir,
		startNavette,
		syncedProvider
	}) => {
		let server = await startNavette({ dataDir: tempDir });
		const doc = await names(server);
		const staff = await syncedProvider(server, DEMO_ACCOUNTS.claire, doc.overview);
		const client = await syncedProvider(server, DEMO_ACCOUNTS.sophie, doc.alterCe);
		const firm = await syncedProvider(server, DEMO_ACCOUNTS.claire, doc.alterCe);
		const [a, b, c] = readRequests(firm.doc);
		setRequestStatus(client.doc, a!.id, 'done', sophie);
		// Signed as the real user: the server refuses a comment whose author is not its sender.
		const user = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		addComment(client.doc, b!.id, 'Envoyé par courrier hier.', user);
		const claire = { id: 'claire', name: 'Claire Martin' };
		const added = transmitRequest(
			firm.doc,
			{ taskId: a!.taskId, title: 'Statuts à jour', description: 'La dernière version.' },
			claire
		);
		withdrawRequest(firm.doc, c!.id, claire);
		await expect.poll(() => readRequestSummary(staff.doc, added.id)?.title).toBe('Statuts à jour');
		await expect.poll(() => readRequestSummary(staff.doc, c!.id)).toBeNull();
		await expect.poll(() => readRequestSummary(staff.doc, b!.id)?.commentCount).toBe(1);
		await Promise.all([client.saved(), firm.saved()]);

		for (const provider of [staff, client, firm]) provider.destroy();
		await server.close();
		server = await startNavette({ dataDir: tempDir });
		// The stored overview is right by itself, before any load or reconciliation.
		const expected = await expectedSummaries(server.navette.store, doc.firmId);
		expect(expected[a!.id]?.status).toBe('done');
		const inStore = await storedDocument(server.navette.store, doc.overview);
		expect(byId(readRequestSummaries(inStore))).toEqual(expected);
		const after = await syncedProvider(server, DEMO_ACCOUNTS.paul, doc.overview);
		expect(byId(readRequestSummaries(after.doc))).toEqual(expected);
	});

	it('repairs a requests change that never reached the overview (crash between appends)', async ({
		tempDir,
		startNavette,
		syncedProvider
	}) => {
		let server = await startNavette({ dataDir: tempDir });
		const doc = await names(server);
		await server.close();

		// While the server is down, what a crash leaves: the requests log holds an edit (and a
		// new request) the overview never heard of.
		const store = await openStore({ dataDir: tempDir });
		const requests = await storedDocument(store, doc.alterCe);
		const before = Y.encodeStateVector(requests);
		const loan = readRequests(requests).find((r) => r.title === 'Contrats de prêt')!;
		setRequestStatus(requests, loan.id, 'done', sophie);
		const added = transmitRequest(
			requests,
			{ taskId: loan.taskId, title: 'Kbis récent', description: '' },
			{ id: 'claire', name: 'Claire Martin' }
		);
		await store.appendUpdate(doc.alterCe, Y.encodeStateAsUpdate(requests, before));
		await store.close();

		server = await startNavette({ dataDir: tempDir });
		const staff = await syncedProvider(server, DEMO_ACCOUNTS.claire, doc.overview);
		await expect.poll(() => readRequestSummary(staff.doc, loan.id)?.status).toBe('done');
		await expect.poll(() => readRequestSummary(staff.doc, added.id)?.title).toBe('Kbis récent');
		await server.navette.overview.settled();
		expect(byId(readRequestSummaries(staff.doc))).toEqual(
			await expectedSummaries(server.navette.store, doc.firmId)
		);
	});
});
