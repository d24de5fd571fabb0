import { readSheet } from 'read-excel-file/node';
import { describe, expect } from 'vitest';
import { readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import type { Store } from '../../src/lib/server/store/Store.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { loginCookie } from '../helpers/http.ts';
import { test } from '../helpers/fixtures.ts';
import type { SpawnedNavette } from '../helpers/spawn.ts';
import { storedDocument } from '../helpers/stored.ts';

/**
 * « Exporter » through HTTP against the real process (`npm start`): the files as a browser
 * downloads them, read back cell by cell, and the routes refusing whoever is not the firm's staff;
 * and `/api/bulk-send`'s stream as the « Clients » page reads it.
 */
let server: SpawnedNavette;
let origin: string;
const cookies = { claire: '', sophie: '', rival: '' };
let alterCe: string;
let taskIds: string[];
const RIVAL = { email: 'admin@cabinet-export.fr', password: 'un-mot-de-passe-rival' };
const DEMO_TASKS = new Set(['Prévisionnel', 'TVA 04/2019']);
const utc = (date: string) => new Date(`${date}T00:00:00.000Z`);

test.beforeAll(async ({ fileTempDir, fileSpawnNavette, fileOpenStore }) => {
	server = await fileSpawnNavette({ dataDir: fileTempDir });
	origin = server.origin;
	const store = await fileOpenStore({ dataDir: fileTempDir });
	const sophie = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
	alterCe = sophie.clientId!;
	const rival = await store.createFirm({ name: 'Cabinet Concurrent' });
	await store.createUser({
		firmId: rival.id,
		clientId: null,
		role: 'admin',
		name: 'Rémi Rival',
		email: RIVAL.email,
		passwordHash: await hashPassword(RIVAL.password)
	});
	cookies.claire = await loginCookie(origin, DEMO_ACCOUNTS.claire, DEMO_PASSWORD);
	cookies.sophie = await loginCookie(origin, DEMO_ACCOUNTS.sophie, DEMO_PASSWORD);
	cookies.rival = await loginCookie(origin, RIVAL.email, RIVAL.password);
	taskIds = await demoTaskIds(store, sophie.firmId);
});

/**
 * The three seeded demo tasks' ids, soonest due first, then by title and client, once filtered to
 * them (the recurring rules add the TVA of the month just closed, whose dates depend on today).
 */
async function demoTaskIds(store: Store, firmId: string): Promise<string[]> {
	const clients = new Map((await store.listClients(firmId)).map((c) => [c.id, c.name]));
	const client = (task: { clientId: string }) => clients.get(task.clientId) ?? '';
	return readTasks(await storedDocument(store, tasksDocName(firmId)))
		.filter((t) => DEMO_TASKS.has(t.title))
		.sort(
			(a, b) =>
				(a.dueDate ?? '').localeCompare(b.dueDate ?? '') ||
				a.title.localeCompare(b.title) ||
				// Two « TVA 04/2019 » due the same day: by client, not by the order of the stored log.
				client(a).localeCompare(client(b))
		)
		.map((t) => t.id);
}

function exportTasks(cookie: string, format: 'xlsx' | 'csv', ids: string[] = taskIds) {
	return fetch(`${origin}/api/export/tasks?format=${format}`, {
		method: 'POST',
		headers: { origin, cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ ids })
	});
}

