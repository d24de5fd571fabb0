import {
	chromium,
	expect,
	test,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { signIn, signedInPage, taskRow } from './helpers/session.ts';

/**
 * The portal offline-first (issue 4), in a persistent profile as a phone keeps one. Chromium keeps
 * an open WebSocket alive under `setOffline(true)`, so going offline here always means reloading
 * the page offline: the page then comes from the service worker and the data from IndexedDB.
 */
let profile: string;
let context: BrowserContext;

test.beforeEach(async ({ baseURL }, testInfo) => {
	profile = mkdtempSync(join(tmpdir(), 'navette-profile-'));
	context = await chromium.launchPersistentContext(profile, {
		...testInfo.project.use.launchOptions,
		baseURL
	});
});

test.afterEach(async () => {
	await context.close();
	rmSync(profile, { recursive: true, force: true });
});

/** Signs Sophie in and waits until the portal works offline: worker in control, data local. */
async function openPortal(): Promise<Page> {
	const page = context.pages()[0] ?? (await context.newPage());
	await signIn(page, DEMO_ACCOUNTS.sophie);
	await expect(page.getByRole('status')).toHaveText('Enregistré');
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
	return page;
}

async function reloadOffline(page: Page): Promise<void> {
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('status')).toContainText('Hors ligne');
}

/** A PDF (by its signature, which is what the server checks) of exactly `size` bytes. */
function paddedPdf(size: number): Buffer {
	const pdf = Buffer.alloc(size, 0x20);
	pdf.write('%PDF-1.4\n');
	pdf.write('\n%%EOF\n', size - 7);
	return pdf;
}

const request = (page: Page | Locator, title: string) =>
	page.getByRole('listitem', { name: title });

test('offline, Sophie answers a request; back online, the firm gets it all, once', async ({
	browser
}) => {
	const page = await openPortal();
	await reloadOffline(page);
	await expect(request(page, 'Budget des ventes 2019')).toBeVisible();
	// The kept page data still heads the requests with their tasks' titles.
	const group = (title: string) => page.getByRole('region', { name: title, exact: true });
	await expect(request(group('Prévisionnel'), 'Budget des ventes 2019')).toBeVisible();
	await expect(request(group('TVA 04/2019'), 'Relevé bancaire avril 2019')).toBeVisible();
	await expect(group('Autres demandes')).toHaveCount(0);

	const answered = request(page, 'Relevé bancaire avril 2019');
	await answered.getByLabel('Statut').selectOption({ label: 'Terminée' });
	await answered.getByText('Commentaires').click();
	await answered.getByLabel('Commentaire').fill('Relevé joint, envoyé depuis le train.');
	await answered.getByRole('button', { name: 'Commenter' }).click();
	await answered.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'releve-avril-2019.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4\nreleve avril\n%%EOF\n')
	});
	await expect(answered).toContainText("En attente d'envoi");
	await expect(page.getByRole('status')).toHaveText('Hors ligne — 3 modifications en attente');

	// Still offline, a reload loses nothing: the edits and the file wait in IndexedDB.
	await page.reload();
	await expect(page.getByRole('status')).toHaveText('Hors ligne — 3 modifications en attente');
	await expect(answered.getByLabel('Statut')).toHaveValue('done');
	await expect(answered).toContainText("En attente d'envoi");

	await context.setOffline(false);
	await expect(page.getByRole('status')).toHaveText('Enregistré', { timeout: 15_000 });
	await expect(answered.getByRole('link', { name: 'releve-avril-2019.pdf' })).toBeVisible();

	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul);
	await taskRow(paul, 'TVA 04/2019').filter({ hasText: 'Alter Ce' }).getByRole('link').click();
	const seen = paul.getByRole('article', { name: 'Relevé bancaire avril 2019' });
	await expect(seen.getByLabel(/Statut/)).toHaveValue('done');
	await expect(seen.getByText('Relevé joint, envoyé depuis le train.')).toHaveCount(1);
	await expect(seen.getByRole('link', { name: 'releve-avril-2019.pdf' })).toHaveCount(1);
	await paul.context().close();
});

test('an expired session loses nothing queued: sign in again and the queue goes on', async ({
	browser
}) => {
	const page = await openPortal();
	await reloadOffline(page);
	const answered = request(page, 'Factures de ventes avril 2019');
	await answered.getByText('Commentaires').click();
	await answered.getByLabel('Commentaire').fill('Factures de ventes : voir le fichier.');
	await answered.getByRole('button', { name: 'Commenter' }).click();
	await answered.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'ventes-avril.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('date;montant\n2019-04-02;1200\n')
	});
	await expect(page.getByRole('status')).toHaveText('Hors ligne — 2 modifications en attente');

	// Meanwhile the session ended (expired, or signed out elsewhere).
	await context.clearCookies();
	await context.setOffline(false);
	await expect(page).toHaveURL(/\/login\?redirect=%2Fportail/, { timeout: 15_000 });
	await page.getByLabel('Adresse e-mail').fill(DEMO_ACCOUNTS.sophie);
	await page.getByLabel('Mot de passe').fill('navette-demo');
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/portail$/);
	await expect(page.getByRole('status')).toHaveText('Enregistré', { timeout: 15_000 });
	await expect(answered.getByRole('link', { name: 'ventes-avril.csv' })).toBeVisible();

	const paul = await signedInPage(browser, DEMO_ACCOUNTS.paul);
	await taskRow(paul, 'TVA 04/2019').filter({ hasText: 'Alter Ce' }).getByRole('link').click();
	const seen = paul.getByRole('article', { name: 'Factures de ventes avril 2019' });
	await expect(seen.getByText('Factures de ventes : voir le fichier.')).toHaveCount(1);
	await expect(seen.getByRole('link', { name: 'ventes-avril.csv' })).toHaveCount(1);
	await paul.context().close();
});

test('a 20 MB file shows its progress and arrives; a file over the limit is refused at once', async () => {
	const page = await openPortal();
	const target = request(page, 'Justificatif du virement du 12/04');
	// Slow the upload down to something a phone would see, so that its progress can be watched.
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 20,
		downloadThroughput: -1,
		uploadThroughput: 8 * 1024 * 1024
	});
	await target.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'scan-virement.pdf',
		mimeType: 'application/pdf',
		buffer: paddedPdf(20 * 1024 * 1024)
	});
	const progress = target.getByRole('progressbar', { name: 'Envoi de scan-virement.pdf' });
	await expect(progress).toBeVisible();
	await expect
		.poll(async () => Number(await progress.getAttribute('value')), { timeout: 10_000 })
		.toBeGreaterThan(0);
	await expect(target.getByRole('link', { name: 'scan-virement.pdf' })).toBeVisible({
		timeout: 20_000
	});
	await cdp.send('Network.emulateNetworkConditions', {
		offline: false,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput: -1
	});

	await target.getByLabel(/^Déposer un document/).setInputFiles({
		name: 'trop-gros.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.alloc(26 * 1024 * 1024, 1)
	});
	await expect(target.getByRole('alert')).toHaveText(
		'Refusé : Le fichier dépasse la taille maximale autorisée (25 Mo).'
	);
	await expect(target.getByRole('link', { name: 'trop-gros.pdf' })).toHaveCount(0);
});
