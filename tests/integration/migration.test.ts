import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, readRequests } from '../../src/lib/doc/requests.ts';
import { SCHEMA_VERSION } from '../../src/lib/doc/schema.ts';
import { requestsDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { startNavette, type TestNavette } from '../helpers/navette.ts';
import { connectProvider, syncedProvider, type TestProvider } from '../helpers/providers.ts';
import {
	V1_IDS,
	V1_OFFLINE_STATUS_EDIT,
	V1_REQUESTS_DOC,
	V1_REQUESTS_JSON
} from '../fixtures/schema-v1.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * Schema v2 (issue 14 item 6) over a store written by schema v1: Sophie's requests document is
 * replaced, in the store, by the bytes the v1 commands wrote (`tests/fixtures/schema-v1.ts`)
 * before anyone opens it. The server must migrate it once on load, logged, with nothing lost;
 * a browser holding a v1 copy with offline edits (the v1 code's status change, and a comment)
 * must then sync them without being refused, and end with the same document as the firm.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'navette-migration-'));
let server: TestNavette;
let docName: string;
let sophie: { id: string; name: string };
const open: TestProvider[] = [];

beforeAll(async () => {
	server = await startNavette({ seed: 'demo', dataDir, recurring: false, reminders: false });
	const user = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	sophie = { id: user.id, name: user.name };
	docName = requestsDocName(user.firmId, user.clientId!);
	expect(server.navette.hocuspocus.documents.has(docName)).toBe(false);
	await server.navette.store.compactDocument(docName, () => V1_REQUESTS_DOC);
});

afterAll(async () => {
	for (const provider of open) provider.destroy();
	await server?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

async function connect(email: string, doc?: Y.Doc): Promise<TestProvider> {
	const provider = doc
		? connectProvider({
				url: server.url,
				origin: server.origin,
				name: docName,
				token: await server.tokenFor(email),
				doc
			})
		: await syncedProvider(server, email, docName);
	open.push(provider);
	await provider.synced;
	return provider;
}

/** What the store holds (snapshot and log), as a document. */
async function stored(): Promise<Y.Doc> {
	return storedDocument(server.navette.store, docName);
}

const versionOf = (doc: Y.Doc) => doc.getMap('meta').get('schemaVersion');

describe('a store written by schema v1', () => {
	it('holds the v1 document, untouched so far', async () => {
		const doc = await stored();
		expect(versionOf(doc)).toBe(1);
		expect(doc.getMap('requests').toJSON()).toEqual(V1_REQUESTS_JSON);
	});

	it('is migrated once on load, logged, with nothing lost', async () => {
		const logBefore = await server.navette.store.countUpdates(docName);
		const claire = await connect(DEMO_ACCOUNTS.claire);
		expect(versionOf(claire.doc)).toBe(SCHEMA_VERSION);
		expect(claire.doc.getMap('requests').toJSON()).toEqual(V1_REQUESTS_JSON);
		expect(readRequests(claire.doc).map((r) => [r.status, r.review, r.comments.length])).toEqual([
			['todo', null, 1],
			['done', null, 1],
			['in_progress', null, 0]
		]);
		// The migration is in the log, as one entry: a restart does not depend on migrating again.
		expect(await server.navette.store.countUpdates(docName)).toBe(logBefore + 1);
		expect(versionOf(await stored())).toBe(SCHEMA_VERSION);
	});

	it('takes a v1 browser’s offline edits, and the browser converges', async () => {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, V1_REQUESTS_DOC);
		Y.applyUpdate(copy, V1_OFFLINE_STATUS_EDIT);
		// A comment's item has the same shape in v1 and v2; it is signed with Sophie's real id.
		addComment(copy, V1_IDS.requests[2], 'Les contrats arrivent demain.', sophie);
		const browser = await connect(DEMO_ACCOUNTS.sophie, copy);
		await browser.saved();
		const claire = open[0]!;
		await expect
			.poll(() => readRequests(claire.doc).map((r) => [r.status, r.comments.length]))
			.toEqual([
				['done', 1],
				['done', 1],
				['in_progress', 1]
			]);
		await expect.poll(() => versionOf(browser.doc)).toBe(SCHEMA_VERSION);
		const json = (doc: Y.Doc) => JSON.stringify(doc.getMap('requests').toJSON());
		expect(json(browser.doc)).toBe(json(claire.doc));
		expect(json(await stored())).toBe(json(claire.doc));
		expect(browser.provider.isSynced).toBe(true);
		expect(browser.provider.unsyncedChanges).toBe(0);
	});

	it('is not migrated again after a restart', async () => {
		for (const provider of open.splice(0)) provider.destroy();
		await server.close();
		server = await startNavette({ seed: 'demo', dataDir, recurring: false, reminders: false });
		const logBefore = await server.navette.store.countUpdates(docName);
		const claire = await connect(DEMO_ACCOUNTS.claire);
		expect(versionOf(claire.doc)).toBe(SCHEMA_VERSION);
		expect(readRequests(claire.doc).map((r) => r.status)).toEqual(['done', 'done', 'in_progress']);
		expect(await server.navette.store.countUpdates(docName)).toBe(logBefore);
	});
});
