import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { signedInPage, taskRow } from './helpers/session.ts';

test('the client lists what is left to do first, filters, searches and comments', async ({
	browser
}) => {
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	const items = sophie.locator('li[data-request-id]');
	await expect(items).toHaveCount(12);
	// « À faire » first, « Terminée » last.
	await expect(items.last()).toHaveAttribute('aria-label', 'Relevés bancaires 2018');

	const bar = sophie.getByRole('search');
	await bar.getByLabel('Statut').selectOption({ label: 'Terminée' });
	await expect(items).toHaveCount(1);
	await bar.getByLabel('Statut').selectOption({ label: 'Tous' });
	await bar.getByLabel('Rechercher').fill('RELEVÉS 2018');
	await expect(items).toHaveCount(1);
	await bar.getByLabel('Rechercher').fill('virment');
	await expect(items).toHaveAttribute('aria-label', 'Justificatif du virement du 12/04');
	await bar.getByLabel('Rechercher').fill('');
	await expect(items).toHaveCount(12);

	const request = sophie.getByRole('listitem', { name: 'Loyer et bail commercial' });
	await request.getByText('Commentaires').click();
	await request.getByLabel('Commentaire').fill('Le bail est en cours de renouvellement.');
	await request.getByRole('button', { name: 'Commenter' }).click();
	await expect(request).toContainText('Sophie Leroy');
	await expect(request).toContainText('1 commentaire');

	// The firm sees the client's comment on the task's page, and finds the task by it.
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	await claire.getByRole('search').getByLabel('Rechercher').fill('renouvellement');
	await expect(taskRow(claire, 'Prévisionnel')).toBeVisible();
	await taskRow(claire, 'Prévisionnel').getByRole('link').click();
	await expect(claire.getByRole('article', { name: 'Loyer et bail commercial' })).toContainText(
		'Le bail est en cours de renouvellement.'
	);
});
