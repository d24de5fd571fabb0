import { expect, test, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { DEMO_ACCOUNTS } from '../../server/seed.ts';
import { issueSigninLink } from '../../src/lib/server/auth/signin.ts';
import { SQLITE_FILE_NAME } from '../../src/lib/server/store/index.ts';
import { SqliteStore } from '../../src/lib/server/store/SqliteStore.ts';
import { expectNoSeriousA11yViolations } from './helpers/axe.ts';
import { signIn } from './helpers/session.ts';

/**
 * Issue 13's browser journey, on the demo server that sends through a real SMTP server
 * (playwright.config.ts: `E2E_RELANCES_ORIGIN`, the sink's mails at `E2E_SMTP_MAILS`). The steps
 * run in order and share that server: Claire reminds Alter Ce, Sophie's e-mail lists exactly her
 * open requests, its link opens her portal in a browser that never signed in, she marks one
 * « Terminée », and the next reminder leaves it out.
 *
 * « The next reminder » without a clock to move: one digest per contact per day, so a second
 * « Relancer » the same day sends Sophie nothing. What it leaves out is checked on the preview of
 * Sophie's next digest, and, through the SMTP server, on the digest of a second contact of Alter
 * Ce added in the meantime (a contact not yet reminded that day).
 */
const ORIGIN = process.env.E2E_RELANCES_ORIGIN!;
const MAILS = process.env.E2E_SMTP_MAILS!;
test.use({ baseURL: ORIGIN });
test.describe.configure({ mode: 'serial' });

interface SinkMail {
	to: string[];
	subject: string;
	text: string;
	html: string;
}

const OPEN_REQUESTS = [
	'Budget des ventes 2019',
	'Investissements prévus',
	'Embauches prévues',
	'Contrats de prêt',
	'Loyer et bail commercial',
	'Charges fixes mensuelles',
	'Apports des associés',
	'Relevé bancaire avril 2019',
	'Factures de ventes avril 2019',
	'Factures d’achats avril 2019',
	'Justificatif du virement du 12/04'
];
const DONE_BY_SOPHIE = 'Budget des ventes 2019';
const MARC = { name: 'Marc Leroy', email: 'marc.leroy@alterce.fr' };

async function mailsTo(address: string): Promise<SinkMail[]> {
	const mails = (await (await fetch(MAILS)).json()) as SinkMail[];
	return mails.filter((mail) => mail.to.includes(address));
}

/** The request titles a digest's text lists (`- Title (échéance : …)`). */
function listed(text: string): string[] {
	return text
		.split('\n')
		.filter((line) => line.startsWith('- '))
		.map((line) => line.slice(2).replace(/ \(échéance[^)]*\)$/, ''));
}

function signinPath(text: string): string {
	const url = /Ouvrir mon espace : (\S+)/.exec(text)?.[1];
	expect(url, 'the digest carries a sign-in link').toBeTruthy();
	return new URL(url!).pathname;
}

async function claireOnAlterCe(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ baseURL: ORIGIN });
	const page = await context.newPage();
	await signIn(page, DEMO_ACCOUNTS.claire);
	await page.goto('/cabinet/clients');
	await page.getByRole('link', { name: 'Alter Ce' }).click();
	await expect(page.getByRole('heading', { name: 'Relances', exact: true })).toBeVisible();
	return page;
}

/** « Relancer » on the client's page: the preview dialog, once it shows. */
async function openPreview(page: Page) {
	await page
		.getByRole('region', { name: 'Relances', exact: true })
		.getByRole('button', { name: 'Relancer', exact: true })
		.click();
	const dialog = page.getByRole('dialog', { name: 'Aperçu de la relance' });
	await expect(dialog).toBeVisible();
	return dialog;
}

/** The request titles of the preview of the e-mail to `name`, in its text version. */
async function previewedFor(dialog: ReturnType<Page['getByRole']>, name: string) {
	const mail = dialog.getByRole('region', { name: `E-mail à ${name}` });
	await mail.getByLabel('Texte seul').check();
	return listed(await mail.getByLabel(/\(texte\)$/).innerText());
}

let sophiePath = '';

