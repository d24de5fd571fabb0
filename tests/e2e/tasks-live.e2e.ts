import { expect, test, type Page } from '@playwright/test';
import { STATUS_LABELS } from '../../src/lib/domain/status.ts';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { setTaskStatus, signedInPage, taskRow, taskStatus } from './helpers/session.ts';

test('Claire creates a task for Paul and transmits three requests; Paul and the client see it live', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul);
	await expect(paul.getByRole('status')).toHaveText('Enregistré');

	// Claire: « Nouvelle tâche », assigned to Paul.
	await claire.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const dialog = claire.getByRole('dialog', { name: 'Nouvelle tâche' });
	await dialog.getByLabel('Intitulé').fill('Bilan 2019 (live)');
	await dialog.getByLabel('Client').selectOption({ label: 'Alter Ce' });
	await dialog.getByLabel('Collaborateur').selectOption({ label: 'Paul Durand' });
	await dialog.getByLabel('Catégorie').selectOption('Bilan');
	await dialog.getByLabel('Période').fill('2019');
	await dialog.getByRole('button', { name: 'Créer la tâche' }).click();
	await expect(dialog).toBeHidden();

	// Paul's open page shows it without reload.
	const paulRow = taskRow(paul, 'Bilan 2019 (live)');
	await expect(paulRow).toContainText('Paul Durand');
	await expect(paulRow).toContainText('Aucune demande');

	// Claire transmits three requests from the task's page.
	await taskRow(claire, 'Bilan 2019 (live)').getByRole('link').click();
	for (const title of ['Grand livre 2019', 'Inventaire au 31/12', 'Relevés de caisse']) {
		await claire.getByLabel('Intitulé de la demande').fill(title);
		await claire.getByLabel('Description').fill(`Merci de nous transmettre : ${title}.`);
		await claire.getByRole('button', { name: 'Transmettre' }).click();
		await expect(claire.getByRole('article', { name: title })).toBeVisible();
	}
	await expect(paulRow).toContainText('3 demandes · 3 à faire');

	// The client marks one done in its portal: both staff views show it within a second.
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	await sophie
		.getByRole('listitem', { name: 'Inventaire au 31/12' })
		.getByRole('combobox', { name: 'Statut' })
		.selectOption('done');
	await expect(paulRow).toContainText('3 demandes · 2 à faire · 1 à valider · 0 validée', {
		timeout: 1000
	});
	await expect(
		claire.getByRole('article', { name: 'Inventaire au 31/12' }).getByRole('combobox')
	).toHaveValue('done', { timeout: 1000 });
	await claire.getByRole('link', { name: '← Toutes les tâches' }).click();
	await expect(taskRow(claire, 'Bilan 2019 (live)')).toContainText('1 à valider', {
		timeout: 1000
	});
});

test('a status changed in place and a comment appear in the colleague’s view; presence shows who is there', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul);
	await taskRow(paul, 'Prévisionnel').getByRole('link').click();
	await expect(taskRow(claire, 'Prévisionnel')).toContainText('Paul Durand');

	await setTaskStatus(taskRow(claire, 'Prévisionnel'), 'in_progress');
	await expect(paul.getByRole('combobox', { name: 'Statut', exact: true })).toHaveValue(
		'in_progress'
	);

	await taskRow(claire, 'Prévisionnel').getByRole('link').click();
	await expect(claire.getByRole('note')).toHaveText('Aussi sur cette tâche : Paul Durand');
	const request = claire.getByRole('article', { name: 'Budget des ventes 2019' });
	await request.getByLabel('Commentaire').fill('Pensez aux ventes export.');
	await request.getByRole('button', { name: 'Commenter' }).click();
	await expect(paul.getByRole('article', { name: 'Budget des ventes 2019' })).toContainText(
		'Pensez aux ventes export.'
	);
});

test('a new task with missing fields gets clear messages and creates nothing', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	await expect(claire.getByRole('status')).toHaveText('Enregistré');
	const before = await claire.locator('tbody tr[data-task-id]').count();
	await claire.keyboard.press('n');
	const dialog = claire.getByRole('dialog', { name: 'Nouvelle tâche' });
	await dialog.getByLabel('Période').fill('avril');
	await dialog.getByRole('button', { name: 'Créer la tâche' }).click();
	await expect(dialog).toContainText('Indiquez un intitulé.');
	await expect(dialog).toContainText('Choisissez un client.');
	await expect(dialog).toContainText('Période invalide (AAAA-MM ou AAAA).');
	await dialog.getByRole('button', { name: 'Annuler' }).click();
	await expect(claire.locator('tbody tr[data-task-id]')).toHaveCount(before);
});

test('a return visit shows the last list at once, then what changed meanwhile', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	await expect(claire.getByRole('status')).toHaveText('Enregistré');
	// The list is kept for the next visit once the documents have settled.
	await expect
		.poll(() =>
			claire.evaluate(async () => {
				const names = (await indexedDB.databases()).map((db) => db.name ?? '');
				return names.some((name) => name.endsWith(':views'));
			})
		)
		.toBe(true);
	const dupont = (page: Page) =>
		taskRow(page, 'TVA 04/2019').filter({ hasText: 'Dupont Maçonnerie' });
	const before = (await taskStatus(dupont(claire)).getAttribute('aria-label'))!;

	// Away from the list, Claire misses a change by Paul.
	await claire.goto('/cabinet/taches/par-client');
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul);
	const next = before.endsWith(' : À faire') ? 'in_progress' : 'todo';
	await setTaskStatus(dupont(paul), next);
	await expect(paul.getByRole('status')).toHaveText('Enregistré');

	await claire.reload();
	await claire.goto('/cabinet/taches');
	await expect(taskStatus(dupont(claire))).toHaveAccessibleName(
		new RegExp(` : ${STATUS_LABELS[next]}$`)
	);
	await expect(claire.locator('tbody tr[data-task-id]')).not.toHaveCount(0);
});
