import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { readSheet } from 'read-excel-file/node';
import { createTask, deleteTask, readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie, pageData, postAction } from '../helpers/http.ts';
import { connectProvider } from '../helpers/providers.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { signedInPage } from './helpers/session.ts';

/**
 * Issue 15 in the browser: a template sent to 50 clients imported for the purpose, the filtered
 * list exported and read back, the workload chart following a task created meanwhile. The specs
 * share the demo firm: what this one adds (its clients, its tasks) is archived and deleted at the
 * end, so that the later specs still find the three demo tasks and two clients.
 */
const LOT = 'Lot E2E';
const TASK_TITLE = 'TVA 11/2026 lot';
const EXTRA_TASK = 'Relance lot E2E';
const COUNT = 50;
const csv = [
	'Raison sociale;Régime de TVA;Collaborateur',
	...Array.from(
		{ length: COUNT },
		(_, i) => `${LOT} ${String(i + 1).padStart(2, '0')};Franchise en base;Paul Durand`
	)
].join('\r\n');

test.describe.configure({ mode: 'serial' });

/** Paul's sync connection to the firm's tasks document, as another session would have it. */
async function tasksConnection(origin: string, email: string) {
	const cookie = await loginCookie(origin, email, DEMO_PASSWORD);
	const info = await collabToken(origin, cookie);
	const connection = connectProvider({
		url: origin.replace('http', 'ws') + '/collab',
		origin,
		name: tasksDocName(info.firmId as string),
		token: async () => (await collabToken(origin, cookie)).token as string
	});
	await connection.synced;
	return { ...connection, userId: info.userId as string, cookie };
}

test.afterAll(async ({ baseURL }) => {
	const origin = baseURL!;
	const paul = await tasksConnection(origin, DEMO_ACCOUNTS.paul);
	try {
		for (const task of readTasks(paul.doc)) {
			if (task.title === TASK_TITLE || task.title === EXTRA_TASK) {
				deleteTask(paul.doc, task.id, { id: paul.userId, name: 'Paul Durand' });
			}
		}
		await paul.saved();
	} finally {
		paul.destroy();
	}
	const nodes = await pageData(
		origin,
		paul.cookie,
		`/cabinet/clients?q=${encodeURIComponent(LOT)}`
	);
	for (const client of nodes.at(-1)!.clients as { id: string }[]) {
		await postAction(origin, paul.cookie, `/cabinet/clients/${client.id}`, 'archive', {});
	}
});

/** « 50 / 53 » beside the « Tâches » title: the rows matching, of all (the list shows 30 at first). */
function shownCount(page: Page) {
	return page.locator('.toolbar .count');
}

async function importLot(claire: Page) {
	await claire.getByRole('button', { name: 'Importer un fichier CSV' }).click();
	const panel = claire.getByRole('region', { name: 'Importer des clients' });
	await panel.getByLabel('Fichier CSV').setInputFiles({
		name: 'lot.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(csv)
	});
	await panel.getByRole('button', { name: 'Vérifier le fichier' }).click();
	await panel.getByRole('button', { name: `Importer ${COUNT} clients` }).click();
	await expect(panel.getByRole('status')).toContainText(`${COUNT} clients importés`);
}

test('Claire imports 50 clients and sends them the « TVA » template, with a progress bar and a summary', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire, '/cabinet/clients');
	await importLot(claire);

	// « Tout sélectionner » takes the clients the filters show, and only those.
	await claire.getByLabel('Rechercher').fill(LOT);
	await expect(claire.locator('tbody tr')).toHaveCount(COUNT);
	await claire.getByLabel('Tout sélectionner').check();
	await expect(claire.getByText(`${COUNT} clients sélectionnés`)).toBeVisible();

	await claire.getByRole('button', { name: 'Envoyer un modèle' }).click();
	const panel = claire.getByRole('region', { name: 'Envoyer un modèle' });
	await panel.getByLabel('Modèle').selectOption({ label: 'TVA (3 demandes)' });
	await panel.getByLabel('Intitulé de la tâche').fill(TASK_TITLE);
	await panel.getByLabel('Période').fill('2026-11');
	await panel.getByLabel('Échéance de la tâche').fill('2030-12-20');
	// The preview fills the period in; one item is left out.
	const items = panel.getByRole('group', { name: 'Demandes transmises' }).getByRole('checkbox');
	await expect(items).toHaveCount(3);
	await expect(panel.getByText('Relevé bancaire novembre 2026', { exact: false })).toBeVisible();
	await items.nth(2).uncheck();
	await expectNoSeriousA11yViolations(claire, 'clients: envoyer un modèle');
	await panel.getByRole('button', { name: 'Envoyer' }).click();

	const summary = panel.getByRole('status').filter({ hasText: 'Envoi terminé' });
	await expect(summary).toContainText(`${COUNT} tâches créées`, { timeout: 15_000 });
	await expect(summary).toContainText('0 tâche existante reprise');
	await expect(summary).toContainText(`${COUNT * 2} demandes transmises`);
	await expect(summary).toContainText('0 client écarté');

	// Each client has its task, assigned to its collaborator in charge, with its two requests.
	await claire.goto('/cabinet/taches');
	await claire.getByRole('searchbox').fill(TASK_TITLE);
	const rows = claire.locator('tbody tr[data-task-id]');
	await expect(shownCount(claire)).toHaveText(new RegExp(`^${COUNT} / `));
	await claire.getByRole('searchbox').fill(`${TASK_TITLE} ${LOT} 07`);
	await expect(rows).toHaveCount(1);
	await expect(rows).toContainText(`${LOT} 07`);
	await expect(rows).toContainText('Paul Durand');
	await expect(rows).toContainText('2 demandes · 2 à faire');
});