test('Claire previews and sends « Relancer » on Alter Ce: one e-mail for Sophie, listing exactly her open requests', async ({
	browser
}) => {
	// Several pages through axe, and a second browser profile: more than the default 30 s on a busy machine.
	test.setTimeout(60_000);
	const page = await claireOnAlterCe(browser);
	await expectNoSeriousA11yViolations(page, 'client page with reminders');
	const dialog = await openPreview(page);
	await expect(dialog).toContainText('Sophie Leroy');
	await expect(dialog.getByTitle('Aperçu de l’e-mail à Sophie Leroy')).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'reminder preview dialog');
	expect((await previewedFor(dialog, 'Sophie Leroy')).sort()).toEqual([...OPEN_REQUESTS].sort());
	expect(await mailsTo(DEMO_ACCOUNTS.sophie)).toEqual([]);

	await dialog.getByRole('button', { name: 'Envoyer' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('status').filter({ hasText: 'Relance envoyée' })).toContainText(
		'Sophie Leroy'
	);
	await expect.poll(async () => (await mailsTo(DEMO_ACCOUNTS.sophie)).length).toBe(1);
	const [mail] = await mailsTo(DEMO_ACCOUNTS.sophie);
	expect(listed(mail!.text).sort()).toEqual([...OPEN_REQUESTS].sort());
	expect(listed(mail!.text)).not.toContain('Relevés bancaires 2018');
	sophiePath = signinPath(mail!.text);

	// The history says it, and, once the SMTP server took it, that it was delivered.
	const latest = page
		.getByRole('table', { name: 'Historique des relances' })
		.getByRole('row')
		.nth(1);
	await expect(latest).toContainText('Sophie Leroy');
	await expect(latest).toContainText('Par Claire Martin');
	await expect(latest).toContainText('Budget des ventes 2019');
	await expect(async () => {
		await page.reload();
		await expect(latest).toContainText(/Envoyée le/, { timeout: 1_000 });
	}).toPass();
	await page.context().close();
});

test('a browser that never signed in opens the link and lands on Sophie’s portal; she marks one request « Terminée »', async ({
	browser
}) => {
	expect(sophiePath).not.toBe('');
	const context = await browser.newContext({ baseURL: ORIGIN });
	const page = await context.newPage();
	await page.goto(sophiePath);
	await expect(page.getByText('Bonjour Sophie Leroy')).toBeVisible();
	await page.getByRole('button', { name: 'Accéder à mon espace' }).click();
	await expect(page).toHaveURL(/\/portail$/);
	const request = page.getByRole('listitem', { name: DONE_BY_SOPHIE });
	await request.getByRole('combobox').selectOption('done');
	await expect(page.getByText('Enregistré')).toBeVisible();
	await context.close();
});

test('the next reminder leaves the finished request out: in Sophie’s preview, and in the e-mail of a contact added since', async ({
	browser
}) => {
	const page = await claireOnAlterCe(browser);
	const expected = OPEN_REQUESTS.filter((title) => title !== DONE_BY_SOPHIE).sort();
	await expect
		.poll(async () => {
			const dialog = await openPreview(page);
			const titles = await previewedFor(dialog, 'Sophie Leroy');
			await dialog.getByRole('button', { name: 'Annuler' }).click();
			return titles.sort();
		})
		.toEqual(expected);

	await page.getByLabel('Nom du contact').fill(MARC.name);
	await page.getByLabel('Adresse e-mail').fill(MARC.email);
	await page.getByRole('button', { name: 'Ajouter le contact' }).click();
	await expect(page.getByRole('row', { name: new RegExp(MARC.name) })).toBeVisible();

	const dialog = await openPreview(page);
	await dialog.getByRole('button', { name: 'Envoyer' }).click();
	const status = page.getByRole('status').filter({ hasText: 'Relance envoyée' });
	await expect(status).toContainText(MARC.name);
	await expect(status).toContainText('Sophie Leroy a déjà reçu une relance aujourd’hui');
	await expect.poll(async () => (await mailsTo(MARC.email)).length).toBe(1);
	const [mail] = await mailsTo(MARC.email);
	expect(listed(mail!.text).sort()).toEqual(expected);
	// One digest per contact per day: nothing more for Sophie.
	expect(await mailsTo(DEMO_ACCOUNTS.sophie)).toHaveLength(1);
	await page.context().close();
});

test('« Ne pas relancer » Alter Ce until a date: « Relancer » says why it sends nothing, until the pause is lifted', async ({
	browser
}) => {
	const page = await claireOnAlterCe(browser);
	const region = page.getByRole('region', { name: 'Relances', exact: true });
	await region.getByLabel('Jusqu’au (facultatif)').fill('2099-12-31');
	await region.getByRole('button', { name: 'Ne pas relancer' }).click();
	await expect(region.getByText('Relances suspendues jusqu’au 31/12/2099 inclus.')).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'client page, reminders paused');
	const dialog = await openPreview(page);
	await expect(dialog.getByRole('alert')).toContainText('suspendues jusqu’au 31/12/2099');
	await expect(dialog.getByRole('button', { name: 'Envoyer' })).toHaveCount(0);
	await dialog.getByRole('button', { name: 'Annuler' }).click();
	await region.getByRole('button', { name: 'Reprendre les relances' }).click();
	await expect(region.getByRole('button', { name: 'Ne pas relancer' })).toBeVisible();
	await page.context().close();
});