describe('exports', () => {
	test('the filtered task list as xlsx: the columns on screen, dates as dates', async () => {
		const response = await exportTasks(cookies.claire, 'xlsx');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="taches-\d{4}-\d{2}-\d{2}\.xlsx"$/
		);
		const rows = await readSheet(Buffer.from(await response.arrayBuffer()), 'Tâches');
		expect(rows[0]).toEqual([
			'Tâche',
			'Client',
			'Collaborateur',
			'Échéance',
			'En retard',
			'Statut',
			'Demandes',
			'Demandes validées',
			'Demandes au total'
		]);
		expect(rows.slice(1)).toEqual([
			[
				'TVA 04/2019',
				'Alter Ce',
				'Paul Durand',
				utc('2019-05-19'),
				'Oui',
				'En cours',
				'4 demandes · 3 à faire · 1 en cours · 0 validée',
				0,
				4
			],
			[
				'TVA 04/2019',
				'Dupont Maçonnerie',
				'Paul Durand',
				utc('2019-05-19'),
				'Non',
				'Terminée',
				'3 demandes · 0 à faire · 3 à valider · 0 validée',
				0,
				3
			],
			[
				'Prévisionnel',
				'Alter Ce',
				'Claire Martin',
				utc('2019-06-30'),
				'Oui',
				'À faire',
				'8 demandes · 7 à faire · 1 à valider · 0 validée',
				0,
				8
			]
		]);
		expect(rows[1]![3]).toBeInstanceOf(Date);
	});

	test('the same list as CSV for French Excel: BOM, « ; », dates DD/MM/YYYY, only the ids asked', async () => {
		const response = await exportTasks(cookies.claire, 'csv', taskIds.slice(2));
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
		expect(lines[0]).toBe(
			'Tâche;Client;Collaborateur;Échéance;En retard;Statut;Demandes;Demandes validées;Demandes au total'
		);
		expect(lines[1]).toBe(
			'Prévisionnel;Alter Ce;Claire Martin;30/06/2019;Oui;À faire;8 demandes · 7 à faire · 1 à valider · 0 validée;0;8'
		);
		expect(lines.slice(2).filter(Boolean)).toEqual([]);
	});

	test('the open requests of one client, or of the whole firm', async () => {
		const one = await fetch(`${origin}/api/export/requests?format=xlsx&client=${alterCe}`, {
			headers: { cookie: cookies.claire }
		});
		expect(one.headers.get('content-disposition')).toMatch(/filename="demandes-alter-ce-/);
		const rows = await readSheet(Buffer.from(await one.arrayBuffer()));
		expect(rows[0]).toEqual([
			'Client',
			'Tâche',
			'Demande',
			'Statut',
			'Échéance',
			'Commentaires',
			'Documents'
		]);
		// Every request the firm has not validated: the Prévisionnel's 8 (one « À valider ») and the
		// TVA's 4.
		const demo = rows.slice(1).filter((row) => DEMO_TASKS.has(row[1] as string));
		expect(demo).toHaveLength(12);
		expect(rows.slice(1).every((row) => row[0] === 'Alter Ce' && row[3] !== 'Validée')).toBe(true);
		// Due dates (the recurring TVA's requests have some) are date cells.
		for (const row of rows.slice(1)) expect(row[4] === null || row[4] instanceof Date).toBe(true);
		expect(rows).toContainEqual([
			'Alter Ce',
			'TVA 04/2019',
			'Relevé bancaire avril 2019',
			'En cours',
			null,
			0,
			0
		]);

		const firm = await fetch(`${origin}/api/export/requests?format=csv`, {
			headers: { cookie: cookies.claire }
		});
		const text = (await firm.text()).replace(/^\uFEFF/, '');
		const lines = text.split('\r\n').filter(Boolean);
		// Dupont Maçonnerie's three answers wait for the firm's review: still open to it.
		expect(lines.filter((line) => /^[^;]*;(Prévisionnel|TVA 04\/2019);/.test(line))).toHaveLength(
			15
		);
		expect(lines.filter((line) => line.includes(';À valider;'))).toHaveLength(4);
	});

	test('refuses a client user and answers another firm’s staff with nothing of this firm', async () => {
		for (const format of ['xlsx', 'csv'] as const) {
			expect((await exportTasks(cookies.sophie, format)).status).toBe(403);
			const requests = await fetch(`${origin}/api/export/requests?format=${format}`, {
				headers: { cookie: cookies.sophie }
			});
			expect(requests.status).toBe(403);
		}
		expect((await exportTasks('', 'xlsx')).status).toBe(403);

		// Another firm's staff naming this firm's client: missing; naming its tasks: none found.
		const client = await fetch(`${origin}/api/export/requests?client=${alterCe}`, {
			headers: { cookie: cookies.rival }
		});
		expect(client.status).toBe(404);
		const tasks = await exportTasks(cookies.rival, 'xlsx');
		expect(tasks.status).toBe(200);
		expect(await readSheet(Buffer.from(await tasks.arrayBuffer()))).toHaveLength(1);
		// A write from another site is refused before anything runs.
		const foreign = await fetch(`${origin}/api/export/tasks`, {
			method: 'POST',
			headers: { origin: 'https://evil.example', cookie: cookies.claire },
			body: JSON.stringify({ ids: taskIds })
		});
		expect(foreign.status).toBe(403);
	});
});

describe('POST /api/bulk-send', () => {
	const send = (cookie: string, body: object) =>
		fetch(`${origin}/api/bulk-send`, {
			method: 'POST',
			headers: { origin, cookie, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	const body = () => ({
		batchId: 'http-batch',
		clientIds: [alterCe],
		task: { title: 'Pièces manquantes', period: '2026', category: 'Bilan' },
		kind: 'request',
		request: { title: 'Contrat de bail', description: 'Le bail signé.', dueDate: '2026-12-31' }
	});

	test('streams one progress line per client, then the summary, as NDJSON', async () => {
		const response = await send(cookies.claire, body());
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
		const lines = (await response.text())
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(lines.slice(0, -1)).toEqual([
			{ type: 'progress', done: 0, total: 1 },
			{ type: 'progress', done: 1, total: 1 }
		]);
		expect(lines.at(-1)).toMatchObject({
			type: 'summary',
			tasksCreated: 1,
			requestsTransmitted: 1,
			skipped: [],
			failed: []
		});
		// Posted again (a lost answer): nothing more.
		const again = (await (await send(cookies.claire, body())).text()).trim().split('\n').at(-1)!;
		expect(JSON.parse(again)).toMatchObject({
			tasksCreated: 0,
			tasksReused: 1,
			requestsTransmitted: 0
		});
	});

	test('refuses a client user, another firm and another site before anything runs', async () => {
		expect((await send(cookies.sophie, body())).status).toBe(403);
		expect((await send('', body())).status).toBe(403);
		// Another firm's staff: this firm's client is unknown to it, so skipped, never written.
		const rival = (await (await send(cookies.rival, { ...body(), batchId: 'rival' })).text())
			.trim()
			.split('\n')
			.at(-1)!;
		expect(JSON.parse(rival)).toMatchObject({
			tasksCreated: 0,
			requestsTransmitted: 0,
			skipped: [{ clientId: alterCe, reason: 'unknown' }]
		});
		const foreign = await fetch(`${origin}/api/bulk-send`, {
			method: 'POST',
			headers: { origin: 'https://evil.example', cookie: cookies.claire },
			body: JSON.stringify(body())
		});
		expect(foreign.status).toBe(403);
	});
});