test('the filtered list exported as .xlsx and .csv, read back cell by cell', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire, '/cabinet/taches');
	await claire.getByRole('searchbox').fill(TASK_TITLE);
	await expect(shownCount(claire)).toHaveText(new RegExp(`^${COUNT} / `));
	await expect(claire.locator('tbody tr[data-task-id]').first()).toContainText('2 demandes');

	const exporter = claire.getByRole('group', { name: 'Exporter' });
	const [xlsx] = await Promise.all([
		claire.waitForEvent('download'),
		exporter.getByRole('button', { name: 'Excel (.xlsx)' }).click()
	]);
	expect(xlsx.suggestedFilename()).toMatch(/^taches-\d{4}-\d{2}-\d{2}\.xlsx$/);
	const rows = await readSheet(await readFile((await xlsx.path())!));
	expect(rows[0]).toEqual([
		'Tâche',
		'Client',
		'Collaborateur',
		'Échéance',
		'En retard',
		'Statut',
		'Demandes',
		'Demandes terminées',
		'Demandes au total'
	]);
	expect(rows).toHaveLength(COUNT + 1);
	const first = rows.find((row) => row[1] === `${LOT} 01`);
	expect(first).toEqual([
		TASK_TITLE,
		`${LOT} 01`,
		'Paul Durand',
		new Date('2030-12-20T00:00:00.000Z'),
		'Non',
		'À faire',
		'2 demandes · 2 à faire · 0 terminée',
		0,
		2
	]);
	expect(first![3]).toBeInstanceOf(Date);

	const [csvFile] = await Promise.all([
		claire.waitForEvent('download'),
		exporter.getByRole('button', { name: 'CSV' }).click()
	]);
	const bytes = await readFile((await csvFile.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
	expect(lines).toHaveLength(COUNT + 1);
	expect(lines).toContain(
		`${TASK_TITLE};${LOT} 01;Paul Durand;20/12/2030;Non;À faire;2 demandes · 2 à faire · 0 terminée;0;2`
	);
});

test('« Charge » shows each collaborator’s open tasks and follows a task created meanwhile', async ({
	browser,
	baseURL
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire, '/cabinet/taches');
	await claire.getByRole('link', { name: 'Charge' }).click();
	await expect(claire.getByRole('heading', { name: 'Charge de travail' })).toBeVisible();
	const byStaff = claire.getByRole('region', { name: 'Par collaborateur' });
	const paulBar = byStaff.getByRole('link', { name: /^Paul Durand :/ });
	// Paul: at least the 50 just sent, and whatever the earlier specs left open.
	const openOf = async () =>
		Number(
			/ : (\d+) tâches? ouvertes?/.exec((await paulBar.getAttribute('aria-label')) ?? '')?.[1]
		);
	await expect.poll(openOf).toBeGreaterThanOrEqual(COUNT);
	const before = await openOf();
	await expectNoSeriousA11yViolations(claire, 'charge');

	const paul = await tasksConnection(baseURL!, DEMO_ACCOUNTS.paul);
	try {
		const client = readTasks(paul.doc).find((t) => t.title === TASK_TITLE)!.clientId;
		createTask(
			paul.doc,
			{ title: EXTRA_TASK, clientId: client, assigneeId: paul.userId, dueDate: '2030-01-10' },
			{ id: paul.userId, name: 'Paul Durand' }
		);
		await paul.saved();
	} finally {
		paul.destroy();
	}
	await expect.poll(openOf).toBe(before + 1);

	// A bar opens « Tâches » filtered on what it counts.
	await paulBar.click();
	await expect(claire).toHaveURL(/\/cabinet\/taches\?.*assignee/);
	await expect(shownCount(claire)).toHaveText(new RegExp(`^${before + 1} / `));
	await expect(claire.locator('tbody tr[data-task-id]', { hasText: EXTRA_TASK })).toHaveCount(1);
});
