import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { signedInPage } from './helpers/session.ts';

const CSV = [
	'Raison sociale;SIREN;Clôture;Régime de TVA;Collaborateur',
	'Garage des Lilas;732 829 320;31/03;Mensuel;Paul Durand',
	'Ferme du Val;123456789;;Annuel;',
	'Alter CE;;;Trimestriel;'
].join('\r\n');

test('Claire imports clients from a CSV file: a preview first, then only the good rows', async ({
	browser
}) => {
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire, '/cabinet/clients');
	await claire.getByRole('button', { name: 'Importer un fichier CSV' }).click();
	const panel = claire.getByRole('region', { name: 'Importer des clients' });
	// Too large a file is refused with a clear message (by the page, before sending it).
	await panel.getByLabel('Fichier CSV').setInputFiles({
		name: 'clients.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(`Raison sociale\n${'Client\n'.repeat(90_000)}`)
	});
	await panel.getByRole('button', { name: 'Vérifier le fichier' }).click();
	await expect(panel.getByRole('alert')).toHaveText('Fichier trop volumineux (500 Ko au plus).');

	await panel.getByLabel('Fichier CSV').setInputFiles({
		name: 'clients.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(CSV, 'latin1')
	});
	await panel.getByRole('button', { name: 'Vérifier le fichier' }).click();
	await expect(panel.getByRole('status')).toContainText('1 ligne prête, 2 en erreur.');
	await expect(panel.getByRole('row', { name: /Ferme du Val/ })).toContainText(
		'SIREN invalide (clé de contrôle erronée).'
	);
	await expect(panel.getByRole('row', { name: /Alter CE/ })).toContainText(
		'Un client porte déjà ce nom : Alter Ce.'
	);
	// Nothing is written before the confirmation.
	await expect(claire.getByRole('link', { name: 'Garage des Lilas' })).toHaveCount(0);

	await panel.getByRole('button', { name: 'Importer 1 client' }).click();
	await expect(panel.getByRole('status')).toContainText('1 client importé ; 2 lignes écartées');
	const row = claire.getByRole('row', { name: /Garage des Lilas/ });
	await expect(row).toContainText('732 829 320');
	await expect(row).toContainText('31/03');
	await expect(row).toContainText('Paul Durand');

	// The list's search and filters, kept in the URL.
	await claire.getByLabel('Rechercher').fill('lilas');
	await expect(claire).toHaveURL(/q=lilas/);
	await expect(claire.locator('tbody tr')).toHaveCount(1);
	await claire.reload();
	await expect(claire.getByLabel('Rechercher')).toHaveValue('lilas');
	await expect(claire.locator('tbody tr')).toHaveCount(1);

	// Archived, the client leaves the list and is offered for no new task.
	await claire.getByRole('link', { name: 'Garage des Lilas' }).click();
	await claire.getByRole('button', { name: 'Archiver' }).click();
	await expect(claire.getByText('Archivé', { exact: true })).toBeVisible();
	await claire.getByRole('link', { name: 'Tâches' }).click();
	await claire.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const clients = claire.getByRole('dialog', { name: 'Nouvelle tâche' }).getByLabel('Client');
	await expect(clients.getByRole('option', { name: 'Alter Ce' })).toHaveCount(1);
	await expect(clients.getByRole('option', { name: 'Garage des Lilas' })).toHaveCount(0);
});

test('a collaborator sees no « Équipe » and is refused its page; an administrator manages it', async ({
	browser
}) => {
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul);
	await expect(paul.getByRole('link', { name: 'Clients' })).toBeVisible();
	await expect(paul.getByRole('link', { name: 'Équipe' })).toHaveCount(0);
	await paul.goto('/cabinet/equipe');
	await expect(paul.getByText('Réservé aux administrateurs du cabinet.')).toBeVisible();
	await expect(paul.getByText('claire.martin@cabinet-martin.fr')).toHaveCount(0);

	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	await claire.getByRole('link', { name: 'Équipe' }).click();
	await claire.getByLabel('Nom', { exact: true }).fill('Nina Roux');
	await claire.getByLabel('Adresse e-mail').fill('nina.roux@cabinet-martin.fr');
	await claire.getByRole('button', { name: 'Inviter', exact: true }).click();
	await expect(claire.getByLabel('Lien d’invitation')).toHaveValue(/\/invitation\//);
	const nina = claire.getByRole('row', { name: /Nina Roux/ });
	await expect(nina).toContainText('invité (lien valable jusqu’au');
	await expect(nina.getByRole('button', { name: 'Renvoyer l’invitation' })).toBeVisible();
	// An administrator cannot demote itself: its own row has no role control.
	await expect(claire.getByRole('combobox', { name: 'Rôle de Claire Martin' })).toHaveCount(0);
	await claire.getByRole('combobox', { name: 'Rôle de Nina Roux' }).selectOption('admin');
	await claire.reload();
	await expect(claire.getByRole('combobox', { name: 'Rôle de Nina Roux' })).toHaveValue('admin');
});

test('« Mot de passe oublié ? » without SMTP sends the user to the firm', async ({ page }) => {
	await page.goto('/login');
	await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
	await expect(page.getByRole('heading', { name: 'Mot de passe oublié' })).toBeVisible();
	await expect(page.getByText('demandez à votre interlocuteur au cabinet')).toBeVisible();
});
