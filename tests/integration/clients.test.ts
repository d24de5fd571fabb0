import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect } from 'vitest';
import { requestsDocName } from '../../src/lib/domain/doc-names.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { choosePassword, loginCookie, pageData, postAction } from '../helpers/http.ts';
import { it, test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';

/** `/cabinet/clients` against the real process: clients, the CSV import, and client contacts. */
let server: SpawnedNavette;
let origin: string;
let claire: string;
let paul: string;
let dataDir: string;

test.beforeAll(async ({ fileTempDir, fileSpawnNavette }) => {
	dataDir = fileTempDir;
	server = await fileSpawnNavette({ dataDir });
	origin = server.origin;
	claire = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
	paul = await loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
});

interface ListedClient {
	id: string;
	name: string;
	siren: string | null;
	vatRegime: string | null;
	managerName: string | null;
}

async function listClients(cookie: string, query = ''): Promise<ListedClient[]> {
	const nodes = await pageData(origin, cookie, `/cabinet/clients${query}`);
	return nodes.at(-1)!.clients as ListedClient[];
}

async function clientIdOf(cookie: string, name: string): Promise<string> {
	const all = [...(await listClients(cookie)), ...(await listClients(cookie, '?statut=archives'))];
	const client = all.find((c) => c.name === name);
	if (!client) throw new Error(`client ${name} not found`);
	return client.id;
}

async function staffId(name: string): Promise<string> {
	const nodes = await pageData(origin, claire, '/cabinet/clients');
	const staff = nodes.at(-1)!.staff as { id: string; name: string }[];
	return staff.find((s) => s.name === name)!.id;
}

async function firmId(): Promise<string> {
	const nodes = await pageData(origin, claire, '/cabinet/clients');
	return (nodes.find((node) => node.user)!.user as { firmId: string }).firmId;
}

/** What the store holds of a document, read from the data folder as another process would. */
function storedUpdates(docName: string): number {
	const db = new DatabaseSync(join(dataDir, 'navette.db'), { readOnly: true });
	try {
		const row = db
			.prepare(
				`SELECT (SELECT COUNT(*) FROM doc_updates WHERE name = ?) +
				        (SELECT COUNT(*) FROM doc_snapshots WHERE name = ?) AS n`
			)
			.get(docName, docName) as { n: number };
		return row.n;
	} finally {
		db.close();
	}
}

function csvFile(text: string): FormData {
	const form = new FormData();
	form.set('file', new File([text], 'clients.csv', { type: 'text/csv' }));
	return form;
}

describe('clients', () => {
	it('creates a client with its details, and its requests document on the server', async () => {
		const paulId = await staffId('Paul Durand');
		const bad = await postAction(origin, claire, '/cabinet/clients', 'createClient', {
			name: ' ',
			siren: '842 315 674',
			closingDate: '31/02',
			vatRegime: 'bimestriel',
			managerId: 'personne'
		});
		expect(bad.type).toBe('failure');
		expect(bad.data?.errors).toEqual({
			name: 'Saisissez la raison sociale.',
			siren: 'SIREN invalide (clé de contrôle erronée).',
			closingDate: 'Date de clôture invalide (jour/mois, par exemple 31/12).',
			vatRegime: 'Régime de TVA inconnu (mensuel, trimestriel, annuel ou franchise).',
			managerId: 'Choisissez le collaborateur en charge.'
		});
		// The form comes back as typed, for the user to correct.
		expect(bad.data?.values).toMatchObject({ siren: '842 315 674', closingDate: '31/02' });

		const created = await postAction(origin, claire, '/cabinet/clients', 'createClient', {
			name: 'Boulangerie Neuve',
			siren: '130 005 481 00010',
			closingDate: '30/06',
			vatRegime: 'trimestriel',
			managerId: paulId
		});
		expect(created.type, JSON.stringify(created)).toBe('success');
		const { id } = created.data!.created as { id: string };
		expect(await listClients(claire, '?q=boulangerie')).toEqual([
			expect.objectContaining({
				id,
				siren: '13000548100010',
				vatRegime: 'trimestriel',
				managerName: 'Paul Durand'
			})
		]);
		expect(storedUpdates(requestsDocName(await firmId(), id))).toBe(1);
	});

	it('refuses a duplicate by SIREN or by name', async () => {
		const claireId = await staffId('Claire Martin');
		const fields = { closingDate: '31/12', vatRegime: 'mensuel', managerId: claireId };
		const sameSiren = await postAction(origin, claire, '/cabinet/clients', 'createClient', {
			...fields,
			name: 'Autre nom',
			siren: '130005481'
		});
		expect(sameSiren.data?.errors).toEqual({
			siren: 'Ce SIREN est déjà celui de Boulangerie Neuve.'
		});
		const sameName = await postAction(origin, claire, '/cabinet/clients', 'createClient', {
			...fields,
			name: 'ALTER-CE',
			siren: ''
		});
		expect(sameName.data?.errors).toEqual({ name: 'Un client porte déjà ce nom : Alter Ce.' });
	});

	it('edits a client, archives it out of the list, and restores it', async () => {
		const id = await clientIdOf(claire, 'Boulangerie Neuve');
		const path = `/cabinet/clients/${id}`;
		const paulId = await staffId('Paul Durand');
		const edit = { siren: '', closingDate: '31/12', vatRegime: 'annuel', managerId: paulId };
		const clash = await postAction(origin, paul, path, 'update', { ...edit, name: 'Alter Ce' });
		expect(clash.data?.errors).toEqual({ name: 'Un client porte déjà ce nom : Alter Ce.' });
		const saved = await postAction(origin, paul, path, 'update', {
			...edit,
			name: 'Boulangerie du Port'
		});
		expect(saved.type).toBe('success');
		expect(await listClients(paul, '?tva=annuel')).toEqual([
			expect.objectContaining({ id, name: 'Boulangerie du Port', siren: null })
		]);

		expect((await postAction(origin, paul, path, 'archive', {})).type).toBe('success');
		expect((await listClients(paul)).map((c) => c.id)).not.toContain(id);
		expect((await listClients(paul, '?statut=archives')).map((c) => c.id)).toEqual([id]);
		expect((await postAction(origin, paul, path, 'restore', {})).type).toBe('success');
		expect((await listClients(paul)).map((c) => c.id)).toContain(id);
	});

	it('filters by collaborator and searches by SIREN', async () => {
		const claireId = await staffId('Claire Martin');
		expect((await listClients(claire, `?collaborateur=${claireId}`)).map((c) => c.name)).toEqual([
			'Alter Ce'
		]);
		expect((await listClients(claire, '?q=842 315')).map((c) => c.name)).toEqual(['Alter Ce']);
	});

	it('answers another firm’s or an unknown client as missing, and keeps client users out', async () => {
		// Another firm in the same store, written there as a second instance would.
		const store = SqliteStore.open(join(dataDir, 'navette.db'));
		const rival = await store.createFirm({ name: 'Cabinet Concurrent' });
		const theirs = await store.createClient({ firmId: rival.id, name: 'Client Concurrent' });
		await store.close();
		for (const id of ['inconnu', theirs.id]) {
			const answer = await fetch(`${origin}/cabinet/clients/${id}/__data.json`, {
				headers: { cookie: claire }
			});
			expect(await answer.json()).toMatchObject({
				nodes: expect.arrayContaining([expect.objectContaining({ type: 'error', status: 404 })])
			});
			const edit = await postAction(origin, claire, `/cabinet/clients/${id}`, 'archive', {});
			expect(edit).toMatchObject({ type: 'error', httpStatus: 404 });
		}
		const sophie = await loginCookie(origin, DEMO_ACCOUNTS.sophie, DEMO_PASSWORD);
		const id = await clientIdOf(claire, 'Alter Ce');
		for (const [path, action] of [
			['/cabinet/clients', 'createClient'],
			['/cabinet/clients', 'importClients'],
			[`/cabinet/clients/${id}`, 'update'],
			[`/cabinet/clients/${id}`, 'archive']
		] as const) {
			const answer = await postAction(origin, sophie, path, action, { name: 'Pirate' });
			expect(answer).toMatchObject({ type: 'redirect', location: '/portail' });
		}
		expect((await listClients(claire)).map((c) => c.name)).not.toContain('Pirate');
	});
});

describe('CSV import', () => {
	const file = [
		'Raison sociale;SIREN;Clôture;Régime de TVA;Collaborateur',
		`Garage des Lilas;732 829 320;31/03;Mensuel;${DEMO_ACCOUNTS.paul}`,
		'Ferme du Val;123456789;;Annuel;',
		'Dupont maçonnerie;;;Trimestriel;',
		'Café de la Gare;;30/09;Franchise en base;Claire Martin',
		'Garage des Lilas bis;732829320;;Mensuel;'
	].join('\r\n');

	it('previews which rows fail and why, writing nothing', async () => {
		const before = (await listClients(claire)).length;
		const preview = await postAction(
			origin,
			claire,
			'/cabinet/clients',
			'previewImport',
			csvFile(file)
		);
		expect(preview.type, JSON.stringify(preview)).toBe('success');
		expect(preview.data?.preview).toEqual([
			{ line: 2, name: 'Garage des Lilas', ready: true, errors: [] },
			{
				line: 3,
				name: 'Ferme du Val',
				ready: false,
				errors: ['SIREN invalide (clé de contrôle erronée).']
			},
			{
				line: 4,
				name: 'Dupont maçonnerie',
				ready: false,
				errors: ['Un client porte déjà ce nom : Dupont Maçonnerie.']
			},
			{ line: 5, name: 'Café de la Gare', ready: true, errors: [] },
			{
				line: 6,
				name: 'Garage des Lilas bis',
				ready: false,
				errors: ['Ce SIREN est déjà celui de Garage des Lilas.']
			}
		]);
		expect((await listClients(claire)).length).toBe(before);
	});

	it('imports only the good rows, each with its requests document', async () => {
		const before = (await listClients(claire)).length;
		const done = await postAction(
			origin,
			claire,
			'/cabinet/clients',
			'importClients',
			csvFile(file)
		);
		expect(done.data).toMatchObject({ imported: 2 });
		const clients = await listClients(claire);
		expect(clients.length).toBe(before + 2);
		expect(clients.find((c) => c.name === 'Garage des Lilas')).toMatchObject({
			siren: '732829320',
			vatRegime: 'mensuel',
			managerName: 'Paul Durand'
		});
		expect(clients.find((c) => c.name === 'Café de la Gare')).toMatchObject({
			vatRegime: 'franchise',
			managerName: 'Claire Martin'
		});
		expect(clients.map((c) => c.name)).not.toContain('Ferme du Val');

		// The same file again: every row is now a duplicate, nothing more is written.
		const again = await postAction(
			origin,
			claire,
			'/cabinet/clients',
			'importClients',
			csvFile(file)
		);
		expect(again.data).toMatchObject({ imported: 0 });
		expect((await listClients(claire)).length).toBe(before + 2);
	});

	it('refuses a file that is not a client list, with a clear message', async () => {
		const noName = await postAction(
			origin,
			claire,
			'/cabinet/clients',
			'previewImport',
			csvFile('siren;tva\n130005481;mensuel')
		);
		expect(noName.data?.importError).toBe(
			'Colonne « Raison sociale » introuvable sur la première ligne du fichier.'
		);
		const huge = await postAction(
			origin,
			claire,
			'/cabinet/clients',
			'previewImport',
			csvFile(`Raison sociale\n${'Client\n'.repeat(90_000)}`)
		);
		expect(huge.data?.importError).toBe('Fichier trop volumineux (500 Ko au plus).');
		const none = await postAction(
			origin,
			claire,
			'/cabinet/clients',
			'previewImport',
			new FormData()
		);
		expect(none.data?.importError).toBe('Choisissez un fichier CSV.');
	});
});

describe('client contacts', () => {
	it('adds a contact, invites it, and the contact lands on its portal through the link', async () => {
		const clientId = await clientIdOf(paul, 'Dupont Maçonnerie');
		const path = `/cabinet/clients/${clientId}`;

		const bad = await postAction(origin, paul, path, 'addContact', {
			name: '',
			email: 'pas-une-adresse'
		});
		expect(bad.data?.contactErrors).toMatchObject({ email: 'Adresse e-mail invalide.' });
		const taken = await postAction(origin, paul, path, 'addContact', {
			name: 'Jean',
			email: DEMO_ACCOUNTS.jean
		});
		expect(taken.data?.contactErrors).toEqual({ email: 'Cette adresse e-mail est déjà utilisée.' });

		const added = await postAction(origin, paul, path, 'addContact', {
			name: 'Marie Dupont',
			email: 'marie@dupont-maconnerie.fr'
		});
		expect(added.type).toBe('success');
		const userId = added.data!.added as string;

		// A contact of another client cannot be reached through this client's page.
		const elsewhere = await clientIdOf(paul, 'Alter Ce');
		const crossed = await postAction(origin, paul, `/cabinet/clients/${elsewhere}`, 'sendLink', {
			userId
		});
		expect(crossed.data).toEqual({ message: 'Contact introuvable.' });

		const contactOf = async () => {
			const nodes = await pageData(origin, paul, path);
			const contacts = nodes.at(-1)!.contacts as { id: string; invitationExpiresAt: string }[];
			return contacts.find((c) => c.id === userId)!;
		};
		expect(await contactOf()).toMatchObject({ status: 'invité', invitationExpiresAt: null });
		await postAction(origin, paul, path, 'sendLink', { userId });
		const firstExpiry = (await contactOf()).invitationExpiresAt;
		expect(Date.parse(firstExpiry) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
		await postAction(origin, paul, path, 'revoke', { userId });
		expect(await contactOf()).toMatchObject({ invitationExpiresAt: null });

		const invited = await postAction(origin, paul, path, 'sendLink', { userId });
		const link = /\/invitation\/[A-Za-z0-9_-]{43}$/.exec(
			String((invited.data?.delivery as { url: string }).url)
		)?.[0];
		expect(link).toBeDefined();

		const accepted = await choosePassword(`${origin}${link}`, 'marie-mot-de-passe');
		expect(accepted.headers.get('location')).toBe('/portail');
		const marie = await loginCookie(origin, 'marie@dupont-maconnerie.fr', 'marie-mot-de-passe');
		const nodes = await pageData(origin, paul, path);
		expect(nodes.at(-1)!.contacts).toEqual([
			expect.objectContaining({ name: 'Jean Dupont', status: 'actif' }),
			expect.objectContaining({
				name: 'Marie Dupont',
				status: 'actif',
				lastLoginAt: expect.stringMatching(/^\d{4}-/)
			})
		]);

		// A client user never reaches the firm's pages nor its actions.
		const foreign = await postAction(origin, marie, path, 'sendLink', { userId });
		expect(foreign).toMatchObject({ type: 'redirect', location: '/portail' });

		const off = await postAction(origin, paul, path, 'deactivate', { userId });
		expect(off.type).toBe('success');
		await expect(
			loginCookie(origin, 'marie@dupont-maconnerie.fr', 'marie-mot-de-passe')
		).rejects.toThrow();
		const portal = await fetch(`${origin}/portail`, {
			headers: { cookie: marie },
			redirect: 'manual'
		});
		expect(portal.headers.get('location')).toMatch(/^\/login/);

		// Reactivated by the firm (its own dead session cannot), the contact signs in again.
		const selfService = await postAction(origin, marie, path, 'reactivate', { userId });
		expect(selfService.type).toBe('redirect');
		const back = await postAction(origin, paul, path, 'reactivate', { userId });
		expect(back.type).toBe('success');
		await loginCookie(origin, 'marie@dupont-maconnerie.fr', 'marie-mot-de-passe');
	});
});
