import { describe, expect, it, vi } from 'vitest';
import {
	clientUser,
	type ContractContext,
	firmWithClient,
	inHours,
	ISO_INSTANT,
	staffUser,
	UUID
} from './contract-context.ts';

/** Firms, users, clients and sessions: the relational half of the contract. */
export function accountsContract(ctx: ContractContext): void {
	describe('firms', () => {
		it('is empty until a firm exists', async () => {
			expect(await ctx.store.isEmpty()).toBe(true);
			await ctx.store.createFirm({ name: 'Cabinet' });
			expect(await ctx.store.isEmpty()).toBe(false);
		});

		it('sets up the first firm and its administrator once, and never over an existing firm', async () => {
			const done = await ctx.store.setupFirm({
				firmName: 'Cabinet Neuf',
				admin: { name: 'Anne Neuf', email: ' Anne@Cabinet-Neuf.FR ', passwordHash: 'hash' }
			});
			expect(done).not.toBeNull();
			expect(done!.firm).toMatchObject({ name: 'Cabinet Neuf' });
			expect(done!.firm.id).toMatch(UUID);
			expect(done!.user).toMatchObject({
				firmId: done!.firm.id,
				email: 'anne@cabinet-neuf.fr',
				name: 'Anne Neuf',
				role: 'admin',
				clientId: null,
				disabledAt: null
			});
			expect(await ctx.store.getFirm(done!.firm.id)).toEqual(done!.firm);
			expect(await ctx.store.getUser(done!.user.id)).toEqual(done!.user);
			expect(await ctx.store.isEmpty()).toBe(false);

			const again = await ctx.store.setupFirm({
				firmName: 'Second',
				admin: { name: 'Bob', email: 'bob@second.fr', passwordHash: 'hash' }
			});
			expect(again).toBeNull();
			expect(await ctx.store.getUserByEmail('bob@second.fr')).toBeNull();
		});

		it('does not set up a firm when one was created otherwise', async () => {
			await ctx.store.createFirm({ name: 'Existant' });
			const attempt = await ctx.store.setupFirm({
				firmName: 'Nouveau',
				admin: { name: 'Bob', email: 'bob@nouveau.fr', passwordHash: 'hash' }
			});
			expect(attempt).toBeNull();
			expect(await ctx.store.getUserByEmail('bob@nouveau.fr')).toBeNull();
		});

		it('creates firms with a random id and an ISO timestamp, or the id it is given', async () => {
			const firm = await ctx.store.createFirm({ name: 'Cabinet Martin & Associés' });
			expect(firm.id).toMatch(UUID);
			expect(firm.createdAt).toMatch(ISO_INSTANT);
			expect(await ctx.store.getFirm(firm.id)).toEqual(firm);
			const chosen = await ctx.store.createFirm({ id: 'firm-1', name: 'Autre' });
			expect(await ctx.store.getFirm('firm-1')).toEqual(chosen);
			await expect(ctx.store.createFirm({ id: 'firm-1', name: 'Doublon' })).rejects.toThrow();
			expect(await ctx.store.getFirm('missing')).toBeNull();
		});
	});

	describe('users', () => {
		it('stores e-mails trimmed, NFC and lower-cased, and finds users by any case', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const paul = await staffUser(ctx.store, firm.id, ' Paul.Durand@Cabinet-Martin.FR ');
			expect(paul).toMatchObject({ email: 'paul.durand@cabinet-martin.fr', disabledAt: null });
			expect(paul.id).toMatch(UUID);
			expect(paul.createdAt).toMatch(ISO_INSTANT);
			expect(await ctx.store.getUser(paul.id)).toEqual(paul);
			expect(await ctx.store.getUserByEmail('PAUL.DURAND@cabinet-martin.fr ')).toEqual(paul);

			const decomposed = await staffUser(ctx.store, firm.id, 'E\u0301lodie@cabinet-martin.fr');
			expect(decomposed.email).toBe('\u00e9lodie@cabinet-martin.fr');
			expect((await ctx.store.getUserByEmail('\u00c9LODIE@cabinet-martin.fr'))?.id).toBe(
				decomposed.id
			);
			expect(await ctx.store.getUserByEmail('nobody@cabinet-martin.fr')).toBeNull();
			expect(await ctx.store.getUser('missing')).toBeNull();
		});

		it('refuses an address in use, in any case and any firm, with EMAIL_TAKEN', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const paul = await staffUser(ctx.store, firm.id, 'paul.durand@cabinet-martin.fr');
			const other = await ctx.store.createFirm({ name: 'Autre cabinet' });
			const attempt = staffUser(ctx.store, other.id, ' PAUL.durand@Cabinet-Martin.fr');
			await expect(attempt).rejects.toBeInstanceOf(Error);
			await expect(attempt).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
			expect(await ctx.store.listUsers(other.id)).toEqual([]);
			expect(await ctx.store.getUserByEmail(paul.email)).toEqual(paul);
		});

		it('ties client users to exactly one client of their own firm', async () => {
			const { firm, client } = await firmWithClient(ctx.store);
			const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
			expect(sophie).toMatchObject({ role: 'client', clientId: client.id, firmId: firm.id });
			const other = await firmWithClient(ctx.store, { firm: 'Autre', client: 'Ailleurs' });
			const base = { firmId: firm.id, name: 'X', passwordHash: 'h' };
			const refused = [
				{ ...base, email: 'a@x.fr', role: 'client' as const, clientId: null },
				{ ...base, email: 'b@x.fr', role: 'admin' as const, clientId: client.id },
				{ ...base, email: 'c@x.fr', role: 'collaborator' as const, clientId: client.id },
				{ ...base, email: 'd@x.fr', role: 'client' as const, clientId: other.client.id },
				{ ...base, email: 'e@x.fr', role: 'client' as const, clientId: 'missing' },
				{ ...base, email: 'f@x.fr', firmId: 'missing', role: 'admin' as const, clientId: null }
			];
			for (const input of refused) {
				await expect(ctx.store.createUser(input), input.email).rejects.toThrow();
				expect(await ctx.store.getUserByEmail(input.email)).toBeNull();
			}
		});

		it('lists the users of one firm in French name order', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const names = ['Zoé Roux', 'élodie Petit', 'Bernard Abel', 'Ève Martin', 'alain Durand'];
			for (const [i, name] of names.entries()) {
				await staffUser(ctx.store, firm.id, `u${i}@cabinet-martin.fr`, name);
			}
			const other = await ctx.store.createFirm({ name: 'Autre' });
			await staffUser(ctx.store, other.id, 'aaron@autre.fr', 'Aaron');
			expect((await ctx.store.listUsers(firm.id)).map((u) => u.name)).toEqual([
				'alain Durand',
				'Bernard Abel',
				'élodie Petit',
				'Ève Martin',
				'Zoé Roux'
			]);
		});

		it('disables and enables users, keeping the date of the first disabling', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const anna = await staffUser(ctx.store, firm.id, 'anna@cabinet-martin.fr');
			await ctx.store.setUserDisabled(anna.id, true);
			const since = (await ctx.store.getUser(anna.id))!.disabledAt;
			expect(since).toMatch(ISO_INSTANT);
			await vi.waitFor(() => expect(new Date().toISOString() > since!).toBe(true));
			await ctx.store.setUserDisabled(anna.id, true);
			expect((await ctx.store.getUser(anna.id))?.disabledAt).toBe(since);
			await ctx.store.setUserDisabled(anna.id, false);
			expect(await ctx.store.getUser(anna.id)).toEqual(anna);
			await ctx.store.setUserDisabled('missing', true);
		});

		it('changes staff roles, never a client user’s', async () => {
			const { firm, client } = await firmWithClient(ctx.store);
			const anna = await staffUser(ctx.store, firm.id, 'anna@cabinet-martin.fr');
			await ctx.store.setStaffRole(anna.id, 'admin');
			expect((await ctx.store.getUser(anna.id))?.role).toBe('admin');
			await ctx.store.setStaffRole(anna.id, 'collaborator');
			expect((await ctx.store.getUser(anna.id))?.role).toBe('collaborator');
			const sophie = await ctx.store.createUser({
				firmId: firm.id,
				email: 'sophie@alterce.fr',
				name: 'Sophie',
				role: 'client',
				clientId: client.id,
				passwordHash: 'x'
			});
			await ctx.store.setStaffRole(sophie.id, 'admin');
			expect(await ctx.store.getUser(sophie.id)).toEqual(sophie);
		});

		it('records the last sign-in', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const anna = await staffUser(ctx.store, firm.id, 'anna@cabinet-martin.fr');
			expect(anna.lastLoginAt).toBeNull();
			await ctx.store.recordLogin(anna.id, '2026-11-28T10:00:00.000Z');
			expect((await ctx.store.getUser(anna.id))?.lastLoginAt).toBe('2026-11-28T10:00:00.000Z');
		});
	});

	describe('clients', () => {
		it('creates the clients of a firm and lists them in French name order', async () => {
			const firm = await ctx.store.createFirm({ name: 'Cabinet' });
			const names = ['Dupont Maçonnerie', 'Écurie du Lac', 'boulangerie Roux', 'Alter Ce'];
			const created = [];
			for (const name of names)
				created.push(await ctx.store.createClient({ firmId: firm.id, name }));
			const chosen = await ctx.store.createClient({ id: 'c-1', firmId: firm.id, name: 'Zénith' });
			const other = await ctx.store.createFirm({ name: 'Autre' });
			await ctx.store.createClient({ firmId: other.id, name: 'Ailleurs' });

			expect(created[0]).toMatchObject({ firmId: firm.id, archivedAt: null });
			expect(created[0]!.id).toMatch(UUID);
			expect(created[0]!.createdAt).toMatch(ISO_INSTANT);
			expect(await ctx.store.getClient(created[0]!.id)).toEqual(created[0]);
			expect(await ctx.store.getClient('c-1')).toEqual(chosen);
			expect((await ctx.store.listClients(firm.id)).map((c) => c.name)).toEqual([
				'Alter Ce',
				'boulangerie Roux',
				'Dupont Maçonnerie',
				'Écurie du Lac',
				'Zénith'
			]);
			expect(await ctx.store.getClient('missing')).toBeNull();
			expect(await ctx.store.listClients('missing')).toEqual([]);
		});

		it('refuses a client of an unknown firm', async () => {
			await expect(ctx.store.createClient({ firmId: 'missing', name: 'X' })).rejects.toThrow();
		});

		it('keeps a client’s details, edits them, and archives and restores it', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const anna = await staffUser(ctx.store, firm.id, 'anna@cabinet-martin.fr');
			const bare = await ctx.store.createClient({ firmId: firm.id, name: 'Sans détails' });
			expect(bare).toMatchObject({
				siren: null,
				closingDate: '12-31',
				vatRegime: null,
				managerId: null
			});
			const details = {
				name: 'Boulangerie Neuve',
				siren: '13000548100010',
				closingDate: '06-30',
				vatRegime: 'trimestriel' as const,
				managerId: anna.id
			};
			const client = await ctx.store.createClient({ firmId: firm.id, ...details });
			expect(await ctx.store.getClient(client.id)).toEqual({ ...client, ...details });
			await ctx.store.updateClient(client.id, {
				...details,
				name: 'Boulangerie Vieille',
				siren: null
			});
			expect(await ctx.store.getClient(client.id)).toMatchObject({
				name: 'Boulangerie Vieille',
				siren: null
			});
			await ctx.store.setClientArchived(client.id, true);
			const since = (await ctx.store.getClient(client.id))!.archivedAt;
			expect(since).toMatch(ISO_INSTANT);
			await ctx.store.setClientArchived(client.id, true);
			expect((await ctx.store.getClient(client.id))!.archivedAt).toBe(since);
			await ctx.store.setClientArchived(client.id, false);
			expect((await ctx.store.getClient(client.id))!.archivedAt).toBeNull();
		});

		it('creates a batch of clients all or none', async () => {
			const { firm } = await firmWithClient(ctx.store);
			const batch = await ctx.store.createClients([
				{ firmId: firm.id, name: 'Un' },
				{ firmId: firm.id, name: 'Deux' }
			]);
			expect(batch.map((c) => c.name)).toEqual(['Un', 'Deux']);
			await expect(
				ctx.store.createClients([
					{ firmId: firm.id, name: 'Trois' },
					{ firmId: 'missing', name: 'Quatre' }
				])
			).rejects.toThrow();
			const names = (await ctx.store.listClients(firm.id)).map((c) => c.name);
			expect(names).not.toContain('Trois');
		});
	});

	describe('single-use links', () => {
		const link = (userId: string, id: string, purpose: 'invite' | 'reset' = 'invite') => ({
			id,
			userId,
			purpose,
			createdBy: null,
			expiresAt: inHours(24 * 7)
		});

		it('stores a link by its digest, pending, and finds it back', async () => {
			const { client } = await firmWithClient(ctx.store);
			const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
			const created = await ctx.store.createLink(link(sophie.id, 'digest-1'));
			expect(created).toMatchObject({ id: 'digest-1', userId: sophie.id, usedAt: null });
			expect(created.createdAt).toMatch(ISO_INSTANT);
			expect(await ctx.store.getLink('digest-1')).toEqual(created);
			expect(await ctx.store.getLink('missing')).toBeNull();
			expect(await ctx.store.listLinks(sophie.id)).toEqual([created]);
		});

		it('revokes the pending link of the same purpose when a new one is made', async () => {
			const { client } = await firmWithClient(ctx.store);
			const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
			await ctx.store.createLink(link(sophie.id, 'first'));
			await ctx.store.createLink(link(sophie.id, 'reset', 'reset'));
			await ctx.store.createLink(link(sophie.id, 'second'));
			expect((await ctx.store.getLink('first'))?.revokedAt).toMatch(ISO_INSTANT);
			expect((await ctx.store.getLink('reset'))?.revokedAt).toBeNull();
			expect((await ctx.store.getLink('second'))?.revokedAt).toBeNull();
			expect(await ctx.store.revokeLinks(sophie.id)).toBe(2);
			expect((await ctx.store.getLink('second'))?.revokedAt).toMatch(ISO_INSTANT);
		});

		it('redeems a valid link once: password set, link used, sessions ended', async () => {
			const { client } = await firmWithClient(ctx.store);
			const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
			await ctx.store.createSession({ id: 's1', userId: sophie.id, expiresAt: inHours(1) });
			await ctx.store.createLink(link(sophie.id, 'digest-1'));
			const now = new Date().toISOString();
			const done = await ctx.store.redeemLink('digest-1', 'new-hash', now);
			expect(done.state).toBe('valid');
			expect(done.user).toMatchObject({ id: sophie.id, passwordHash: 'new-hash' });
			expect((await ctx.store.getUser(sophie.id))?.passwordHash).toBe('new-hash');
			expect((await ctx.store.getLink('digest-1'))?.usedAt).toBe(now);
			expect(await ctx.store.getSession('s1')).toBeNull();

			const again = await ctx.store.redeemLink('digest-1', 'other-hash', now);
			expect(again).toEqual({ state: 'used', user: null });
			expect((await ctx.store.getUser(sophie.id))?.passwordHash).toBe('new-hash');
		});

		it('refuses unknown, expired, revoked links and disabled users, changing nothing', async () => {
			const { client } = await firmWithClient(ctx.store);
			const sophie = await clientUser(ctx.store, client, 'sophie.leroy@alterce.fr');
			const before = sophie.passwordHash;
			const now = new Date().toISOString();
			expect(await ctx.store.redeemLink('nope', 'h', now)).toEqual({
				state: 'unknown',
				user: null
			});
			await ctx.store.createLink({ ...link(sophie.id, 'old'), expiresAt: inHours(-1) });
			expect((await ctx.store.redeemLink('old', 'h', now)).state).toBe('expired');
			await ctx.store.createLink(link(sophie.id, 'revoked'));
			await ctx.store.revokeLinks(sophie.id);
			expect((await ctx.store.redeemLink('revoked', 'h', now)).state).toBe('revoked');
			await ctx.store.createLink(link(sophie.id, 'disabled'));
			await ctx.store.setUserDisabled(sophie.id, true);
			expect((await ctx.store.redeemLink('disabled', 'h', now)).state).toBe('revoked');
			expect((await ctx.store.getUser(sophie.id))?.passwordHash).toBe(before);
			expect((await ctx.store.getLink('disabled'))?.usedAt).toBeNull();
		});
	});

	describe('sessions', () => {
		async function someone(email = 'claire.martin@cabinet-martin.fr') {
			const firm = (await ctx.store.createFirm({ name: 'Cabinet' })).id;
			return staffUser(ctx.store, firm, email);
		}

		it('creates and reads sessions, with canonical timestamps', async () => {
			const claire = await someone();
			const session = await ctx.store.createSession({
				id: 'sha256-of-secret',
				userId: claire.id,
				expiresAt: '2030-01-01T02:00:00+02:00'
			});
			expect(session).toMatchObject({ id: 'sha256-of-secret', userId: claire.id });
			expect(session.expiresAt).toBe('2030-01-01T00:00:00.000Z');
			expect(session.createdAt).toMatch(ISO_INSTANT);
			expect(session.lastSeenAt).toBe(session.createdAt);
			expect(await ctx.store.getSession(session.id)).toEqual(session);
			expect(await ctx.store.getSession('missing')).toBeNull();
			const orphan = { id: 'o', userId: 'missing', expiresAt: inHours(1) };
			await expect(ctx.store.createSession(orphan)).rejects.toThrow();
		});

		it('slides the expiry and records the visit; ignores an unknown id', async () => {
			const claire = await someone();
			const session = await ctx.store.createSession({
				id: 's1',
				userId: claire.id,
				expiresAt: inHours(1)
			});
			await vi.waitFor(() => expect(new Date().toISOString() > session.lastSeenAt).toBe(true));
			const later = inHours(2);
			await ctx.store.touchSession('s1', later);
			const touched = await ctx.store.getSession('s1');
			expect(touched).toMatchObject({ expiresAt: later, createdAt: session.createdAt });
			expect(touched!.lastSeenAt > session.lastSeenAt).toBe(true);
			await ctx.store.touchSession('missing', later);
			expect(await ctx.store.getSession('missing')).toBeNull();
		});

		it('ends one session, or every session of one user', async () => {
			const claire = await someone();
			const paul = await staffUser(ctx.store, claire.firmId, 'paul.durand@cabinet-martin.fr');
			for (const [id, userId] of [
				['c1', claire.id],
				['c2', claire.id],
				['p1', paul.id]
			] as const) {
				await ctx.store.createSession({ id, userId, expiresAt: inHours(1) });
			}
			await ctx.store.deleteSession('c1');
			expect(await ctx.store.getSession('c1')).toBeNull();
			expect(await ctx.store.getSession('c2')).not.toBeNull();
			await ctx.store.deleteUserSessions(claire.id);
			expect(await ctx.store.getSession('c2')).toBeNull();
			expect(await ctx.store.getSession('p1')).not.toBeNull();
			await ctx.store.deleteSession('missing');
		});

		it('deletes sessions expired at an instant (expiry included) and counts them', async () => {
			const claire = await someone();
			const expiries = {
				old: '2000-01-01T00:00:00.000Z',
				edge: '2030-01-01T00:00:00.000Z',
				live: inHours(24 * 365 * 100)
			};
			for (const [id, expiresAt] of Object.entries(expiries)) {
				await ctx.store.createSession({ id, userId: claire.id, expiresAt });
			}
			// 01:30 at +02:00 is 23:30 the day before: before `edge`, though later as text.
			expect(await ctx.store.deleteExpiredSessions('2030-01-01T01:30:00+02:00')).toBe(1);
			expect(await ctx.store.getSession('old')).toBeNull();
			expect(await ctx.store.getSession('edge')).not.toBeNull();
			expect(await ctx.store.deleteExpiredSessions(expiries.edge)).toBe(1);
			expect(await ctx.store.deleteExpiredSessions(expiries.edge)).toBe(0);
			expect(await ctx.store.getSession('live')).not.toBeNull();
		});
	});
}