test('a tampered or expired link opens nothing', async ({ browser }) => {
	expect(sophiePath).not.toBe('');
	const secret = sophiePath.split('/').at(-1)!;
	const tampered = sophiePath.replace(secret, `${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`);
	const store = SqliteStore.open(join(process.env.E2E_RELANCES_DATA_DIR!, SQLITE_FILE_NAME));
	let expired: string;
	try {
		const sophie = (await store.getUserByEmail(DEMO_ACCOUNTS.sophie))!;
		const week = 8 * 86_400_000;
		const link = await issueSigninLink({ store, origin: ORIGIN }, sophie.id, {
			now: Date.now() - week
		});
		expired = new URL(link!.url).pathname;
	} finally {
		await store.close();
	}
	for (const [path, message] of [
		[tampered, 'Ce lien de connexion n’est pas valide'],
		[expired, 'Ce lien de connexion a expiré']
	] as const) {
		const context = await browser.newContext({ baseURL: ORIGIN });
		const page = await context.newPage();
		await page.goto(path);
		await expect(page.getByRole('alert')).toContainText(message);
		await expect(page.getByRole('button', { name: 'Accéder à mon espace' })).toHaveCount(0);
		await page.goto('/portail');
		await expect(page).toHaveURL(/\/login/);
		await context.close();
	}
});

test('a request shows its reminders, and « Tâches » filters on them', async ({ browser }) => {
	// Several pages through axe, and a second browser profile: more than the default 30 s on a busy machine.
	test.setTimeout(60_000);
	const context = await browser.newContext({ baseURL: ORIGIN });
	const page = await context.newPage();
	await signIn(page, DEMO_ACCOUNTS.claire);
	await page.goto('/cabinet/taches');
	await page.getByLabel('Relances').selectOption({ label: 'Jamais relancées' });
	await expect(page).toHaveURL(/reminded=never/);
	await expect(page.locator('tbody tr[data-task-id]')).toHaveCount(1);
	await expect(page.locator('tbody tr[data-task-id]')).toContainText('Dupont Maçonnerie');
	await page.getByLabel('Relances').selectOption({ label: 'Relancées' });
	await expect(page.locator('tbody tr[data-task-id]')).toHaveCount(2);
	await expectNoSeriousA11yViolations(page, 'tasks filtered by reminders');

	await page.getByRole('link', { name: 'Prévisionnel' }).click();
	const reminded = page.getByRole('group', { name: 'Relances de la demande Contrats de prêt' });
	// Sophie's digest, then Marc's: each reminder of a contact counts.
	await expect(reminded).toContainText(/Relancée (une fois|\d+ fois) · dernière le \d\d\/\d\d/);
	const never = page.getByRole('group', { name: 'Relances de la demande Relevés bancaires 2018' });
	await expect(never).toContainText('Jamais relancée');
	await expectNoSeriousA11yViolations(page, 'task page with reminders');

	await reminded.getByRole('button', { name: 'Relancer la demande Contrats de prêt' }).click();
	const dialog = page.getByRole('dialog', { name: 'Aperçu de la relance' });
	await dialog.getByLabel('Texte seul').first().check();
	const titles = listed(
		await dialog
			.getByLabel(/\(texte\)$/)
			.first()
			.innerText()
	);
	expect(titles).toEqual(['Contrats de prêt']);
	await dialog.getByRole('button', { name: 'Annuler' }).click();

	await reminded.getByLabel('Ne pas relancer cette demande').check();
	await expect(reminded.getByRole('button', { name: /Relancer/ })).toHaveCount(0);
	await page.reload();
	await expect(reminded.getByLabel('Ne pas relancer cette demande')).toBeChecked();
	await reminded.getByLabel('Ne pas relancer cette demande').uncheck();
	await expect(reminded.getByRole('button', { name: /Relancer/ })).toBeVisible();
	await context.close();
});

