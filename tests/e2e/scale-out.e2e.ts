import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { signedInPage, taskRow } from './helpers/session.ts';

/**
 * Two instances of one deployment (PostgreSQL + Redis, see playwright.config.ts), each serving
 * its own people as a load balancer would: what one does appears live for the others.
 */
const [first, second] = process.env.E2E_CLUSTER_ORIGINS!.split(' ');

test('on two instances, a task, a request and the client’s answer appear live across them', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire, undefined, first);
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul, undefined, second);
	await expect(paul.getByRole('status')).toHaveText('Enregistré');

	await claire.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const dialog = claire.getByRole('dialog', { name: 'Nouvelle tâche' });
	await dialog.getByLabel('Intitulé').fill('TVA 06/2019 (deux serveurs)');
	await dialog.getByLabel('Client').selectOption({ label: 'Alter Ce' });
	await dialog.getByLabel('Collaborateur').selectOption({ label: 'Paul Durand' });
	await dialog.getByRole('button', { name: 'Créer la tâche' }).click();
	await expect(dialog).toBeHidden();
	const paulRow = taskRow(paul, 'TVA 06/2019 (deux serveurs)');
	await expect(paulRow).toContainText('Aucune demande');

	await taskRow(claire, 'TVA 06/2019 (deux serveurs)').getByRole('link').click();
	await claire.getByLabel('Intitulé de la demande').fill('Relevé de juin');
	await claire.getByRole('button', { name: 'Transmettre' }).click();
	await expect(paulRow).toContainText('1 demande · 1 à faire');

	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie, undefined, second);
	await sophie
		.getByRole('listitem', { name: 'Relevé de juin' })
		.getByRole('combobox', { name: 'Statut' })
		.selectOption('done');
	await expect(
		claire.getByRole('article', { name: 'Relevé de juin' }).getByRole('combobox')
	).toHaveValue('done');
	await expect(paulRow).toContainText('1 à valider');
});
