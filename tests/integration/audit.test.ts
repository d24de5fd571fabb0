import { isHttpError } from '@sveltejs/kit';
import { describe, expect } from 'vitest';
import { readRequests } from '../../src/lib/doc/requests.ts';
import type { AuditAction } from '../../src/lib/domain/audit.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import {
	createClient,
	importClients,
	previewClientImport,
	setArchived,
	updateClient
} from '../../src/lib/server/admin/clients.ts';
import {
	addContact,
	revokeContactLinks,
	sendContactLink,
	setContactActive
} from '../../src/lib/server/admin/contacts.ts';
import {
	changeStaffRole,
	inviteStaff,
	revokeStaffLinks,
	sendStaffLink,
	setStaffActive
} from '../../src/lib/server/admin/team.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { toSessionUser, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { moveFile } from '../../src/lib/server/files/move.ts';
import type { AuditEntry, Store, User } from '../../src/lib/server/store/Store.ts';
import { deposit } from '../helpers/deposits.ts';
import { it, test } from '../helpers/fixtures.ts';
import { choosePassword, collabToken, loginCookie, postAction } from '../helpers/http.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/**
 * Every state-changing action, made through HTTP against the real process, writes one audit entry
 * (action, actor, target) from its service; and each service refuses, on its own, whoever may not
 * (a collaborator on the team, a client user anywhere in the firm, another firm's staff).
 */
let server: SpawnedNavette;
let origin: string;
/** The same database, opened beside the server as a second instance would. */
let store: Store;
let firmId: string;
const cookies = { claire: '', paul: '', sophie: '', rival: '' };
const users = {} as Record<'claire' | 'paul' | 'sophie', User>;
let alterCe: string;
const RIVAL = { email: 'admin@cabinet-rival.fr', password: 'un-mot-de-passe-rival' };

test.beforeAll(async ({ fileTempDir, fileSpawnNavette, fileOpenStore }) => {
	server = await fileSpawnNavette({ dataDir: fileTempDir });
	origin = server.origin;
	store = await fileOpenStore({ dataDir: fileTempDir });
	for (const who of ['claire', 'paul', 'sophie'] as const) {
		users[who] = (await store.getUserByEmail(DEMO_ACCOUNTS[who]))!;
		cookies[who] = await loginCookie(origin, DEMO_ACCOUNTS[who], DEMO_PASSWORD);
	}
	firmId = users.claire.firmId;
	alterCe = users.sophie.clientId!;
	const rival = await store.createFirm({ name: 'Cabinet Rival' });
	await store.createUser({
		firmId: rival.id,
		clientId: null,
		role: 'admin',
		name: 'Rémi Rival',
		email: RIVAL.email,
		passwordHash: await hashPassword(RIVAL.password)
	});
	cookies.rival = await loginCookie(origin, RIVAL.email, RIVAL.password);
});

/** The firm's audit entries written while `run` ran, oldest first. */
async function written(run: () => Promise<unknown>): Promise<AuditEntry[]> {
	const last = (await store.listAudit(firmId, 1))[0]?.id ?? 0;
	await run();
	const entries = await store.listAudit(firmId, 100);
	return entries.filter((entry) => entry.id > last).reverse();
}

function entry(action: AuditAction, userId: string | null, target: string | null, more = {}) {
	return expect.objectContaining({ firmId, action, userId, target, ...more });
}

/** A form action as `use:enhance` posts it, which must have succeeded. */
async function act(cookie: string, path: string, action: string, body: Record<string, string>) {
	const answer = await postAction(origin, cookie, path, action, body);
	expect(answer, `${path} ${action}`).toMatchObject({ type: 'success' });
	return answer.data ?? {};
}

function csvFile(text: string): FormData {
	const form = new FormData();
	form.set('file', new File([text], 'clients.csv', { type: 'text/csv' }));
	return form;
}

describe('audit entries written by each action', () => {
	it('sign-in and sign-out', async () => {
		let cookie = '';
		const login = await written(async () => {
			cookie = await loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
		});
		expect(login).toEqual([entry('auth.login', users.paul.id, null)]);
		const logout = await written(() =>
			fetch(`${origin}/logout`, { method: 'POST', headers: { origin, cookie }, redirect: 'manual' })
		);
		expect(logout).toEqual([entry('auth.logout', users.paul.id, null)]);
	});

	it('client create, update, archive, restore and import', async () => {
		const claire = cookies.claire;
		let id = '';
		expect(
			await written(async () => {
				const data = await act(claire, '/cabinet/clients', 'createClient', {
					name: 'Audit SARL',
					closingDate: '31/12',
					vatRegime: 'mensuel',
					managerId: users.claire.id
				});
				id = (data.created as { id: string }).id;
			})
		).toEqual([entry('client.create', users.claire.id, id)]);
		const path = `/cabinet/clients/${id}`;
		for (const [action, expected, fields] of [
			[
				'update',
				'client.update',
				{ name: 'Audit SAS', closingDate: '30/06', vatRegime: 'annuel', managerId: users.paul.id }
			],
			['archive', 'client.archive', {}],
			['restore', 'client.restore', {}]
		] as const) {
			expect(await written(() => act(claire, path, action, fields))).toEqual([
				entry(expected, users.claire.id, id)
			]);
		}
		const imported = await written(async () => {
			const answer = await postAction(
				origin,
				claire,
				'/cabinet/clients',
				'importClients',
				csvFile(
					'Raison sociale;Clôture;Régime de TVA\nImport Un;31/12;Mensuel\nImport Deux;30/06;Annuel\n'
				)
			);
			expect(answer.data).toMatchObject({ imported: 2 });
		});
		expect(imported).toEqual([entry('client.import', users.claire.id, null, { detail: '2' })]);
	});

	it('a contact: added, invited, revoked, its password set, then a reset, deactivated, reactivated', async () => {
		const paul = cookies.paul;
		const path = `/cabinet/clients/${alterCe}`;
		let contactId = '';
		expect(
			await written(async () => {
				const data = await act(paul, path, 'addContact', {
					name: 'Alice Audit',
					email: 'alice.audit@alterce.fr'
				});
				contactId = String(data.added);
			})
		).toEqual([entry('contact.add', users.paul.id, contactId, { detail: alterCe })]);

		const send = async () =>
			String(
				((await act(paul, path, 'sendLink', { userId: contactId })).delivery as { url: string }).url
			);
		expect(await written(send)).toEqual([
			entry('invitation.send', users.paul.id, contactId, { detail: 'shown' })
		]);
		expect(await written(() => act(paul, path, 'revoke', { userId: contactId }))).toEqual([
			entry('link.revoke', users.paul.id, contactId)
		]);
		let url = '';
		await written(async () => (url = await send()));
		expect(
			await written(async () => {
				const answer = await choosePassword(url, 'un-mot-de-passe-audit');
				expect(answer.headers.get('location')).toBe('/portail');
			})
		).toEqual([entry('password.set', contactId, contactId, { detail: 'invite' })]);
		expect(await written(send)).toEqual([
			entry('reset.send', users.paul.id, contactId, { detail: 'shown' })
		]);
		expect(await written(() => act(paul, path, 'deactivate', { userId: contactId }))).toEqual([
			entry('user.deactivate', users.paul.id, contactId)
		]);
		expect(await written(() => act(paul, path, 'reactivate', { userId: contactId }))).toEqual([
			entry('user.reactivate', users.paul.id, contactId)
		]);
	});

	it('a staff member: invited, sent a link, revoked, its role changed, deactivated, reactivated', async () => {
		const claire = cookies.claire;
		const path = '/cabinet/equipe';
		let ninaId = '';
		const invited = await written(async () => {
			await act(claire, path, 'invite', {
				name: 'Nina Audit',
				email: 'nina.audit@cabinet-martin.fr',
				role: 'collaborator'
			});
			ninaId = (await store.getUserByEmail('nina.audit@cabinet-martin.fr'))!.id;
		});
		expect(invited).toEqual([
			entry('staff.invite', users.claire.id, ninaId, { detail: 'collaborator' }),
			entry('invitation.send', users.claire.id, ninaId)
		]);
		const byClaire = (action: AuditAction, detail: string | null = null) => [
			entry(action, users.claire.id, ninaId, { detail })
		];
		const userId = ninaId;
		expect(await written(() => act(claire, path, 'sendLink', { userId }))).toEqual(
			byClaire('invitation.send', 'shown')
		);
		expect(await written(() => act(claire, path, 'revoke', { userId }))).toEqual(
			byClaire('link.revoke')
		);
		expect(await written(() => act(claire, path, 'setRole', { userId, role: 'admin' }))).toEqual(
			byClaire('staff.change-role', 'admin')
		);
		expect(await written(() => act(claire, path, 'deactivate', { userId }))).toEqual(
			byClaire('user.deactivate')
		);
		expect(await written(() => act(claire, path, 'reactivate', { userId }))).toEqual(
			byClaire('user.reactivate')
		);
	});

	it('a deposit by the client, then its move in the GED by the firm', async ({
		connectProvider
	}) => {
		const info = await collabToken(origin, cookies.sophie);
		const provider = connectProvider({
			url: `${origin.replace('http', 'ws')}/collab`,
			origin,
			name: `firm/${firmId}/clients/${alterCe}/requests`,
			token: String(info.token)
		});
		await provider.synced;
		const requestId = readRequests(provider.doc)[0]!.id;
		provider.destroy();
		let fileId = '';
		let gedPath = '';
		const deposited = await written(async () => {
			const response = await deposit(
				origin,
				cookies.sophie,
				{ clientId: alterCe, requestId },
				{ bytes: new TextEncoder().encode('%PDF-1.4\naudit\n%%EOF\n'), name: 'Audit.pdf' }
			);
			expect(response.status).toBe(201);
			({ fileId, gedPath } = (await response.json()).document);
		});
		expect(deposited).toEqual([
			entry('file.deposit', users.sophie.id, fileId, { detail: requestId })
		]);

		const moved = await written(() =>
			act(cookies.claire, '/cabinet/ged', 'move', { fileId, folder: 'Alter Ce/Archives' })
		);
		expect(moved).toEqual([
			entry('file.move', users.claire.id, fileId, {
				detail: `${gedPath} → Alter Ce/Archives/Audit.pdf`
			})
		]);
	});
});

describe('refusals, by the services themselves', () => {
	it('a collaborator is refused every team action, and nothing is written', async () => {
		const fields = { userId: users.claire.id, role: 'collaborator' };
		const attempts = ['sendLink', 'revoke', 'setRole', 'deactivate', 'reactivate', 'invite'];
		const entries = await written(async () => {
			for (const action of attempts) {
				const answer = await postAction(origin, cookies.paul, '/cabinet/equipe', action, {
					...fields,
					name: 'Intrus',
					email: 'intrus@example.fr'
				});
				expect(answer, action).toMatchObject({ type: 'error', httpStatus: 403 });
			}
		});
		expect(entries).toEqual([]);
	});

	it('another firm’s administrator finds none of this firm’s clients, contacts, staff or files', async () => {
		const rival = cookies.rival;
		const fileId = (await store.listFiles(firmId))[0]!.id;
		const entries = await written(async () => {
			const path = `/cabinet/clients/${alterCe}`;
			for (const action of [
				'update',
				'archive',
				'restore',
				'addContact',
				'sendLink',
				'revoke',
				'deactivate',
				'reactivate'
			]) {
				const answer = await postAction(origin, rival, path, action, {
					userId: users.sophie.id,
					name: 'Intrus',
					email: 'intrus@example.fr'
				});
				expect(answer, action).toMatchObject({ type: 'error', httpStatus: 404 });
			}
			for (const action of ['sendLink', 'revoke', 'setRole', 'deactivate', 'reactivate']) {
				const answer = await postAction(origin, rival, '/cabinet/equipe', action, {
					userId: users.paul.id,
					role: 'admin'
				});
				expect(answer, action).toMatchObject({
					type: 'failure',
					status: 400,
					data: { message: 'Membre de l’équipe introuvable.' }
				});
			}
			const move = await postAction(origin, rival, '/cabinet/ged', 'move', {
				fileId,
				folder: 'Alter Ce/Ailleurs'
			});
			expect(move).toMatchObject({ type: 'failure', status: 404 });
		});
		expect(entries).toEqual([]);
		expect((await store.getUser(users.sophie.id))?.disabledAt).toBeNull();
		expect((await store.getUser(users.paul.id))?.role).toBe('collaborator');
	});

	it('a client user (or nobody) is refused by every firm service called directly, with a 403', async () => {
		// The hooks keep client users out of /cabinet before any action runs; the services must
		// refuse on their own too, whoever calls them.
		const rt = { store, origin, mailer: null, closeUserConnections: () => {} };
		const fileId = (await store.listFiles(firmId))[0]!.id;
		const csv = new TextEncoder().encode('Raison sociale\nIntrus\n');
		const calls = (by: SessionUser | null, collaborator = false) => {
			const team = [
				() => inviteStaff(rt, by, { name: 'Intrus', email: 'intrus@example.fr', role: 'admin' }),
				() => sendStaffLink(rt, by, users.paul.id),
				() => revokeStaffLinks(rt, by, users.paul.id),
				() => changeStaffRole(rt, by, users.paul.id, 'admin'),
				() => setStaffActive(rt, by, users.paul.id, false),
				() => setStaffActive(rt, by, users.paul.id, true)
			];
			if (collaborator) return team;
			return [
				...team,
				() => createClient(rt, by, { name: 'Intrus' }),
				() => updateClient(rt, by, alterCe, { name: 'Intrus' }),
				() => setArchived(rt, by, alterCe, true),
				() => setArchived(rt, by, alterCe, false),
				() => previewClientImport(rt, by, csv),
				() => importClients(rt, by, csv),
				() => addContact(rt, by, alterCe, { name: 'Intrus', email: 'intrus@example.fr' }),
				() => sendContactLink(rt, by, alterCe, users.sophie.id),
				() => revokeContactLinks(rt, by, alterCe, users.sophie.id),
				() => setContactActive(rt, by, alterCe, users.sophie.id, false),
				() => setContactActive(rt, by, alterCe, users.sophie.id, true),
				() => moveFile(rt, by, { fileId, folder: 'Alter Ce/Ailleurs' })
			];
		};
		const sophie = toSessionUser(users.sophie, 'session');
		const paul = toSessionUser(users.paul, 'session');
		const entries = await written(async () => {
			for (const [who, by, collaborator] of [
				['client user', sophie, false],
				['nobody', null, false],
				['collaborator', paul, true]
			] as const) {
				for (const [index, call] of calls(by, collaborator).entries()) {
					const refusal = await call().then(
						() => null,
						(error: unknown) => error
					);
					expect(isHttpError(refusal, 403), `${who} #${index}`).toBe(true);
				}
			}
		});
		expect(entries).toEqual([]);
		expect((await store.getClient(alterCe))?.archivedAt).toBeNull();
	});
});

describe('first run', () => {
	it('audits the setup as the new administrator’s, and a second setup is refused with nothing written', async ({
		tempDir,
		spawnNavette,
		openStore
	}) => {
		const empty = await spawnNavette({ dataDir: tempDir, env: { SEED: 'none' } });
		const setup = (email: string) =>
			fetch(`${empty.origin}/setup`, {
				method: 'POST',
				headers: {
					origin: empty.origin,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({
					firmName: 'Cabinet Neuf',
					name: 'Anne Neuf',
					email,
					password: 'un-mot-de-passe'
				}),
				redirect: 'manual'
			});
		expect((await setup('anne@cabinet-neuf.fr')).status).toBe(303);
		expect((await setup('bis@cabinet-neuf.fr')).status).toBe(404);
		const db = await openStore({ dataDir: tempDir });
		const anne = (await db.getUserByEmail('anne@cabinet-neuf.fr'))!;
		expect(await db.listAudit(anne.firmId, 10)).toEqual([
			expect.objectContaining({
				firmId: anne.firmId,
				userId: anne.id,
				action: 'firm.setup',
				target: anne.firmId
			})
		]);
	});
});