test('« Par client » reminds several clients at once and says what it skipped', async ({
	browser
}) => {
	const context = await browser.newContext({ baseURL: ORIGIN });
	const page = await context.newPage();
	await signIn(page, DEMO_ACCOUNTS.claire);
	await page.goto('/cabinet/taches/par-client');
	await page.getByRole('checkbox', { name: 'Alter Ce' }).check();
	await page.getByRole('checkbox', { name: 'Dupont Maçonnerie' }).check();
	await page.getByRole('button', { name: 'Relancer (2)' }).click();
	const summary = page.getByRole('status').filter({ hasText: 'Non relancés' });
	await expect(summary).toContainText('Alter Ce');
	await expect(summary).toContainText('Dupont Maçonnerie');
	await expectNoSeriousA11yViolations(page, 'Par client after Relancer');
	await context.close();
});

test('« Boîte d’envoi » shows each e-mail as its contact reads it', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: ORIGIN });
	const page = await context.newPage();
	await signIn(page, DEMO_ACCOUNTS.claire);
	await page.getByRole('link', { name: 'Boîte d’envoi', exact: true }).click();
	await expect(page.getByText('L’envoi d’e-mails n’est pas configuré')).toHaveCount(0);
	const message = page.locator('details').filter({ hasText: 'Sophie Leroy' }).first();
	await message.locator('summary').click();
	await expect(message).toContainText(/Envoyé le/);
	const frame = message.getByTitle(/E-mail « .* » à Sophie Leroy/);
	await expect(frame).toHaveAttribute('sandbox', '');
	await expect(
		message.frameLocator('iframe').getByRole('link', { name: 'Ouvrir mon espace' })
	).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'Boîte d’envoi, a message open');
	await context.close();
});

test('« Relances » settings: administrators only, French errors per field', async ({ browser }) => {
	const paul = await browser.newContext({ baseURL: ORIGIN });
	const paulPage = await paul.newPage();
	await signIn(paulPage, DEMO_ACCOUNTS.paul);
	await expect(paulPage.getByRole('link', { name: 'Relances' })).toHaveCount(0);
	await paulPage.goto('/cabinet/relances');
	await expect(paulPage.getByText('Réservé aux administrateurs du cabinet.')).toBeVisible();
	await expect(paulPage.getByLabel('Relancer automatiquement les clients')).toHaveCount(0);
	await paul.close();

	const context = await browser.newContext({ baseURL: ORIGIN });
	const page = await context.newPage();
	await signIn(page, DEMO_ACCOUNTS.claire);
	await page.getByRole('link', { name: 'Relances' }).click();
	await expect(page.getByRole('heading', { name: 'Relances automatiques' })).toBeVisible();
	// Off on this server (tests/e2e/helpers/prepare-relances.ts); left so, the day's pass stays away.
	await expect(page.getByLabel('Relancer automatiquement les clients')).not.toBeChecked();
	await expect(page.getByLabel(/Relance avant l’échéance/)).toHaveValue('3');
	await expectNoSeriousA11yViolations(page, 'Relances settings');

	await page.getByLabel(/Nombre maximum de relances/).fill('0');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('doit être compris entre 1 et 20')).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'Relances settings with an error');
	await page.getByLabel(/Nombre maximum de relances/).fill('5');
	await page.getByLabel('Heure d’envoi (heure de Paris)').fill('08:30');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Réglages enregistrés' })).toBeVisible();
	await page.reload();
	await expect(page.getByLabel(/Nombre maximum de relances/)).toHaveValue('5');
	await expect(page.getByLabel('Heure d’envoi (heure de Paris)')).toHaveValue('08:30');
	await context.close();
});

test('without SMTP, « Boîte d’envoi » and « Relances » say that e-mail is not configured', async ({
	browser
}) => {
	// The main demo server of the run, which has no SMTP_URL.
	const context = await browser.newContext({
		baseURL: `http://localhost:${process.env.E2E_PORT ?? 4317}`
	});
	const page = await context.newPage();
	await signIn(page, DEMO_ACCOUNTS.claire);
	await page.goto('/cabinet/boite-d-envoi');
	await expect(
		page.getByText('L’envoi d’e-mails n’est pas configuré : les messages restent ici.')
	).toBeVisible();
	await expectNoSeriousA11yViolations(page, 'Boîte d’envoi without SMTP');
	await page.goto('/cabinet/relances');
	await expect(page.getByText('L’envoi d’e-mails n’est pas configuré')).toBeVisible();
	// The demo firm has its reminders on.
	await expect(page.getByLabel('Relancer automatiquement les clients')).toBeChecked();
	await context.close();
});
