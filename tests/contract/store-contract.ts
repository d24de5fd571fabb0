import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/lib/server/store/Store.ts';

export interface StoreHarness {
	store: Store;
	/** Closes the store and opens it again on the same data. */
	reopen(): Promise<Store>;
	cleanup(): Promise<void>;
}

/** A merge that keeps every part, length-prefixed, so a test can see exactly what was merged. */
function concat(parts: Uint8Array[]): Uint8Array {
	const out: number[] = [];
	for (const part of parts) out.push(part.length, ...part);
	return new Uint8Array(out);
}

const bytes = (...values: number[]) => new Uint8Array(values);

/**
 * The behaviour every `Store` implementation owes Navette (modelled on tldraw's storage contract
 * suite). Run it from one spec per implementation, with a harness that opens a fresh, empty store.
 */
export function storeContractSuite(name: string, open: () => Promise<StoreHarness>): void {
	describe(`Store contract: ${name}`, () => {
		let h: StoreHarness;
		let store: Store;

		beforeEach(async () => {
			h = await open();
			store = h.store;
		});
		afterEach(async () => {
			await h.cleanup();
		});

		async function firmWithClient() {
			const firm = await store.createFirm({ name: 'Cabinet' });
			const client = await store.createClient({ firmId: firm.id, name: 'Alter Ce' });
			return { firm, client };
		}

		async function user(firmId: string, email: string, clientId: string | null = null) {
			return store.createUser({
				firmId,
				email,
				name: email.split('@')[0]!,
				role: clientId ? 'client' : 'collaborator',
				clientId,
				passwordHash: 'hash'
			});
		}

		describe('firms and clients', () => {
			it('starts empty, then holds firms and their clients by name', async () => {
				expect(await store.isEmpty()).toBe(true);
				const { firm, client } = await firmWithClient();
				expect(await store.isEmpty()).toBe(false);
				expect(await store.getFirm(firm.id)).toEqual(firm);
				await store.createClient({ firmId: firm.id, name: 'Boulangerie' });
				const other = await store.createFirm({ name: 'Autre' });
				await store.createClient({ firmId: other.id, name: 'Ailleurs' });
				expect((await store.listClients(firm.id)).map((c) => c.name)).toEqual([
					'Alter Ce',
					'Boulangerie'
				]);
				expect(await store.getClient(client.id)).toEqual(client);
				expect(client.archivedAt).toBeNull();
				expect(await store.getFirm('missing')).toBeNull();
				expect(await store.getClient('missing')).toBeNull();
			});
		});

		describe('users', () => {
			it('finds users by e-mail case-insensitively and keeps e-mails unique', async () => {
				const { firm } = await firmWithClient();
				const created = await user(firm.id, ' Paul.Durand@Cabinet.fr ');
				expect(created.email).toBe('paul.durand@cabinet.fr');
				expect((await store.getUserByEmail('PAUL.durand@cabinet.fr'))?.id).toBe(created.id);
				expect(await store.getUser(created.id)).toEqual(created);
				await expect(user(firm.id, 'paul.durand@CABINET.fr')).rejects.toMatchObject({
					code: 'EMAIL_TAKEN'
				});
			});

			it('ties client users to a client, and staff to none', async () => {
				const { firm, client } = await firmWithClient();
				const contact = await user(firm.id, 'sophie@alterce.fr', client.id);
				expect(contact).toMatchObject({ role: 'client', clientId: client.id });
				await expect(
					store.createUser({
						firmId: firm.id,
						email: 'x@y.fr',
						name: 'X',
						role: 'client',
						clientId: null,
						passwordHash: 'h'
					})
				).rejects.toThrow();
				await expect(
					store.createUser({
						firmId: firm.id,
						email: 'z@y.fr',
						name: 'Z',
						role: 'admin',
						clientId: client.id,
						passwordHash: 'h'
					})
				).rejects.toThrow();
			});

			it('lists a firm’s users by name and disables them', async () => {
				const { firm } = await firmWithClient();
				await user(firm.id, 'zoe@c.fr');
				const anna = await user(firm.id, 'anna@c.fr');
				expect((await store.listUsers(firm.id)).map((u) => u.email)).toEqual([
					'anna@c.fr',
					'zoe@c.fr'
				]);
				await store.setUserDisabled(anna.id, true);
				expect((await store.getUser(anna.id))?.disabledAt).toBeTruthy();
				await store.setUserDisabled(anna.id, false);
				expect((await store.getUser(anna.id))?.disabledAt).toBeNull();
			});
		});

		describe('sessions', () => {
			it('creates, slides, ends and expires sessions', async () => {
				const { firm } = await firmWithClient();
				const u = await user(firm.id, 'a@c.fr');
				const later = new Date(Date.now() + 3600_000).toISOString();
				const session = await store.createSession({ id: 's1', userId: u.id, expiresAt: later });
				expect(await store.getSession('s1')).toEqual(session);
				const evenLater = new Date(Date.now() + 7200_000).toISOString();
				await store.touchSession('s1', evenLater);
				expect((await store.getSession('s1'))?.expiresAt).toBe(evenLater);
				await store.touchSession('unknown', evenLater);

				await store.createSession({ id: 's2', userId: u.id, expiresAt: later });
				await store.createSession({
					id: 'old',
					userId: u.id,
					expiresAt: '2000-01-01T00:00:00.000Z'
				});
				expect(await store.deleteExpiredSessions(new Date().toISOString())).toBe(1);
				expect(await store.getSession('old')).toBeNull();
				await store.deleteSession('s1');
				expect(await store.getSession('s1')).toBeNull();
				await store.deleteUserSessions(u.id);
				expect(await store.getSession('s2')).toBeNull();
			});
		});

		describe('documents', () => {
			it('returns null for a document never stored, and the log in append order', async () => {
				expect(await store.loadDocument('doc')).toBeNull();
				await store.appendUpdate('doc', bytes(1));
				await store.appendUpdate('doc', bytes(2, 2));
				await store.appendUpdate('other', bytes(9));
				expect(await store.loadDocument('doc')).toEqual({
					snapshot: null,
					updates: [bytes(1), bytes(2, 2)]
				});
				expect(await store.countUpdates('doc')).toBe(2);
			});

			it('compacts snapshot + log into a new snapshot and keeps what came after', async () => {
				await store.appendUpdate('doc', bytes(1));
				await store.appendUpdate('doc', bytes(2));
				await store.compactDocument('doc', concat);
				expect(await store.loadDocument('doc')).toEqual({
					snapshot: bytes(1, 1, 1, 2),
					updates: []
				});
				await store.appendUpdate('doc', bytes(3));
				const seen: Uint8Array[][] = [];
				await store.compactDocument('doc', (parts) => {
					seen.push(parts);
					return concat(parts);
				});
				expect(seen).toEqual([[bytes(1, 1, 1, 2), bytes(3)]]);
				await store.compactDocument('doc', () => {
					throw new Error('nothing new: merge must not be called');
				});
				expect(await store.countUpdates('doc')).toBe(0);
			});

			it('loses nothing when the merge fails', async () => {
				await store.appendUpdate('doc', bytes(1));
				await store.appendUpdate('doc', bytes(2));
				await expect(
					store.compactDocument('doc', () => {
						throw new Error('merge failed');
					})
				).rejects.toThrow('merge failed');
				expect(await store.loadDocument('doc')).toEqual({
					snapshot: null,
					updates: [bytes(1), bytes(2)]
				});
			});

			it('keeps documents apart and binary data byte for byte, large ones included', async () => {
				const large = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) % 256);
				await store.appendUpdate('a', large);
				await store.appendUpdate('b', bytes(0, 255, 0));
				await store.compactDocument('b', concat);
				expect((await store.loadDocument('a'))?.updates[0]).toEqual(large);
				expect(await store.countUpdates('a')).toBe(1);
			});

			it('rebuilds a real Yjs document from snapshot + log', async () => {
				const doc = new Y.Doc();
				doc.on('update', (update: Uint8Array) => void store.appendUpdate('yjs', update));
				const map = doc.getMap<string>('tasks');
				map.set('a', 'un');
				map.set('b', 'deux');
				await store.compactDocument('yjs', Y.mergeUpdates);
				map.set('c', 'trois');
				map.delete('a');
				await expect.poll(() => store.countUpdates('yjs')).toBe(2);
				const stored = (await store.loadDocument('yjs'))!;
				const copy = new Y.Doc();
				Y.applyUpdate(copy, stored.snapshot!);
				for (const update of stored.updates) Y.applyUpdate(copy, update);
				expect(copy.getMap('tasks').toJSON()).toEqual({ b: 'deux', c: 'trois' });
			});
		});

		describe('files and audit', () => {
			it('records files and finds them by id', async () => {
				const { firm, client } = await firmWithClient();
				const u = await user(firm.id, 'sophie@alterce.fr', client.id);
				const file = await store.createFile({
					firmId: firm.id,
					clientId: client.id,
					requestId: 'r1',
					sha256: 'abc',
					size: 1234,
					mime: 'application/pdf',
					name: 'Relevé avril.pdf',
					gedPath: 'Alter Ce/2019/TVA/2019-04/Relevé avril.pdf',
					uploadedBy: u.id
				});
				expect(await store.getFile(file.id)).toEqual(file);
				expect(await store.getFile('missing')).toBeNull();
			});

			it('lists a firm’s audit entries newest first, up to a limit', async () => {
				const { firm } = await firmWithClient();
				for (const action of ['un', 'deux', 'trois']) {
					await store.appendAudit({
						firmId: firm.id,
						userId: null,
						action,
						target: null,
						detail: null
					});
				}
				await store.appendAudit({
					firmId: 'other',
					userId: null,
					action: 'x',
					target: null,
					detail: null
				});
				expect((await store.listAudit(firm.id, 2)).map((e) => e.action)).toEqual(['trois', 'deux']);
			});
		});

		describe('durability', () => {
			it('keeps everything across a close and reopen', async () => {
				const { firm, client } = await firmWithClient();
				const u = await user(firm.id, 'a@c.fr');
				await store.appendUpdate('doc', bytes(7));
				await store.appendUpdate('doc', bytes(8));
				await store.compactDocument('doc', concat);
				await store.appendUpdate('doc', bytes(9));
				store = await h.reopen();
				expect(await store.getClient(client.id)).toEqual(client);
				expect(await store.getUser(u.id)).toEqual(u);
				expect(await store.loadDocument('doc')).toEqual({
					snapshot: bytes(1, 7, 1, 8),
					updates: [bytes(9)]
				});
			});
		});
	});
}
