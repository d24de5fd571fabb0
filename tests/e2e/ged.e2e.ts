import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { signedInPage } from './helpers/session.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('a PDF Sophie deposits is filed in the GED, where Claire previews, downloads and moves it; Jean gets 404', async ({
	browser
}) => {
	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	const request = sophie.getByRole('listitem', { name: 'Factures d’achats avril 2019' });
	await request.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'Factures achats avril.pdf',
		mimeType: 'application/octet-stream',
		buffer: PDF
	});
	await expect(request.getByRole('link', { name: 'Factures achats avril.pdf' })).toBeVisible();
	await expectNoSeriousA11yViolations(sophie, '/portail, a document deposited');
	// « Mes documents » lists it with the request it answers.
	await sophie.getByRole('link', { name: 'Mes documents' }).click();
	// Until the page has changed, the request's own item holds the file name too.
	await expect(sophie.getByRole('heading', { name: 'Mes documents' })).toBeVisible();
	await expect(
		sophie.getByRole('listitem').filter({ hasText: 'Factures achats avril.pdf' })
	).toContainText('pour « Factures d’achats avril 2019 »');
	await expectNoSeriousA11yViolations(sophie, '/portail/documents, one listed');

	const claire = await signedInPage(browser, DEMO_ACCOUNTS.claire, '/cabinet/ged');
	const tree = claire.getByRole('tree', { name: 'Dossiers' });
	for (const folder of ['Alter Ce', '2019', 'TVA', '2019-04']) {
		await tree.getByRole('button', { name: new RegExp(`^${folder} \\d+$`) }).click();
	}
	const row = claire.locator('tr[data-file-id]').filter({ hasText: 'Factures achats avril.pdf' });
	await expect(row).toContainText('Alter Ce/2019/TVA/2019-04');
	await expect(row.getByRole('link', { name: 'Factures d’achats avril 2019' })).toBeVisible();

	await row.getByRole('button', { name: 'Factures achats avril.pdf' }).click();
	const preview = claire.getByRole('complementary', {
		name: 'Aperçu de Factures achats avril.pdf'
	});
	const frame = preview.locator('iframe');
	// The viewer loaded the file (a blocked frame would show Chromium's error page instead).
	await expect
		.poll(() => claire.frames().map((f) => f.url()))
		.toContainEqual(expect.stringMatching(/\/api\/files\/[\w-]+\?apercu$/));
	await expectNoSeriousA11yViolations(claire, '/cabinet/ged, a folder open and a file previewed');
	const previewed = await claire.request.get((await frame.getAttribute('src'))!);
	expect(previewed.status()).toBe(200);
	expect(previewed.headers()['content-disposition']).toMatch(/^inline/);
	expect(previewed.headers()['content-security-policy']).toMatch(/^sandbox/);

	const [download] = await Promise.all([
		claire.waitForEvent('download'),
		preview.getByRole('link', { name: 'Télécharger' }).click()
	]);
	expect(download.suggestedFilename()).toBe('Factures achats avril.pdf');
	const fileUrl = download.url();

	// Jean, of another client, gets a plain 404 on the same address.
	const jean = await signedInPage(browser, DEMO_ACCOUNTS.jean);
	expect((await jean.request.get(fileUrl)).status()).toBe(404);

	// Claire files it elsewhere in Alter Ce's folders, and not in another client's.
	await row.getByRole('button', { name: 'Déplacer…' }).click();
	const folder = row.getByLabel('Nouveau dossier de Factures achats avril.pdf');
	await folder.fill('Dupont Maçonnerie/2019');
	await row.getByRole('button', { name: 'Déplacer', exact: true }).click();
	await expect(row.getByRole('alert')).toHaveText(
		'Le dossier doit rester dans celui du client (Alter Ce).'
	);
	await folder.fill('Alter Ce/2019/TVA/Archives');
	await row.getByRole('button', { name: 'Déplacer', exact: true }).click();
	// It left the folder on screen, « 2019-04 », for a new one.
	await expect(row).toBeHidden();
	await tree.getByRole('button', { name: /^Archives 1$/ }).click();
	await expect(claire.locator('tr[data-file-id]')).toHaveCount(1);
	await expect(row).toContainText('Alter Ce/2019/TVA/Archives');

	// Search by name, without accents, and the type filter.
	await claire.getByRole('button', { name: /^Tous les dossiers/ }).click();
	await claire.getByRole('search').getByLabel('Rechercher').fill('factures achat');
	await expect(row).toBeVisible();
	await claire.getByRole('search').getByLabel('Type').selectOption({ label: 'Images' });
	await expect(row).toBeHidden();
});

test('staff deposit through the same pipeline: the client gets the file on its request', async ({
	browser
}) => {
	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul);
	await paul
		.locator('tbody tr[data-task-id]')
		.filter({ hasText: 'Alter Ce' })
		.filter({ hasText: 'TVA 04/2019' })
		.getByRole('link')
		.click();
	const card = paul.getByRole('article', { name: 'Justificatif du virement du 12/04' });
	await card.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'modele-attestation.pdf',
		mimeType: 'application/pdf',
		buffer: PDF
	});
	await expect(card.getByRole('link', { name: 'modele-attestation.pdf' })).toBeVisible();
	await card.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'script.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('<html><script>alert(1)</script></html>')
	});
	await expect(card.getByRole('alert')).toContainText(
		'Refusé : Ce fichier contient du code de page web'
	);
	await expectNoSeriousA11yViolations(paul, 'a task page, a document filed and one refused');

	const sophie = await signedInPage(browser, DEMO_ACCOUNTS.sophie);
	await expect(
		sophie
			.getByRole('listitem', { name: 'Justificatif du virement du 12/04' })
			.getByRole('link', { name: 'modele-attestation.pdf' })
	).toBeVisible();
});
