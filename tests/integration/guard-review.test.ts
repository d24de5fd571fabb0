import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	addComment,
	readRequests,
	returnRequest,
	setRequestStatus,
	validateRequest
} from '../../src/lib/doc/requests.ts';
import { readRequestSummary } from '../../src/lib/doc/overview.ts';
import { overviewDocName, requestsDocName } from '../../src/lib/domain/doc-names.ts';
import type { InfoRequest } from '../../src/lib/domain/request.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { UPDATE_REFUSED } from '../../server/extensions/Guard.ts';
import { startNavette, type TestNavette } from '../helpers/navette.ts';
import { syncedProvider, type TestProvider } from '../helpers/providers.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * The firm's review (issue 14, schema v2) against a tampered client: Sophie's browser, modified to
 * write straight into its Yjs document, with Claire (staff) connected throughout. Claire validated
 * one of Sophie's answers and sent another back with a reason; each forbidden edit must close
 * Sophie's connection with `update-refused` and reach neither Claire, the live document nor the
 * store, while her legitimate answers still go through.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'navette-guard-review-'));
let server: TestNavette;
let docName: string;
let claire: TestProvider;
let sophie: { id: string; name: string };
const claireActor = { id: 'u-claire', name: 'Claire Martin' };
/** Sophie's requests, by role in the tests. */
const ids = { validated: '', returned: '', open: '', other: '' };
const open: TestProvider[] = [];

beforeAll(async () => {
	server = await startNavette({ seed: 'demo', dataDir });
	const user = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	sophie = { id: user.id, name: user.name };
	docName = requestsDocName(user.firmId, user.clientId!);
	claire = await connect(DEMO_ACCOUNTS.claire);
	const [a, b, c, d] = readRequests(claire.doc).filter((r) => r.status === 'todo');
	Object.assign(ids, { validated: a!.id, returned: b!.id, open: c!.id, other: d!.id });
	// Sophie answers two requests, legitimately; Claire validates one and returns the other.
	const client = await connect(DEMO_ACCOUNTS.sophie);
	setRequestStatus(client.doc, ids.validated, 'done', sophie);
	setRequestStatus(client.doc, ids.returned, 'done', sophie);
	await client.saved();
	await vi.waitFor(() => {
		if (requestOf(claire.doc, ids.returned)?.status !== 'done') throw new Error('not yet');
	});
	validateRequest(claire.doc, ids.validated, claireActor);
	returnRequest(claire.doc, ids.returned, 'Il manque le relevé de mars.', claireActor);
	await claire.saved();
	client.destroy();
});

afterAll(async () => {
	for (const provider of open) provider.destroy();
	await server?.close();
	rmSync(dataDir, { recursive: true, force: true });
});

async function connect(email: string): Promise<TestProvider> {
	const provider = await syncedProvider(server, email, docName);
	open.push(provider);
	return provider;
}

function requestOf(doc: Y.Doc, id: string): InfoRequest | undefined {
	return readRequests(doc).find((r) => r.id === id);
}

/** Resolves with the reason the server gave when it closed this document's connection. */
function closed(provider: TestProvider): Promise<string> {
	return new Promise((resolve) =>
		provider.provider.on('close', ({ event }: { event: { reason: string } }) =>
			resolve(event.reason)
		)
	);
}

const entry = (doc: Y.Doc, id: string) =>
	(doc.getMap('requests') as Y.Map<Y.Map<unknown>>).get(id)!;

/** A requests document's two roots as JSON, in a fixed order. */
const json = (doc: Y.Doc) =>
	JSON.stringify([doc.getMap('meta').toJSON(), doc.getMap('requests').toJSON()]);

/** The live document (what Claire would get). */
const live = () => json(server.navette.hocuspocus.documents.get(docName)!);

/** What the store holds (snapshot and log), as JSON. */
async function stored(): Promise<string> {
	return json(await storedDocument(server.navette.store, docName));
}

