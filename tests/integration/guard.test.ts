import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import {
	addComment,
	readRequest,
	readRequests,
	setRequestStatus
} from '../../src/lib/doc/requests.ts';
import { requestsDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { UPDATE_REFUSED } from '../../server/extensions/Guard.ts';
import { MESSAGE_BURST, RATE_LIMITED } from '../../src/lib/server/message-rate.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';
import type { TestProvider } from '../helpers/providers.ts';
import { isAuthResult, RawClient } from '../helpers/raw-client.ts';

/**
 * DESIGN §2's write rules, played by a tampered client: Sophie's browser, modified to write
 * straight into its Yjs document, against the real server with Claire (staff) connected at the
 * same time. Each forbidden edit must close Sophie's connection with `update-refused`, reach
 * neither Claire nor the store; the allowed edits still go through.
 */
let server: TestNavette;
let docName: string;
let claire: TestProvider;
let sophie: { id: string; name: string };
/**
 * A provider of the user with that e-mail on the requests document, once synced; open until the
 * file's last test, as the server would see a browser left open.
 */
let connect: (email: string) => Promise<TestProvider>;

test.beforeAll(async ({ fileNavette, fileConnectProvider }) => {
	server = fileNavette;
	const { store } = server.navette;
	const user = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	sophie = { id: user.id, name: user.name };
	docName = requestsDocName(user.firmId, user.clientId!);
	connect = async (email) => {
		const provider = fileConnectProvider({
			url: server.url,
			origin: server.origin,
			name: docName,
			token: await server.tokenFor(email)
		});
		await provider.synced;
		return provider;
	};
	claire = await connect(DEMO_ACCOUNTS.claire);
	// A comment by the firm, for the client to try to edit or remove.
	const first = readRequests(claire.doc)[0]!;
	addComment(claire.doc, first.id, 'Merci pour votre envoi.', { id: 'claire', name: 'Claire' });
	await claire.saved();
});

/** Resolves with the reason the server gave when it closed this document's connection. */
function closed(provider: TestProvider): Promise<string> {
	return new Promise((resolve) =>
		provider.provider.on('close', ({ event }: { event: { reason: string } }) =>
			resolve(event.reason)
		)
	);
}

const requestMap = (doc: Y.Doc, index = 0) => {
	const id = readRequests(doc)[index]!.id;
	return (doc.getMap('requests') as Y.Map<Y.Map<unknown>>).get(id)!;
};

/**
 * Every root of a document as JSON, by name (`Y.Doc.toJSON` lists only the roots a reader
 * instantiated, and the server's load reads `meta` since schema v2).
 */
const json = (doc: Y.Doc) =>
	JSON.stringify([...doc.share.keys()].sort().map((name) => [name, doc.getMap(name).toJSON()]));

/** What the server holds, as JSON: the live document (what Claire would get). */
const live = () => json(server.navette.hocuspocus.documents.get(docName)!);

const FORBIDDEN: [name: string, tamper: (doc: Y.Doc) => void][] = [
	['renames a request', (doc) => requestMap(doc).set('title', 'Titre piraté')],
	['changes a due date', (doc) => requestMap(doc).set('dueDate', '2030-01-01')],
	['moves a request to another task', (doc) => requestMap(doc).set('taskId', 'autre-tache')],
	['sets an unknown status', (doc) => requestMap(doc).set('status', 'archived')],
	[
		'creates a request',
		(doc) => {
			const entry = new Y.Map<unknown>();
			(doc.getMap('requests') as Y.Map<unknown>).set('fausse-demande', entry);
			entry.set('id', 'fausse-demande');
		}
	],
	['deletes a request', (doc) => doc.getMap('requests').delete(readRequests(doc)[1]!.id)],
	[
		'edits a comment of the firm',
		(doc) => {
			const comments = requestMap(doc).get('comments') as Y.Array<Record<string, unknown>>;
			const original = comments.get(0);
			comments.delete(0, 1);
			comments.insert(0, [{ ...original, body: 'Message modifié' }]);
		}
	],
	[
		'deletes a comment',
		(doc) => (requestMap(doc).get('comments') as Y.Array<unknown>).delete(0, 1)
	],
	[
		'forges the author of a comment',
		(doc) =>
			addComment(doc, readRequests(doc)[0]!.id, 'Signé Claire', {
				id: 'claire',
				name: 'Claire Martin'
			})
	],
	['adds a root key', (doc) => doc.getMap('pirate').set('x', 1)],
	['adds a field to a request', (doc) => requestMap(doc).set('montant', 1000)],
	[
		'references a file it did not upload',
		(doc) =>
			(requestMap(doc).get('documents') as Y.Array<unknown>).push([
				{
					id: crypto.randomUUID(),
					fileId: crypto.randomUUID(),
					name: 'facture.pdf',
					size: 10,
					mime: 'application/pdf',
					uploadedBy: sophie.id,
					at: new Date().toISOString(),
					gedPath: 'Alter Ce/2019/facture.pdf'
				}
			])
	],
	['changes the schema version', (doc) => doc.getMap('meta').set('schemaVersion', 99)],
	['writes text content', (doc) => requestMap(doc).set('description', new Y.Text('x'))]
];

describe('a client user may not', () => {
	for (const [name, tamper] of FORBIDDEN) {
		it(name, async () => {
			const before = live();
			const client = await connect(DEMO_ACCOUNTS.sophie);
			const reason = closed(client);
			tamper(client.doc);
			expect(await reason).toBe(UPDATE_REFUSED);
			expect(live()).toBe(before);
			// Claire's copy (connected throughout) equals the server's: nothing was relayed.
			expect(json(claire.doc)).toBe(before);
			client.destroy();
		});
	}
});

describe('a client user may', () => {
	it('change a status and comment, signed as itself; the firm sees both', async () => {
		const client = await connect(DEMO_ACCOUNTS.sophie);
		const target = readRequests(client.doc)[2]!;
		setRequestStatus(client.doc, target.id, 'done', sophie);
		addComment(client.doc, target.id, 'Voici le document.', sophie);
		await client.saved();
		await expect
			.poll(() => readRequests(claire.doc).find((r) => r.id === target.id))
			.toMatchObject({ status: 'done', comments: [{ body: 'Voici le document.' }] });
	});
});

describe('staff', () => {
	it('may not write what the schema forbids either', async () => {
		const staff = await connect(DEMO_ACCOUNTS.paul);
		const reason = closed(staff);
		requestMap(staff.doc).set('status', 'perdu');
		expect(await reason).toBe(UPDATE_REFUSED);
		expect(readRequests(claire.doc).every((r) => r.status !== ('perdu' as string))).toBe(true);
	});
});

describe('limits', () => {
	it('closes a socket that floods the server with frames', async () => {
		const flood = await RawClient.open(server.url, server.origin);
		flood.requestDocument(docName, await server.tokenFor(DEMO_ACCOUNTS.sophie));
		await flood.waitFor(isAuthResult(docName));
		const closed = flood.closed();
		// Cheap, well-formed frames on an authenticated document: only the rate is wrong.
		const encoder = encoding.createEncoder();
		encoding.writeVarString(encoder, docName);
		encoding.writeVarUint(encoder, MessageType.QueryAwareness);
		const frame = encoding.toUint8Array(encoder);
		for (let i = 0; i < MESSAGE_BURST + 50; i++) flood.send(frame);
		expect(await closed).toBe(RATE_LIMITED.code);
	});
});

describe('read-only documents', () => {
	it('relay no awareness: presence on the overview never reaches other readers', async ({
		connectProvider
	}) => {
		const firmId = docName.split('/')[1]!;
		const open = async (email: string) => {
			const provider = connectProvider({
				url: server.url,
				origin: server.origin,
				name: `firm/${firmId}/overview`,
				token: await server.tokenFor(email)
			});
			await provider.synced;
			return provider;
		};
		const [writer, reader] = [await open(DEMO_ACCOUNTS.paul), await open(DEMO_ACCOUNTS.claire)];
		writer.provider.awareness!.setLocalStateField('user', { name: 'Paul Durand' });
		// A fence: a change on a writable document, sent after the awareness on the same socket
		// path, has arrived; the awareness, had it been relayed, would have too.
		const fence = await connect(DEMO_ACCOUNTS.paul);
		// A request not already « En cours », or the fence would be a no-op that proves nothing.
		const fenced = readRequests(fence.doc).find((r) => r.status !== 'in_progress')!;
		setRequestStatus(fence.doc, fenced.id, 'in_progress', { id: 'p', name: 'P' });
		await fence.saved();
		await expect.poll(() => readRequest(claire.doc, fenced.id)?.status).toBe('in_progress');
		const seen = [...reader.provider.awareness!.getStates().values()];
		expect(seen.some((state) => (state.user as { name?: string })?.name === 'Paul Durand')).toBe(
			false
		);
		writer.destroy();
		reader.destroy();
	});
});

describe('after a restart', () => {
	it('the store holds none of the refused edits', async ({ fileTempDir, startNavette }) => {
		await server.close();
		server = await startNavette({ seed: 'demo', dataDir: fileTempDir });
		const stored = await server.navette.store.loadDocument(docName);
		const doc = new Y.Doc();
		if (stored!.snapshot) Y.applyUpdate(doc, stored!.snapshot);
		for (const update of stored!.updates) Y.applyUpdate(doc, update);
		const json = JSON.stringify([doc.getMap('meta').toJSON(), doc.getMap('requests').toJSON()]);
		expect([...doc.share.keys()].sort()).toEqual(['meta', 'requests']);
		for (const marker of [
			'Titre piraté',
			'fausse-demande',
			'Message modifié',
			'Signé Claire',
			'pirate',
			'"montant":',
			'archived',
			'perdu'
		]) {
			expect(json).not.toContain(marker);
		}
		expect(json).toContain('Voici le document.');
		expect(json).toContain('Merci pour votre envoi.');
	});
});
