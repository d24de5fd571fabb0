import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import { loginCookie, pageData, postAction, redeemLink } from '../helpers/http.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/** `/cabinet/equipe` against the real process, as each role would try it. No SMTP here. */
let server: SpawnedNavette;
let origin: string;
let claire: string;
let dataDir: string;

test.beforeAll(async ({ fileTempDir, fileSpawnNavette }) => {
	dataDir = fileTempDir;
	server = await fileSpawnNavette({ dataDir });
	origin = server.origin;
	claire = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
});

interface Member {
	id: string;
	name: string;
	role: string;
	status: string;
}

async function staff(): Promise<Member[]> {
	return (await pageData(origin, claire, '/cabinet/equipe')).at(-1)!.staff as Member[];
}

async function idOf(name: string): Promise<string> {
	return (await staff()).find((m) => m.name === name)!.id;
}

/** The HTTP status the team page's data answers with for `cookie` (an error node's, if any). */
async function pageStatus(cookie: string): Promise<number> {
	const response = await fetch(`${origin}/cabinet/equipe/__data.json`, { headers: { cookie } });
	const text = await response.text();
	const payload = JSON.parse(text) as { nodes?: ({ type: string; status?: number } | null)[] };
	const failed = payload.nodes?.find((node) => node?.type === 'error');
	if (failed) expect(text).not.toContain('@cabinet-martin.fr');
	return failed?.status ?? response.status;
}

