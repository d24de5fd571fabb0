import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTask, readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie } from '../helpers/http.ts';
import { startNavette, type TestNavette } from '../helpers/navette.ts';
import { freePort } from '../helpers/ports.ts';
import { connectProvider } from '../helpers/providers.ts';
import { spawnNavette } from '../helpers/spawn.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'navette-life-'));
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

describe('process lifecycle', () => {
	it('on SIGTERM closes connections, compacts the log into a snapshot and exits 0', async () => {
		const dataDir = tempDir();
		const port = await freePort();
		const server = await spawnNavette({ port, dataDir });
		cleanups.push(() => server.kill('SIGKILL'));
		const cookie = await loginCookie(server.origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		const info = await collabToken(server.origin, cookie);
		const name = tasksDocName(info.firmId as string);
		const provider = connectProvider({
			url: `ws://127.0.0.1:${port}/collab`,
			origin: server.origin,
			name,
			token: async () => (await collabToken(server.origin, cookie)).token as string
		});
		cleanups.push(() => provider.destroy());
		await provider.synced;
		const closed = new Promise((resolve) => provider.provider.on('close', resolve));
		createTask(provider.doc, { title: 'Avant arrêt', clientId: 'c', assigneeId: 'a' }, ACTOR);
		await provider.saved();

		const exit = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
		server.child.kill('SIGTERM');
		expect(await exit).toBe(0);
		await closed;

		const store = SqliteStore.open(join(dataDir, 'navette.db'));
		cleanups.push(() => store.close());
		expect(await store.countUpdates(name)).toBe(0);
		const stored = await store.loadDocument(name);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, stored!.snapshot!);
		expect(readTasks(doc).map((t) => t.title)).toContain('Avant arrêt');
	});
});

const ACTOR = { id: 'test', name: 'Test' };

describe('a document that fails to load', () => {
	let server: TestNavette;

	it('is refused, never served empty, and what is stored stays as it was', async () => {
		server = await startNavette({ seed: 'demo' });
		cleanups.push(() => server.close());
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
		cleanups.push(() => provider.destroy());
		await expect(provider.synced).rejects.toThrow('authentication failed: document-unavailable');
		expect(readTasks(provider.doc)).toEqual([]);
		expect(server.navette.hocuspocus.documents.has(name)).toBe(false);
		const stored = await store.loadDocument(name);
		expect(stored!.snapshot).toEqual(garbage);
		expect(stored!.updates).toEqual([]);
	});
});
