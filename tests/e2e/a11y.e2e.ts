import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { passwordResetLink, signIn, signedInPage, taskRow, taskStatus } from './helpers/session.ts';

/**
 * axe-core on every page staff and clients use (issue 14), each once its data has arrived, since
 * most of what axe reads (tables, cards, controls) is drawn from the synced documents. Nothing
 * here changes the demo firm (a reset link made for Sophie is left unused): the specs after
 * this one count its tasks and requests. The first-run pages (setup, a contact's invitation link)
 * are checked in `first-run.e2e.ts`, where they are opened.
 */

const synced = (page: Page) => expect(page.getByRole('status')).toHaveText('Enregistré');

test('the signed-out pages: login, its error, password forgotten, invitation links, a 404', async ({
	page,
	browser
}) => {
	await page.goto('/login');
	await expectNoSeriousA11yViolations(page, 'login');
	await page.getByLabel('Adresse e-mail').fill(DEMO_ACCOUNTS.claire);
	await page.getByLabel('Mot de passe').fill('pas-le-bon');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'login with an error');

	await page.goto('/mot-de-passe-oublie');
	await expect(page.getByRole('heading', { name: 'Mot de passe oublié' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'password forgotten');

	await page.goto(`/invitation/${'x'.repeat(43)}`);
	await expect(page.getByRole('alert')).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'invitation, unknown link');

	const resetLink = await passwordResetLink(browser, 'Alter Ce', 'Sophie Leroy');
	await page.goto(resetLink);
	await expect(page.getByText('Bonjour Sophie Leroy')).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'a password reset link');

	await page.goto('/nulle-part');
	await expect(page.getByRole('heading', { name: 'Page introuvable' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'an unknown address');
});

test('the firm’s pages, as an administrator', async ({ page }) => {
	// Every firm page through axe, one after the other: more than the default 30 s on a busy machine.
	test.setTimeout(60_000);
	await signIn(page, DEMO_ACCOUNTS.claire);
	await synced(page);
	await expect(page.locator('tbody tr[data-task-id]').first()).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/taches');

	// A row's status by keyboard: its button opens the select, focused; Escape gives the button
	// back, focused, the status unchanged.
	const status = taskStatus(taskRow(page, 'Prévisionnel'));
	const named = (await status.getAttribute('aria-label'))!;
	expect(named).toMatch(/^Statut de la tâche Prévisionnel : /);
	await status.focus();
	await page.keyboard.press('Enter');
	const select = taskRow(page, 'Prévisionnel').getByRole('combobox', {
		name: 'Statut de la tâche Prévisionnel'
	});
	await expect(select).toBeFocused();
	await expectNoSeriousA11yViolations(page, '/cabinet/taches, a status select open');
	await select.press('Escape');
	await expect(status).toBeFocused();
	await expect(status).toHaveAccessibleName(named);

	await page.getByRole('button', { name: 'Nouvelle tâche' }).click();
	const dialog = page.getByRole('dialog', { name: 'Nouvelle tâche' });
	await expect(dialog).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'the « Nouvelle tâche » dialog');
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();

	await taskRow(page, 'Prévisionnel').getByRole('link').click();
	await expect(page.getByRole('article', { name: 'Budget des ventes 2019' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'a task page');

	await page.getByRole('link', { name: 'Par client' }).click();
	await expect(page.getByRole('heading', { name: 'Alter Ce' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/taches/par-client');

	await page.getByRole('link', { name: 'GED' }).click();
	await expect(page.getByRole('heading', { name: 'GED' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/ged');

	await page.getByRole('link', { name: 'Clients' }).click();
	await expect(page.getByRole('link', { name: 'Alter Ce' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/clients');
	await page.getByRole('button', { name: 'Nouveau client' }).click();
	await expect(page.getByRole('region', { name: 'Nouveau client' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/clients, the new client form');

	await page.getByRole('link', { name: 'Alter Ce' }).click();
	await expect(page.getByRole('heading', { name: 'Contacts du portail' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'a client page');

	await page.getByRole('link', { name: 'Équipe' }).click();
	await expect(page.getByRole('heading', { name: 'Équipe du cabinet' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/equipe');

	await page.getByRole('link', { name: 'Relances', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Relances automatiques' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/relances');

	await page.getByRole('link', { name: 'Boîte d’envoi', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'Boîte d’envoi' })).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/cabinet/boite-d-envoi');
});

test('the firm’s pages, as a collaborator', async ({ browser }) => {
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul, '/cabinet/equipe');
	await expect(paul.getByText('Réservé aux administrateurs du cabinet.')).toBeVisible();
	await expectNoSeriousA11yViolations(paul, '/cabinet/equipe, refused');
	await paul.context().close();
});

test('the portal: requests, comments open, documents', async ({ page }) => {
	await signIn(page, DEMO_ACCOUNTS.sophie);
	await synced(page);
	await expect(page.locator('li[data-request-id]').first()).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/portail');

	const request = page.getByRole('listitem', { name: 'Loyer et bail commercial' });
	await request.getByText('Commentaires').click();
	await expect(request.getByLabel('Commentaire')).toBeVisible();
	await expectNoSeriousA11yViolations(page, '/portail, a comment thread open');

	await page.getByRole('link', { name: 'Mes documents' }).click();
	await expect(page.getByRole('heading', { name: 'Mes documents' })).toBeVisible();
	await expect(page.getByText('Chargement des documents…')).toBeHidden();
	await expectNoSeriousA11yViolations(page, '/portail/documents');
});
