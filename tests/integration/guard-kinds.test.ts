import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import { readRequests } from '../../src/lib/doc/requests.ts';
import { readTasks, updateTask } from '../../src/lib/doc/tasks.ts';
import { requestsDocName, tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { UPDATE_REFUSED } from '../../server/extensions/Guard.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { TestNavette } from '../helpers/navette.ts';
import type { TestProvider } from '../helpers/providers.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * The write rules per kind of document (issue 12): each kind's entries hold its own fields only,
 * from its field table. Paul (staff) runs a tampered browser that writes a request's fields into
 * a task, and a task's into a request; with Claire connected throughout, each such update must
 * close Paul's connection with `update-refused`, reach neither Claire nor the store, while a
 * legitimate edit still goes through.
 */
type Kind = 'tasks' | 'requests';

let server: TestNavette;
let tasksName: string;
let requestsName: string;
/**
 * Claire's providers on both documents, connected until the file's last test (they keep them
 * loaded, too).
 */
const claire: Partial<Record<Kind, TestProvider>> = {};

test.beforeAll(async ({ fileNavette, fileConnectProvider }) => {
	server = fileNavette;
	const { store } = server.navette;
	const sophie = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	tasksName = tasksDocName(sophie.firmId);
	requestsName = requestsDocName(sophie.firmId, sophie.clientId!);
	const connect = async (name: string) => {
		const provider = fileConnectProvider({
			url: server.url,
			origin: server.origin,
			name,
			token: await server.tokenFor(DEMO_ACCOUNTS.claire)
		});
		await provider.synced;
		return provider;
	};
	claire.tasks = await connect(tasksName);
	claire.requests = await connect(requestsName);
});

/** Resolves with the reason the server gave when it closed this document's connection. */
function closed(provider: TestProvider): Promise<string> {
	return new Promise((resolve) =>
		provider.provider.on('close', ({ event }: { event: { reason: string } }) =>
			resolve(event.reason)
		)
	);
}

const entry = (doc: Y.Doc, root: Kind) => {
	const id = (root === 'tasks' ? readTasks(doc) : readRequests(doc))[0]!.id;
	return (doc.getMap(root) as Y.Map<Y.Map<unknown>>).get(id)!;
};

/** A document's two roots as JSON (reading a root the document lacks would add it). */
const json = (doc: Y.Doc, kind: Kind) =>
	JSON.stringify([doc.getMap('meta').toJSON(), doc.getMap(kind).toJSON()]);

const nameOf = (kind: Kind) => (kind === 'tasks' ? tasksName : requestsName);

/** What the server holds: the live document. */
const live = (kind: Kind) => json(server.navette.hocuspocus.documents.get(nameOf(kind))!, kind);

/** What the store holds (snapshot and log). */
async function stored(kind: Kind): Promise<string> {
	return json(await storedDocument(server.navette.store, nameOf(kind)), kind);
}

const FORBIDDEN: [name: string, kind: Kind, tamper: (doc: Y.Doc) => void][] = [
	['write taskId into a task', 'tasks', (doc) => entry(doc, 'tasks').set('taskId', 'tache-pirate')],
	[
		'write a description into a task',
		'tasks',
		(doc) => entry(doc, 'tasks').set('description', 'Description pirate')
	],
	[
		'write a thread into a task',
		'tasks',
		(doc) => entry(doc, 'tasks').set('comments', new Y.Array<unknown>())
	],
	[
		'write a client into a request',
		'requests',
		(doc) => entry(doc, 'requests').set('clientId', 'client-pirate')
	],
	[
		'write a period into a request',
		'requests',
		(doc) => entry(doc, 'requests').set('period', '2019-04')
	]
];

describe('staff may not', () => {
	for (const [name, kind, tamper] of FORBIDDEN) {
		it(name, async ({ syncedProvider }) => {
			const paul = await syncedProvider(server, DEMO_ACCOUNTS.paul, nameOf(kind));
			const [before, storedBefore] = [live(kind), await stored(kind)];
			const reason = closed(paul);
			tamper(paul.doc);
			// An accepted update would be acknowledged instead: the test then fails at once.
			expect(await Promise.race([reason, paul.saved().then(() => 'stored')])).toBe(UPDATE_REFUSED);
			expect(live(kind)).toBe(before);
			expect(await stored(kind)).toBe(storedBefore);
			// Claire's copy equals the server's: nothing was relayed.
			expect(json(claire[kind]!.doc, kind)).toBe(before);
			paul.destroy();
		});
	}
});

describe('staff may still', () => {
	it('edit a task, which the firm sees and the store keeps', async ({ syncedProvider }) => {
		const paul = await syncedProvider(server, DEMO_ACCOUNTS.paul, tasksName);
		const task = readTasks(paul.doc)[0]!;
		updateTask(paul.doc, task.id, { title: 'TVA 05/2019' }, { id: 'paul', name: 'Paul' });
		await paul.saved();
		await expect.poll(() => readTasks(claire.tasks!.doc)[0]?.title).toBe('TVA 05/2019');
		const tasks = await stored('tasks');
		expect(tasks).toContain('TVA 05/2019');
		for (const marker of ['tache-pirate', 'Description pirate', '"comments":']) {
			expect(tasks).not.toContain(marker);
		}
		expect(await stored('requests')).not.toContain('client-pirate');
	});
});
