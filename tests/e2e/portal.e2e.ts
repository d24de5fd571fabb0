import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { signedInPage, taskRow } from './helpers/session.ts';

/** The recurring rules' requests name their period (« novembre 2026 »), the seed's 2018 or 2019. */
const RECURRING = /\b20[2-9]\d\b/;

test('the client lists what is left to do first, filters, searches and comments', async ({
	browser
}) => {
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	// The seed's requests; the recurring rules' name their period (« novembre 2026 »).
	const items = sophie
		.locator('li[data-request-id]')
		.filter({ hasNot: sophie.getByRole('heading', { name: RECURRING }) });
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

test('Sophie never sees Dupont Maçonnerie’s requests nor any task, in the portal or by direct URL', async ({
	browser
}) => {
	// Jean deposits a file on one of Dupont Maçonnerie's requests; Claire knows its task's id.
	const jean = await signedInPage(browser, DEMO_ACCOUNTS.jean);
	const jeanRequest = jean.getByRole('listitem', { name: 'Factures de ventes avril 2019' });
	await jeanRequest.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'ventes-dupont.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4\nDupont\n%%EOF\n')
	});
	const fileLink = jeanRequest.getByRole('link', { name: 'ventes-dupont.pdf' });
	const fileUrl = await fileLink.getAttribute('href');
	expect((await jean.request.get(fileUrl!)).status()).toBe(200);
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	const dupontTaskId = await taskRow(claire, 'TVA 04/2019')
		.filter({ hasText: 'Dupont Maçonnerie' })
		.getAttribute('data-task-id');

	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	await expect(
		sophie
			.locator('li[data-request-id]')
			.filter({ hasNot: sophie.getByRole('heading', { name: RECURRING }) })
	).toHaveCount(12);
	await expect(sophie.getByText('Dupont')).toHaveCount(0);
	await expect(sophie.getByText('ventes-dupont.pdf')).toHaveCount(0);
	// No task anywhere: neither its title nor its collaborator.
	await expect(sophie.getByText('Prévisionnel', { exact: true })).toHaveCount(0);
	await expect(sophie.getByText('Paul Durand')).toHaveCount(0);

	expect((await sophie.request.get(fileUrl!)).status()).toBe(404);
	await sophie.goto(`/cabinet/taches/${dupontTaskId}`);
	await expect(sophie).toHaveURL('/portail');
	await sophie.goto('/cabinet/taches/par-client');
	await expect(sophie).toHaveURL('/portail');
	const requestId = await jeanRequest.getAttribute('data-request-id');
	const token = await (await jean.request.get('/api/collab-token')).json();
	const deposit = await sophie.request.post(
		`/api/clients/${token.clientId}/requests/${requestId}/documents`,
		{
			headers: { origin: new URL(sophie.url()).origin },
			multipart: {
				uploadId: crypto.randomUUID(),
				file: { name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF') }
			}
		}
	);
	expect(deposit.status()).toBe(404);
});

test('what the firm does appears in the open portal without reload; the portal is installable', async ({
	browser
}) => {
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	await expect(sophie.getByRole('status')).toHaveText('Enregistré');
	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire);
	await taskRow(claire, 'Prévisionnel').getByRole('link').click();

	await claire.getByLabel('Intitulé de la demande').fill('Kbis de moins de trois mois');
	await claire.getByLabel('Description').fill('Un extrait Kbis récent.');
	await claire.getByRole('button', { name: 'Transmettre' }).click();
	const fresh = sophie.getByRole('listitem', { name: 'Kbis de moins de trois mois' });
	await expect(fresh).toContainText('Un extrait Kbis récent.');

	const article = claire.getByRole('article', { name: 'Kbis de moins de trois mois' });
	await article.getByLabel('Commentaire').fill('Il est téléchargeable sur infogreffe.fr.');
	await article.getByRole('button', { name: 'Commenter' }).click();
	await article.getByRole('combobox').selectOption('in_progress');
	await expect(fresh.getByLabel('Statut')).toHaveValue('in_progress');
	await expect(fresh).toContainText('1 commentaire');

	const manifest = await (await sophie.request.get('/manifest.webmanifest')).json();
	expect(manifest).toMatchObject({ start_url: '/portail', display: 'standalone', lang: 'fr' });
	for (const icon of manifest.icons as { src: string; type: string }[]) {
		const response = await sophie.request.get(icon.src);
		expect(response.headers()['content-type']).toContain(icon.type);
	}
	await expect(sophie.locator('link[rel=manifest]')).toHaveAttribute(
		'href',
		'/manifest.webmanifest'
	);
});