describe('staff management', () => {
	it('is for administrators only: page and every action, whoever else asks', async () => {
		const paul = await loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		const sophie = await loginCookie(origin, DEMO_ACCOUNTS.sophie, DEMO_PASSWORD);
		const paulId = await idOf('Paul Durand');

		expect(await pageStatus(paul)).toBe(403);
		const portal = await fetch(`${origin}/cabinet/equipe`, {
			headers: { cookie: sophie },
			redirect: 'manual'
		});
		expect(portal.headers.get('location')).toBe('/portail');

		const attempts: [string, Record<string, string>][] = [
			['invite', { name: 'Intrus', email: 'intrus@example.fr', role: 'admin' }],
			['sendLink', { userId: paulId }],
			['revoke', { userId: paulId }],
			['setRole', { userId: paulId, role: 'admin' }],
			['deactivate', { userId: await idOf('Claire Martin') }],
			['reactivate', { userId: paulId }]
		];
		for (const [action, fields] of attempts) {
			const asPaul = await postAction(origin, paul, '/cabinet/equipe', action, fields);
			expect(asPaul, action).toMatchObject({ type: 'error', httpStatus: 403 });
			const asSophie = await postAction(origin, sophie, '/cabinet/equipe', action, fields);
			expect(asSophie, action).toMatchObject({ type: 'redirect', location: '/portail' });
			const anonymous = await postAction(origin, '', '/cabinet/equipe', action, fields);
			expect(anonymous.type, action).toBe('redirect');
			expect(anonymous.location, action).toMatch(/^\/login/);
		}
		expect((await staff()).map((m) => [m.name, m.role, m.status])).toEqual([
			['Claire Martin', 'admin', 'actif'],
			['Paul Durand', 'collaborator', 'actif']
		]);
	});

	it('invites a collaborator, who sets a password and works with that role only', async () => {
		const bad = await postAction(origin, claire, '/cabinet/equipe', 'invite', {
			name: 'Nina',
			email: DEMO_ACCOUNTS.paul,
			role: 'collaborator'
		});
		expect(bad.data?.errors).toEqual({ email: 'Cette adresse e-mail est déjà utilisée.' });
		const invited = await postAction(origin, claire, '/cabinet/equipe', 'invite', {
			name: 'Nina Roux',
			email: 'nina.roux@cabinet-martin.fr',
			role: 'collaborator'
		});
		expect(invited.data).toMatchObject({ purpose: 'invite', delivery: { sentTo: null } });
		const url = (invited.data!.delivery as { url: string }).url;
		expect((await staff()).find((m) => m.name === 'Nina Roux')?.status).toBe('invité');

		expect(await redeemLink(url, 'nina-mot-de-passe')).toBe('/cabinet/taches');
		expect(await redeemLink(url, 'autre-mot-de-passe')).toBeNull();
		const nina = await loginCookie(origin, 'nina.roux@cabinet-martin.fr', 'nina-mot-de-passe');
		const asNina = await postAction(origin, nina, '/cabinet/equipe', 'invite', {
			name: 'X',
			email: 'x@example.fr',
			role: 'admin'
		});
		expect(asNina.httpStatus).toBe(403);

		// Promoted, Nina manages the team; demoted again, she no longer does.
		const ninaId = await idOf('Nina Roux');
		await postAction(origin, claire, '/cabinet/equipe', 'setRole', {
			userId: ninaId,
			role: 'admin'
		});
		expect((await pageData(origin, nina, '/cabinet/equipe')).at(-1)!.staff).toHaveLength(3);
		await postAction(origin, claire, '/cabinet/equipe', 'setRole', {
			userId: ninaId,
			role: 'collaborator'
		});
		expect(await pageStatus(nina)).toBe(403);
	});

	it('reaches no client user and no other firm’s staff through its actions', async () => {
		// Another firm in the same store, written there as a second instance would.
		const store = SqliteStore.open(join(dataDir, 'navette.db'));
		const rival = await store.createFirm({ name: 'Cabinet Concurrent' });
		const theirAdmin = await store.createUser({
			firmId: rival.id,
			email: 'patron@concurrent.fr',
			name: 'Patron Concurrent',
			role: 'admin',
			clientId: null,
			passwordHash: 'x'
		});
		const sophie = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		await store.close();
		for (const target of [theirAdmin, sophie]) {
			for (const [action, extra] of [
				['setRole', { role: 'collaborator' }],
				['sendLink', {}],
				['revoke', {}],
				['deactivate', {}],
				['reactivate', {}]
			] as const) {
				const answer = await postAction(origin, claire, '/cabinet/equipe', action, {
					userId: target.id,
					...extra
				});
				expect(answer.data, `${action} ${target.email}`).toEqual({
					message: 'Membre de l’équipe introuvable.'
				});
			}
		}
		const after = SqliteStore.open(join(dataDir, 'navette.db'));
		expect(await after.getUser(theirAdmin.id)).toMatchObject({ role: 'admin', disabledAt: null });
		expect(await after.getUser(sophie.id)).toMatchObject({ role: 'client', disabledAt: null });
		expect(await after.listLinks(theirAdmin.id)).toEqual([]);
		await after.close();
	});

	it('never lets an administrator demote or deactivate itself', async () => {
		const me = await idOf('Claire Martin');
		const refusal =
			'Vous ne pouvez pas modifier votre propre rôle ni vous désactiver : demandez-le à un autre administrateur.';
		for (const [action, fields] of [
			['setRole', { userId: me, role: 'collaborator' }],
			['deactivate', { userId: me }]
		] as const) {
			const answer = await postAction(origin, claire, '/cabinet/equipe', action, fields);
			expect(answer.data).toEqual({ message: refusal });
		}
		expect((await staff()).find((m) => m.id === me)).toMatchObject({
			role: 'admin',
			status: 'actif'
		});
	});

	it('resets a collaborator’s password by a link: the old password and sessions end', async () => {
		const paul = await loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		const sent = await postAction(origin, claire, '/cabinet/equipe', 'sendLink', {
			userId: await idOf('Paul Durand')
		});
		expect(sent.data).toMatchObject({ purpose: 'reset' });
		const url = (sent.data!.delivery as { url: string }).url;
		expect(await redeemLink(url, 'paul-nouveau-mot-de-passe')).toBe('/cabinet/taches');
		await expect(loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD)).rejects.toThrow();
		const old = await fetch(`${origin}/cabinet/taches`, {
			headers: { cookie: paul },
			redirect: 'manual'
		});
		expect(old.headers.get('location')).toMatch(/^\/login/);
		await loginCookie(origin, DEMO_ACCOUNTS.paul, 'paul-nouveau-mot-de-passe');
	});

	it('deactivates a member, whose next request finds its session gone', async () => {
		const nina = await loginCookie(origin, 'nina.roux@cabinet-martin.fr', 'nina-mot-de-passe');
		const off = await postAction(origin, claire, '/cabinet/equipe', 'deactivate', {
			userId: await idOf('Nina Roux')
		});
		expect(off.type).toBe('success');
		const after = await fetch(`${origin}/cabinet/taches`, {
			headers: { cookie: nina },
			redirect: 'manual'
		});
		expect(after.headers.get('location')).toMatch(/^\/login/);
		expect((await staff()).find((m) => m.name === 'Nina Roux')?.status).toBe('désactivé');
		await expect(
			loginCookie(origin, 'nina.roux@cabinet-martin.fr', 'nina-mot-de-passe')
		).rejects.toThrow();

		// Reactivated, she signs in again with her password.
		const back = await postAction(origin, claire, '/cabinet/equipe', 'reactivate', {
			userId: await idOf('Nina Roux')
		});
		expect(back.type).toBe('success');
		expect((await staff()).find((m) => m.name === 'Nina Roux')?.status).toBe('actif');
		await loginCookie(origin, 'nina.roux@cabinet-martin.fr', 'nina-mot-de-passe');
	});
});
