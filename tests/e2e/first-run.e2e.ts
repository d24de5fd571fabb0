import { expect, test, type Browser } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';

/**
 * A firm starting from nothing, on the second server (empty data folder, no seed): setup, a
 * client, a contact invited, the contact's first sign-in through the link, then the firm's first
 * request arriving live in the contact's portal.
 */
const ORIGIN = process.env.E2E_FRESH_ORIGIN!;
test.use({ baseURL: ORIGIN });

async function freshPage(browser: Browser) {
	const context = await browser.newContext({ baseURL: ORIGIN });
	return context.newPage();
}

test('from an empty data folder to a contact reading the firm’s first request', async ({
	browser
}) => {
	// Setup: every page leads to it while the store is empty.
	const admin = await freshPage(browser);
	await admin.goto('/cabinet/taches');
	await expect(admin).toHaveURL(/\/setup$/);
	await expectNoSeriousA11yViolations(admin, 'setup');
	await admin.getByLabel('Nom du cabinet').fill('Cabinet Lemaire');
	await admin.getByLabel('Nom', { exact: true }).fill('Hélène Lemaire');
	await admin.getByLabel('Adresse e-mail').fill('helene@cabinet-lemaire.fr');
	await admin.getByLabel('Mot de passe').fill('un-long-mot-de-passe');
	await admin.getByRole('button', { name: 'Créer le cabinet' }).click();
	await expect(admin).toHaveURL(/\/cabinet\/taches$/);

	// A client, with its details.
	await admin.getByRole('link', { name: 'Clients' }).click();
	await admin.getByRole('button', { name: 'Nouveau client' }).click();
	const form = admin.getByRole('region', { name: 'Nouveau client' });
	await form.getByLabel('Raison sociale').fill('Boulangerie Neuve');
	await form.getByLabel('SIREN ou SIRET').fill('842 315 674');
	await form.getByLabel('Régime de TVA').selectOption('trimestriel');
	await form.getByLabel('Collaborateur en charge').selectOption({ label: 'Hélène Lemaire' });
	await form.getByRole('button', { name: 'Créer le client' }).click();
	await expect(form.getByText('SIREN invalide (clé de contrôle erronée).')).toBeVisible();
	await form.getByLabel('SIREN ou SIRET').fill('842 315 673');
	await form.getByRole('button', { name: 'Créer le client' }).click();
	await admin.getByRole('status').getByRole('link', { name: 'Boulangerie Neuve' }).click();

	// A contact, invited: the link is shown to copy (no SMTP configured here).
	await admin.getByLabel('Nom du contact').fill('Léa Petit');
	await admin.getByLabel('Adresse e-mail').fill('lea@boulangerie-neuve.fr');
	await admin.getByRole('button', { name: 'Ajouter le contact' }).click();
	const row = admin.getByRole('row', { name: /Léa Petit/ });
	await expect(row).toContainText('invité');
	await row.getByRole('button', { name: 'Inviter' }).click();
	const link = await admin.getByLabel('Lien d’invitation').inputValue();
	expect(link).toMatch(new RegExp(`^${ORIGIN}/invitation/[A-Za-z0-9_-]{43}$`));

	// The contact, in a browser of its own, chooses a password and lands on its portal.
	const lea = await freshPage(browser);
	await lea.goto(link);
	await expect(lea.getByText('Bonjour Léa Petit')).toBeVisible();
	await expectNoSeriousA11yViolations(lea, 'an invitation link');
	await lea.getByLabel('Mot de passe', { exact: true }).fill('le-pain-est-bon');
	await lea.getByLabel('Confirmer le mot de passe').fill('le-pain-est-bon');
	await lea.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(lea).toHaveURL(/\/portail$/);
	await expect(lea.getByRole('heading', { name: 'Demandes de Cabinet Lemaire' })).toBeVisible();

	// The firm creates a task and sends a request: the open portal shows it.
	await admin.getByRole('link', { name: 'Tâches' }).click();
	await admin.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const dialog = admin.getByRole('dialog', { name: 'Nouvelle tâche' });
	await dialog.getByLabel('Intitulé').fill('TVA T1 2027');
	await dialog.getByLabel('Client').selectOption({ label: 'Boulangerie Neuve' });
	await dialog.getByRole('button', { name: 'Créer la tâche' }).click();
	await admin.getByRole('link', { name: 'TVA T1 2027' }).click();
	await admin.getByLabel('Intitulé de la demande').fill('Relevés bancaires de janvier');
	await admin.getByLabel('Description').fill('Merci de déposer les relevés de janvier.');
	await admin.getByRole('button', { name: 'Transmettre' }).click();
	await expect(lea.getByRole('listitem', { name: 'Relevés bancaires de janvier' })).toBeVisible();

	// The link has been used: opening it again says so, and sets nothing.
	const again = await freshPage(browser);
	await again.goto(link);
	await expect(again.getByRole('alert')).toHaveText(
		'Ce lien a déjà été utilisé. Connectez-vous avec votre mot de passe.'
	);

	// The contact's status now says when it last signed in.
	await admin.goto('/cabinet/clients');
	await admin.getByRole('link', { name: 'Boulangerie Neuve' }).click();
	await expect(admin.getByRole('row', { name: /Léa Petit/ })).toContainText(
		'actif (dernière connexion le'
	);

	// Renamed, the client is found by its new name in « Tâches », without a reload.
	await admin.getByLabel('Raison sociale').fill('Boulangerie du Port');
	await admin.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(admin.getByText('Modifications enregistrées.')).toBeVisible();
	await admin.getByRole('link', { name: 'Tâches' }).click();
	await admin.getByLabel('Rechercher').fill('port');
	const rows = admin.locator('tbody tr[data-task-id]');
	await expect(rows).toHaveCount(1);
	await expect(rows).toContainText('Boulangerie du Port');
});
