import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { readRequestSummaries, summariesMap } from '../../src/lib/doc/overview.ts';
import { readRequests, setRequestStatus } from '../../src/lib/doc/requests.ts';
import { overviewDocName, requestsDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { startNavette, type TestNavette } from '../helpers/navette.ts';
import { connectProvider, type TestProvider } from '../helpers/providers.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(dataDir?: string): Promise<TestNavette> {
	const server = await startNavette({ seed: 'demo', dataDir });
	cleanups.push(() => server.close());
	return server;
}

async function open(server: TestNavette, email: string, name: string): Promise<TestProvider> {
	const provider = connectProvider({
		url: server.url,
		origin: server.origin,
		name,
		token: await server.tokenFor(email)
	});
	cleanups.push(() => provider.destroy());
	await provider.synced;
	return provider;
}

async function demo(server: TestNavette) {
	const { store } = server.navette;
	const claire = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
	const alterCe = (await store.listClients(claire.firmId)).find((c) => c.name === 'Alter Ce')!;
	return {
		overview: overviewDocName(claire.firmId),
		alterCe: requestsDocName(claire.firmId, alterCe.id)
	};
}

const statuses = (doc: Y.Doc) =>
	readRequestSummaries(doc).reduce<Record<string, number>>((counts, s) => {
		counts[s.status] = (counts[s.status] ?? 0) + 1;
		return counts;
	}, {});

describe('the firm overview', () => {
	it('holds a summary of every demo request', async () => {
		const server = await start();
		const names = await demo(server);
		const staff = await open(server, DEMO_ACCOUNTS.paul, names.overview);
		expect(readRequestSummaries(staff.doc)).toHaveLength(15);
		expect(statuses(staff.doc)).toEqual({ todo: 10, in_progress: 1, done: 4 });
	});

	it('shows a client’s status change to staff, live', async () => {
		const server = await start();
		const names = await demo(server);
		const staff = await open(server, DEMO_ACCOUNTS.claire, names.overview);
		const sophie = await open(server, DEMO_ACCOUNTS.sophie, names.alterCe);
		const request = readRequests(sophie.doc).find((r) => r.title === 'Budget des ventes 2019')!;
		setRequestStatus(sophie.doc, request.id, 'done', { id: 'sophie', name: 'Sophie Leroy' });
		await expect
			.poll(() => readRequestSummaries(staff.doc).find((s) => s.id === request.id)?.status)
			.toBe('done');
	});

	it('refuses writes from browsers: nothing stored, nothing relayed', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'navette-ov-'));
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		let server = await start(dataDir);
		const names = await demo(server);
		const writer = await open(server, DEMO_ACCOUNTS.claire, names.overview);
		const reader = await open(server, DEMO_ACCOUNTS.paul, names.overview);
		summariesMap(writer.doc).set('forged', { id: 'forged' });
		// A marker through a legitimate path proves the reader is up to date afterwards.
		const sophie = await open(server, DEMO_ACCOUNTS.sophie, names.alterCe);
		const request = readRequests(sophie.doc)[1]!;
		setRequestStatus(sophie.doc, request.id, 'in_progress', { id: 'sophie', name: 'Sophie' });
		await expect
			.poll(() => readRequestSummaries(reader.doc).find((s) => s.id === request.id)?.status)
			.toBe('in_progress');
		expect(summariesMap(reader.doc).has('forged')).toBe(false);

		await server.close();
		cleanups.length = 0;
		server = await start(dataDir);
		const after = await open(server, DEMO_ACCOUNTS.paul, names.overview);
		expect(summariesMap(after.doc).has('forged')).toBe(false);
		expect(readRequestSummaries(after.doc).find((s) => s.id === request.id)?.status).toBe(
			'in_progress'
		);
	});

	it('repairs itself after a crash between a request’s append and the overview’s', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'navette-ov-'));
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		let server = await start(dataDir);
		const names = await demo(server);
		// What a crash leaves: the requests log has an edit the overview never heard of.
		const stored = (await server.navette.store.loadDocument(names.alterCe))!;
		const doc = new Y.Doc();
		for (const part of [stored.snapshot, ...stored.updates]) if (part) Y.applyUpdate(doc, part);
		const request = readRequests(doc).find((r) => r.title === 'Contrats de prêt')!;
		const before = Y.encodeStateVector(doc);
		setRequestStatus(doc, request.id, 'done', { id: 'sophie', name: 'Sophie' });
		await server.navette.store.appendUpdate(names.alterCe, Y.encodeStateAsUpdate(doc, before));
		await server.close();
		cleanups.length = 0;

		server = await start(dataDir);
		const staff = await open(server, DEMO_ACCOUNTS.claire, names.overview);
		await expect
			.poll(() => readRequestSummaries(staff.doc).find((s) => s.id === request.id)?.status)
			.toBe('done');
	});
});
