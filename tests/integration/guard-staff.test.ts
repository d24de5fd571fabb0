import { MessageType } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import { tasksMap } from '../../src/lib/doc/schema.ts';
import { readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { UPDATE_REFUSED } from '../../server/extensions/Guard.ts';
import {
	currentItem,
	forgeUpdate,
	lastId,
	type ForgedDeletion,
	type ForgedItem
} from '../helpers/forge-update.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';
import type { TestProvider } from '../helpers/providers.ts';
import { isAuthResult, RawClient } from '../helpers/raw-client.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * The staff Guard's fast path (issue 16), against a tampered browser: Paul (staff) sends
 * hand-made updates to the tasks document — each close to what the fast path accepts (a field
 * set, a new task) but leaving an entry malformed once Yjs applies it. Each must close Paul's
 * connection to the document with `update-refused`, and reach neither Claire (connected throughout) nor the
 * store; a hand-made update that is valid still goes through, and so does one the fast path
 * leaves to the replica.
 */
let server: TestNavette;
let docName: string;
let claire: TestProvider;

test.beforeAll(async ({ fileNavette, fileConnectProvider }) => {
	server = fileNavette;
	const sophie = (await server.navette.store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	docName = tasksDocName(sophie.firmId);
	claire = fileConnectProvider({
		url: server.url,
		origin: server.origin,
		name: docName,
		token: await server.tokenFor(DEMO_ACCOUNTS.claire)
	});
	await claire.synced;
});

/** Every root as JSON. */
const json = (doc: Y.Doc) =>
	JSON.stringify([doc.getMap('meta').toJSON(), doc.getMap('tasks').toJSON()]);
const live = () => json(server.navette.hocuspocus.documents.get(docName)!);

async function stored(): Promise<string> {
	return json(await storedDocument(server.navette.store, docName));
}

/** Paul's tampered browser: a bare socket, authenticated on the tasks document. */
async function paul(): Promise<RawClient> {
	const client = await RawClient.open(server.url, server.origin);
	client.requestDocument(docName, await server.tokenFor(DEMO_ACCOUNTS.paul));
	await client.waitFor(isAuthResult(docName));
	return client;
}

function updateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, docName);
	encoding.writeVarUint(encoder, MessageType.Sync);
	encoding.writeVarUint(encoder, 2); // update
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** Distinct forging client ids, none of which the document has seen. */
let nextClient = 4_000_000_000;

/** The first two tasks of the document, as Claire (and so the server) holds them. */
function tasks() {
	const [first, second] = readTasks(claire.doc);
	const map = tasksMap(claire.doc);
	return { t1: map.get(first!.id)!, t2: map.get(second!.id)! };
}

const any = (...values: unknown[]) => new Y.ContentAny(values);

const FORBIDDEN: [name: string, forge: (client: number) => [ForgedItem[], ForgedDeletion[]?]][] = [
	[
		'a title of two values, the last one not a title',
		(client) => [
			[
				{
					client,
					clock: 0,
					origin: lastId(currentItem(tasks().t1, 'title')),
					content: any('Bon', 42)
				}
			]
		]
	],
	[
		'a valid title, with a required field of another task deleted',
		(client) => {
			const { t1, t2 } = tasks();
			const clientId = currentItem(t2, 'clientId').id;
			return [
				[{ client, clock: 0, origin: lastId(currentItem(t1, 'title')), content: any('Bon titre') }],
				[[clientId.client, clientId.clock, 1]]
			];
		}
	],
	[
		'a title set and its own item deleted',
		(client) => [
			[{ client, clock: 0, origin: lastId(currentItem(tasks().t1, 'title')), content: any('Bon') }],
			[[client, 0, 1]]
		]
	],
	[
		'a title removed by deleted content',
		(client) => [
			[
				{
					client,
					clock: 0,
					origin: lastId(currentItem(tasks().t1, 'title')),
					content: new Y.ContentDeleted(1)
				}
			]
		]
	],
	[
		'a status replaced by a map',
		(client) => [
			[
				{
					client,
					clock: 0,
					origin: lastId(currentItem(tasks().t1, 'status')),
					content: new Y.ContentType(new Y.Map())
				}
			]
		]
	],
	[
		'a new task holding only its id',
		(client) => [
			[
				{
					client,
					clock: 0,
					parent: 'tasks',
					parentSub: 'tache-pirate',
					content: new Y.ContentType(new Y.Map())
				},
				{
					client,
					clock: 1,
					parent: Y.createID(client, 0),
					parentSub: 'id',
					content: any('tache-pirate')
				}
			]
		]
	],
	[
		// Yjs reads only a client's last block: the fields would wait, pending, for their entry.
		'a valid new task in two blocks, around a valid edit by another client',
		(client) => {
			const fields = {
				id: 'tache-en-deux',
				title: 'Nouvelle',
				clientId: readTasks(claire.doc)[0]!.clientId,
				assigneeId: 'paul',
				status: 'todo',
				createdAt: new Date().toISOString(),
				createdBy: 'paul',
				updatedAt: new Date().toISOString()
			};
			return [
				[
					{
						client,
						clock: 0,
						parent: 'tasks',
						parentSub: fields.id,
						content: new Y.ContentType(new Y.Map())
					},
					{
						client: nextClient++,
						clock: 0,
						origin: lastId(currentItem(tasks().t2, 'title')),
						content: any('Titre valide')
					},
					...Object.entries(fields).map(([key, value], i) => ({
						client,
						clock: 1 + i,
						parent: Y.createID(client, 0),
						parentSub: key,
						content: any(value)
					}))
				]
			];
		}
	],
	[
		'an unknown field, through an origin in a task',
		(client) => [
			[{ client, clock: 0, parent: tasks().t1._item!.id, parentSub: 'montant', content: any(1000) }]
		]
	]
];

describe('staff may not, by a hand-made update', () => {
	for (const [name, forge] of FORBIDDEN) {
		it(name, async () => {
			const [before, storedBefore] = [live(), await stored()];
			const client = nextClient++;
			const [items, deletions] = forge(client);
			const socket = await paul();
			socket.send(updateFrame(forgeUpdate(items, deletions)));
			// The server closes the document's connection (not the socket, which is shared).
			const close = await socket.waitFor(
				(f) => f.documentName === docName && f.type === MessageType.CLOSE
			);
			expect(close.close?.reason).toBe(UPDATE_REFUSED);
			socket.close();
			expect(live()).toBe(before);
			expect(await stored()).toBe(storedBefore);
			expect(json(claire.doc)).toBe(before);
			expect(Y.getState(claire.doc.store, client)).toBe(0);
		});
	}
});

describe('staff may, by a hand-made update', () => {
	it('set a title as Yjs would (the fast path)', async () => {
		const client = nextClient++;
		const { t1 } = tasks();
		const socket = await paul();
		socket.send(
			updateFrame(
				forgeUpdate([
					{
						client,
						clock: 0,
						origin: lastId(currentItem(t1, 'title')),
						content: any('Titre forgé')
					}
				])
			)
		);
		await expect.poll(() => t1.get('title')).toBe('Titre forgé');
		expect(socket.isOpen).toBe(true);
		await expect.poll(stored).toContain('Titre forgé');
		socket.close();
	});

	it('set a title after one that is no longer current (the replica decides)', async () => {
		const { t1 } = tasks();
		const stale = lastId(currentItem(t1, 'title'));
		// A colleague's edit lands first: Paul's origin is no longer the current value.
		t1.set('title', 'Titre de Claire');
		await claire.saved();
		const client = nextClient++;
		const socket = await paul();
		socket.send(
			updateFrame(forgeUpdate([{ client, clock: 0, origin: stale, content: any('Titre de Paul') }]))
		);
		await expect.poll(() => Y.getState(claire.doc.store, client)).toBe(1);
		expect(['Titre de Claire', 'Titre de Paul']).toContain(t1.get('title'));
		expect(socket.isOpen).toBe(true);
		socket.close();
	});
});