const FORBIDDEN: [name: string, tamper: (doc: Y.Doc) => void][] = [
	['sets a request validated', (doc) => entry(doc, ids.open).set('review', 'validated')],
	['reopens a validated request', (doc) => entry(doc, ids.validated).set('status', 'todo')],
	['un-validates a request', (doc) => entry(doc, ids.validated).set('review', null)],
	[
		'comments on a validated request',
		(doc) => addComment(doc, ids.validated, 'Encore un document.', sophie)
	],
	[
		'edits a return reason',
		(doc) => entry(doc, ids.returned).set('returnReason', 'Rien ne manque.')
	],
	['clears a return reason', (doc) => entry(doc, ids.returned).set('returnReason', null)],
	['forges a return reason', (doc) => entry(doc, ids.open).set('returnReason', 'Motif forgé')],
	['signs a review', (doc) => entry(doc, ids.open).set('reviewedBy', sophie.id)],
	[
		'answers « Sans objet » without a comment',
		(doc) => entry(doc, ids.open).set('status', 'not_applicable')
	],
	[
		'answers « Justificatif perdu » with a comment on another request',
		(doc) =>
			doc.transact(() => {
				entry(doc, ids.open).set('status', 'lost');
				addComment(doc, ids.other, 'Perdu.', sophie);
			})
	]
];

describe('a client user may not', () => {
	for (const [name, tamper] of FORBIDDEN) {
		it(name, async () => {
			const [before, storedBefore] = [live(), await stored()];
			const client = await connect(DEMO_ACCOUNTS.sophie);
			const reason = closed(client);
			tamper(client.doc);
			// An accepted update would be acknowledged instead: the test then fails at once.
			expect(await Promise.race([reason, client.saved().then(() => 'stored')])).toBe(
				UPDATE_REFUSED
			);
			expect(live()).toBe(before);
			expect(await stored()).toBe(storedBefore);
			// Claire's copy (connected throughout) equals the server's: nothing was relayed.
			expect(json(claire.doc)).toBe(before);
			client.destroy();
		});
	}
});

describe('a client user may', () => {
	it('see the review: « Validée » and the return reason, which the firm’s overview carries', async () => {
		const client = await connect(DEMO_ACCOUNTS.sophie);
		expect(requestOf(client.doc, ids.validated)).toMatchObject({ review: 'validated' });
		expect(requestOf(client.doc, ids.returned)).toMatchObject({
			status: 'todo',
			returnReason: 'Il manque le relevé de mars.'
		});
		client.destroy();
		// For the reminders' digest: the summary keeps the reason while the client has not answered.
		const firmId = docName.split('/')[1]!;
		const overview = await syncedProvider(server, DEMO_ACCOUNTS.claire, overviewDocName(firmId));
		open.push(overview);
		await expect
			.poll(() => readRequestSummary(overview.doc, ids.returned)?.returnReason)
			.toBe('Il manque le relevé de mars.');
		expect(readRequestSummary(overview.doc, ids.validated)).toMatchObject({
			status: 'done',
			review: 'validated',
			returnReason: null
		});
	});

	it('answer « Sans objet » with its comment, and answer a returned request again', async () => {
		const client = await connect(DEMO_ACCOUNTS.sophie);
		setRequestStatus(client.doc, ids.open, 'not_applicable', sophie, {
			comment: 'Aucun prêt en cours.'
		});
		setRequestStatus(client.doc, ids.returned, 'done', sophie);
		addComment(client.doc, ids.returned, 'Voici mars.', sophie);
		await client.saved();
		await expect
			.poll(() => requestOf(claire.doc, ids.open))
			.toMatchObject({
				status: 'not_applicable',
				comments: [{ authorId: sophie.id, body: 'Aucun prêt en cours.' }]
			});
		await expect.poll(() => requestOf(claire.doc, ids.returned)?.status).toBe('done');
		expect(await stored()).toContain('Aucun prêt en cours.');
		client.destroy();
	});
});

describe('staff', () => {
	it('may not write a review the schema does not know', async () => {
		const paul = await connect(DEMO_ACCOUNTS.paul);
		const reason = closed(paul);
		entry(paul.doc, ids.open).set('review', 'approved');
		expect(await reason).toBe(UPDATE_REFUSED);
		expect(requestOf(claire.doc, ids.open)?.review).toBeNull();
	});
});
