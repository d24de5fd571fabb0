import * as Y from 'yjs';
import { describe, expect } from 'vitest';
import { createTask, readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie } from '../helpers/http.ts';
import { it } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/ports.ts';

describe('process lifecycle', () => {
	it('on SIGTERM closes connections, compacts the log into a snapshot and exits 0', async ({
		tempDir: dataDir,
		spawnNavette,
		connectProvider,
		openStore
	}) => {
		const port = await freePort();
		const server = await spawnNavette({ port, dataDir });
		const cookie = await loginCookie(server.origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		const info = await collabToken(server.origin, cookie);
		const name = tasksDocName(info.firmId as string);
		const provider = connectProvider({
			url: `ws://127.0.0.1:${port}/collab`,
			origin: server.origin,
			name,
			token: async () => (await collabToken(server.origin, cookie)).token as string
		});
		await provider.synced;
		const closed = new Promise((resolve) => provider.provider.on('close', resolve));
		createTask(provider.doc, { title: 'Avant arrêt', clientId: 'c', assigneeId: 'a' }, ACTOR);
		await provider.saved();

		const exit = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
		server.child.kill('SIGTERM');
		expect(await exit).toBe(0);
		await closed;

		const store = await openStore({ dataDir });
		expect(await store.countUpdates(name)).toBe(0);
		const stored = await store.loadDocument(name);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored!.snapshot!);
		expect(readTasks(doc).map((t) => t.title)).toContain('Avant arrêt');
	});
});

const ACTOR = { id: 'test', name: 'Test' };

describe('a document that fails to load', () => {
	it('is refused, never served empty, and what is stored stays as it was', async ({
		startNavette,
		connectProvider
	}) => {
		// Without the passes at start (recurring work; reminders, on a working day after their
		// hour), which would leave the tasks document loaded.
		const server = await startNavette({ seed: 'demo', recurring: false, reminders: false });
		const { store } = server.navette;
		const claire = (await store.getUserByEmail(DEMO_ACCOUNTS.claire))!;
		const name = tasksDocName(claire.firmId);
		// Corrupt the snapshot as a torn disk write would: bytes Yjs cannot read.
		const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);
		await store.compactDocument(name, () => garbage);

		const provider = connectProvider({
			url: server.url,
			origin: server.origin,
			name,
			token: await server.tokenFor(DEMO_ACCOUNTS.claire)
		});
		await expect(provider.synced).rejects.toThrow('authentication failed: document-unavailable');
		expect(readTasks(provider.doc)).toEqual([]);
		expect(server.navette.hocuspocus.documents.has(name)).toBe(false);
		const stored = await store.loadDocument(name);
		expect(stored!.snapshot).toEqual(garbage);
		expect(stored!.updates).toEqual([]);
	});
});
