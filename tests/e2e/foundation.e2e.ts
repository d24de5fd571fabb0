import { expect, test, type Page } from '@playwright/test';
import { createTask, readTasks } from '../../src/lib/doc/tasks.ts';
import { tasksDocName } from '../../src/lib/domain/doc-names.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { collabToken, loginCookie } from '../helpers/http.ts';
import { connectProvider } from '../helpers/providers.ts';
import { taskStatus } from './helpers/session.ts';

/** The recurring rules' requests name their period (« novembre 2026 »), the seed's 2018 or 2019. */
const RECURRING = /\b20[2-9]\d\b/;

async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
}

test('a wrong password gets a clear French error and no session', async ({ page }) => {
	await signIn(page, DEMO_ACCOUNTS.claire, 'pas-le-bon');
	await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
	await page.goto('/cabinet/taches');
	await expect(page).toHaveURL(/\/login\?redirect=/);
});

test('Claire sees the three demo tasks, live, and a change from another session without reload', async ({
	page,
	baseURL
}) => {
	await signIn(page, DEMO_ACCOUNTS.claire);
	await expect(page).toHaveURL('/cabinet/taches');
	// The seed's tasks (all of 2019); the recurring rules add the month's VAT task of 2026 on.
	const rows = page.locator('tbody tr[data-task-id]').filter({ hasText: '2019' });
	await expect(rows).toHaveCount(3);
	await expect(rows.filter({ hasText: 'Prévisionnel' })).toContainText(
		'8 demandes · 7 à faire · 1 à valider · 0 validée'
	);
	await expect(rows.filter({ hasText: 'Prévisionnel' })).toContainText('Alter Ce');
	await expect(rows.filter({ hasText: 'Prévisionnel' })).toContainText('Claire Martin');
	await expect(taskStatus(rows.filter({ hasText: 'Dupont Maçonnerie' }))).toHaveAccessibleName(
		/ : Terminée$/
	);
	await expect(page.getByRole('status')).toHaveText('Enregistré');

	// A second session (Paul, through the real login and token endpoints) creates a task.
	const origin = baseURL!;
	const cookie = await loginCookie(origin, DEMO_ACCOUNTS.paul, DEMO_PASSWORD);
	const info = await collabToken(origin, cookie);
	const paul = connectProvider({
		url: origin.replace('http', 'ws') + '/collab',
		origin,
		name: tasksDocName(info.firmId as string),
		token: async () => (await collabToken(origin, cookie)).token as string
	});
	try {
		await paul.synced;
		const alterCe = readTasks(paul.doc).find((task) => task.title === 'Prévisionnel')!.clientId;
		createTask(
			paul.doc,
			{ title: 'Bilan 2019', clientId: alterCe, assigneeId: info.userId as string },
			{ id: info.userId as string, name: 'Paul Durand' }
		);
		await paul.saved();
		const row = page.locator('tbody tr', { hasText: 'Bilan 2019' });
		await expect(row).toBeVisible();
		await expect(row).toContainText('Paul Durand');
		await expect(row).toContainText('Alter Ce');
		await expect(rows).toHaveCount(4);
	} finally {
		paul.destroy();
	}
});

test('Sophie sees only Alter Ce’s requests, and never the firm’s pages', async ({ page }) => {
	await signIn(page, DEMO_ACCOUNTS.sophie);
	await expect(page).toHaveURL('/portail');
	const items = page
		.locator('li[data-request-id]')
		.filter({ hasNot: page.getByRole('heading', { name: RECURRING }) });
	await expect(items).toHaveCount(12);
	await expect(items.filter({ hasText: 'Budget des ventes 2019' })).toHaveCount(1);
	await expect(page.getByRole('status')).toHaveText('Enregistré');

	await page.goto('/cabinet/taches');
	await expect(page).toHaveURL('/portail');
	const response = await page.request.get('/cabinet/taches', { maxRedirects: 0 });
	expect([303, 403]).toContain(response.status());
	expect(await response.text()).not.toContain('Prévisionnel');
});

test('Jean sees Dupont Maçonnerie’s three requests only; logout ends the session', async ({
	page
}) => {
	await signIn(page, DEMO_ACCOUNTS.jean);
	const items = page
		.locator('li[data-request-id]')
		.filter({ hasNot: page.getByRole('heading', { name: RECURRING }) });
	await expect(items).toHaveCount(3);
	await expect(page.getByText('Budget des ventes 2019')).toHaveCount(0);
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL('/login');
	const token = await page.request.get('/api/collab-token');
	expect(token.status()).toBe(401);
});
